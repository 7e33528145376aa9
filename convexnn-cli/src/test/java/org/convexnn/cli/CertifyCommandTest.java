package org.convexnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertifyCommandTest {
    @TempDir
    Path dir;

    static final List<String> KEYS = List.of("objective", "lower_bound", "gap", "relative_gap", "mode", "stationary",
            "gradient_norm", "verdict", "subsampled_optimum", "gamma", "beta", "escape_neuron", "valid", "output_bias");

    private Path csv() throws Exception {
        Path p = dir.resolve("tiny.csv");
        Files.writeString(p, "x1,x2,y\n-1.0,0.5,1.2\n-0.4,-1.0,0.1\n0.2,0.3,-0.3\n0.8,-0.6,0.9\n1.5,1.1,2.0\n"
                + "-1.3,-0.2,1.1\n");
        return p;
    }

    /** A .npz (NPY v1.0, little-endian float64) with the given arrays. */
    private Path npz(String name, Object... keyShapeData) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            for (int k = 0; k < keyShapeData.length; k += 3) {
                int[] shape = (int[]) keyShapeData[k + 1];
                double[] v = (double[]) keyShapeData[k + 2];
                StringBuilder sh = new StringBuilder("(");
                for (int i = 0; i < shape.length; i++) {
                    sh.append(i > 0 ? ", " : "").append(shape[i]);
                }
                sh.append(shape.length == 1 ? ",)" : ")");
                String h = "{'descr': '<f8', 'fortran_order': False, 'shape': " + sh + ", }";
                h = h + " ".repeat((64 - (h.length() + 11) % 64) % 64) + "\n";
                ByteBuffer bb = ByteBuffer.allocate(10 + h.length() + 8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                        .putShort((short) h.length()).put(h.getBytes(StandardCharsets.US_ASCII));
                for (double x : v) {
                    bb.putDouble(x);
                }
                z.putNextEntry(new ZipEntry(keyShapeData[k] + ".npy"));
                z.write(bb.array());
                z.closeEntry();
            }
        }
        Path p = dir.resolve(name);
        try (OutputStream os = Files.newOutputStream(p)) {
            os.write(bo.toByteArray());
        }
        return p;
    }

    private JsonNode read(Path p) throws Exception {
        JsonNode j = new ObjectMapper().readTree(p.toFile());
        for (String k : KEYS) {
            assertTrue(j.has(k), "missing key " + k + " in " + j);
        }
        return j;
    }

    @Test
    void convexFitCertifiesItselfInExactMode() throws Exception {
        Path data = csv();
        Path model = dir.resolve("m.json");
        CliTestSupport.Result fit = CliTestSupport.run("fit", "--data", data.toString(), "--target", "y", "--model",
                "relu", "--patterns", "400", "--lambda", "0.05", "--tol", "1e-9", "--max-iter", "100000", "--out",
                model.toString(), "--quiet");
        assertEquals(0, fit.code(), fit.toString());
        Path out = dir.resolve("cert.json");
        CliTestSupport.Result r = CliTestSupport.run("certify", "--model", model.toString(), "--data", data.toString(),
                "--target", "y", "--lambda", "0.05", "--loss", "squared", "--summary", out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonNode j = read(out);
        assertEquals("exact", j.get("mode").asText());
        assertTrue(j.get("valid").asBoolean());
        assertEquals("fixed", j.get("output_bias").asText());
        assertTrue(j.get("relative_gap").asDouble() <= 1e-5, j.toString());
        assertTrue(j.get("lower_bound").asDouble() <= j.get("objective").asDouble() + 1e-12);
        assertEquals(0.05, j.get("beta").asDouble(), 0);
        assertTrue(r.out().contains("verdict"), r.out());

        Path out2 = dir.resolve("cert2.json");
        CliTestSupport.Result s = CliTestSupport.run("certify", "--model", model.toString(), "--data", data.toString(),
                "--lambda", "0.05", "--mode", "sampled", "--samples", "50", "--summary", out2.toString());
        assertEquals(0, s.code(), s.toString());
        assertFalse(read(out2).get("valid").asBoolean());
    }

    @Test
    void npzModelAndErrors() throws Exception {
        Path data = csv();
        Path net = npz("net.npz", "W1", new int[] {2, 2}, new double[] {1, 0, -0.5, 1}, "b1", new int[] {2},
                new double[] {0.1, 0}, "W2", new int[] {1, 2}, new double[] {0.8, 0.3}, "b2", new int[] {1},
                new double[] {0.2});
        for (String mode : new String[] {"exact", "spectral"}) {
            Path out = dir.resolve("npz-" + mode + ".json");
            CliTestSupport.Result r = CliTestSupport.run("certify", "--model", net.toString(), "--data",
                    data.toString(), "--target", "y", "--lambda", "0.05", "--mode", mode, "--summary", out.toString());
            assertEquals(0, r.code(), r.toString());
            JsonNode j = read(out);
            assertTrue(j.get("valid").asBoolean());
            assertTrue(j.get("gap").asDouble() >= 0);
            assertEquals(mode, j.get("mode").asText());
            assertEquals("NOT_STATIONARY", j.get("verdict").asText());
            // p(S_θ) starts at θ: bracketed, and never above J(θ)
            double sub = j.get("subsampled_optimum").asDouble();
            assertEquals("OPTIMAL", j.get("subsampled_status").asText());
            assertTrue(j.get("subsampled_lower_bound").asDouble() <= sub + 1e-12);
            assertTrue(sub <= j.get("balanced_objective").asDouble() + 1e-12, j.toString());
        }
        Path skip = dir.resolve("skip.json");
        CliTestSupport.Result none = CliTestSupport.run("certify", "--model", net.toString(), "--data",
                data.toString(), "--target", "y", "--lambda", "0.05", "--no-subsampled", "--summary", skip.toString());
        assertEquals(0, none.code(), none.toString());
        assertTrue(read(skip).get("subsampled_optimum").isNull());
        assertTrue(read(skip).get("subsampled_status").isNull());
        for (String[] flag : new String[][] {{"--subsampled-tol", "0"}, {"--subsampled-time-limit", "-1"}}) {
            Path o = dir.resolve("bad-budget.json");
            CliTestSupport.Result b = CliTestSupport.run("certify", "--model", net.toString(), "--data",
                    data.toString(), "--target", "y", "--lambda", "0.05", flag[0], flag[1], "--summary", o.toString());
            assertEquals(2, b.code(), b.toString());
            assertTrue(b.err().contains(flag[0]), b.err());
            assertFalse(Files.exists(o));
        }
        Path wide = npz("wide.npz", "W1", new int[] {2, 3}, new double[6], "W2", new int[] {1, 2}, new double[2]);
        CliTestSupport.Result bad = CliTestSupport.run("certify", "--model", wide.toString(), "--data",
                data.toString(), "--target", "y", "--lambda", "0.05", "--summary", dir.resolve("x.json").toString());
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("3 columns"), bad.err());
        CliTestSupport.Result lam = CliTestSupport.run("certify", "--model", net.toString(), "--data",
                data.toString(), "--target", "y", "--lambda", "0", "--summary", dir.resolve("y.json").toString());
        assertEquals(2, lam.code(), lam.toString());
        CliTestSupport.Result many = CliTestSupport.run("certify", "--model", net.toString(), "--data",
                data.toString(), "--target", "y", "--lambda", "0.05", "--max-patterns", "3", "--summary",
                dir.resolve("z.json").toString());
        assertEquals(2, many.code(), many.toString());
        assertTrue(many.err().contains("--mode spectral"), many.err());
    }
}
