package org.convexnn.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.convexnn.linalg.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Format-version-1 model files written by the build before the engine refactor (commit cc73ab6: gated ReLU
 * one-vs-all, ReLU regression, leaky ReLU logistic, absolute value with an output bias, the non-convex baseline) still
 * load, and predict bit-identically on fixed inputs. The expected outputs were written by that build ({@code main}).
 */
class ModelFileV1GoldenTest {
    static final String[] FILES = {"v1-gated-iris", "v1-relu-diabetes", "v1-leaky-wine", "v1-abs-heart",
        "v1-baseline-bc"};

    static Path resource(String name) {
        try {
            return Path.of(ModelFileV1GoldenTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing golden file " + name, e);
        }
    }

    /** 25 fixed rows at the model's input width, on the scale of the data (standardised or raw). */
    static Matrix inputs(int d, double scale) {
        Random rng = new Random(20261204L + d);
        Matrix x = Matrix.zeros(25, d);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = scale * rng.nextGaussian();
        }
        return x;
    }

    static Matrix predictions(String name) throws IOException {
        LoadedModel m = ModelFile.read(resource(name + ".json"));
        return m.predict(inputs(m.featureNames().size(), 3.0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1-gated-iris", "v1-relu-diabetes", "v1-leaky-wine", "v1-abs-heart", "v1-baseline-bc"})
    void loadsAndPredictsBitIdentically(String name) throws IOException {
        Matrix got = predictions(name);
        List<String> want = Files.readAllLines(resource(name + ".predictions.txt"), StandardCharsets.UTF_8);
        assertEquals(got.rows(), want.size(), "rows");
        for (int i = 0; i < got.rows(); i++) {
            String[] cells = want.get(i).split(" ");
            assertEquals(got.cols(), cells.length, "outputs");
            for (int k = 0; k < cells.length; k++) {
                assertEquals(Double.doubleToLongBits(Double.parseDouble(cells[k])),
                        Double.doubleToLongBits(got.get(i, k)), name + " row " + i + " output " + k);
            }
        }
    }

    /** Writes the expected predictions next to the model files (run from the build that wrote them). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (String name : FILES) {
            Matrix p;
            try {
                p = predictions(name);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < p.rows(); i++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < p.cols(); k++) {
                    sb.append(k == 0 ? "" : " ").append(Double.toString(p.get(i, k)));
                }
                lines.add(sb.toString());
            }
            Files.write(dir.resolve(name + ".predictions.txt"), lines, StandardCharsets.UTF_8);
        }
    }
}
