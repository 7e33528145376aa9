package org.convexnn.io;

import static org.convexnn.testing.TestMatrices.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.convexnn.api.ConvexTrainer;
import org.convexnn.api.Model;
import org.convexnn.linalg.Matrix;
import org.convexnn.network.TwoLayerNetwork;
import org.convexnn.program.Loss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exported ONNX graph, run by onnxruntime (an independent implementation), predicts what the Java forward pass
 * predicts: to 1e-9 in float64 and 1e-5 in float32, for every activation, gated networks, several outputs and an empty
 * network.
 */
class OnnxExportTest {
    @TempDir
    Path dir;

    static TwoLayerNetwork trained(Model model) {
        Matrix x = gaussian(60, 3, 1);
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            y[i] = Math.max(0, x.get(i, 0) - 0.2) - 0.6 * Math.abs(x.get(i, 1)) + 0.3 * x.get(i, 2);
        }
        ConvexTrainer.Builder b = ConvexTrainer.builder().model(model).loss(Loss.SQUARED).lambda(1e-3).patterns(20)
                .seed(3).threads(1).maxIterations(2000);
        if (model == Model.LEAKY_RELU) {
            b.leakySlope(0.3);
        }
        return b.build().fit(x, y).network();
    }

    /** Runs the model in onnxruntime. */
    static Matrix run(byte[] model, Matrix x, OnnxExport.ElementType type) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions())) {
            OnnxTensor in;
            if (type == OnnxExport.ElementType.DOUBLE) {
                double[][] a = new double[x.rows()][];
                for (int i = 0; i < x.rows(); i++) {
                    a[i] = x.row(i);
                }
                in = OnnxTensor.createTensor(env, a);
            } else {
                float[][] f = new float[x.rows()][x.cols()];
                for (int i = 0; i < x.rows(); i++) {
                    for (int j = 0; j < x.cols(); j++) {
                        f[i][j] = (float) x.get(i, j);
                    }
                }
                in = OnnxTensor.createTensor(env, f);
            }
            try (in; OrtSession.Result r = s.run(Map.of("x", in))) {
                Object v = r.get(0).getValue();
                if (v instanceof double[][] d) {
                    return Matrix.of(d);
                }
                float[][] f = (float[][]) v;
                Matrix m = Matrix.zeros(f.length, f[0].length);
                for (int i = 0; i < f.length; i++) {
                    for (int j = 0; j < f[0].length; j++) {
                        m.set(i, j, f[i][j]);
                    }
                }
                return m;
            }
        }
    }

    static void assertClose(Matrix want, Matrix got, double tol) {
        assertEquals(want.rows(), got.rows());
        assertEquals(want.cols(), got.cols());
        for (int i = 0; i < want.data().length; i++) {
            double w = want.data()[i];
            assertEquals(w, got.data()[i], tol * Math.max(1, Math.abs(w)), "entry " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void onnxruntimePredictsWhatJavaPredicts(Model model) throws Exception {
        TwoLayerNetwork net = trained(model);
        Matrix x = gaussian(40, 3, 2);
        Matrix want = net.predict(x);
        assertClose(want, run(OnnxExport.model(net, OnnxExport.ElementType.DOUBLE, "test"), x,
                OnnxExport.ElementType.DOUBLE), 1e-9);
        assertClose(want, run(OnnxExport.model(net, OnnxExport.ElementType.FLOAT, "test"), x,
                OnnxExport.ElementType.FLOAT), 1e-5);
    }

    @Test
    void severalOutputsAnEmptyNetworkAndTheFile() throws Exception {
        Matrix x = gaussian(30, 4, 5);
        Random rng = new Random(6);
        Matrix w1 = gaussian(7, 4, 7);
        Matrix w2 = gaussian(3, 7, 8);
        double[] b1 = new double[7];
        for (int j = 0; j < 7; j++) {
            b1[j] = rng.nextGaussian();
        }
        TwoLayerNetwork three = new TwoLayerNetwork(org.convexnn.program.Activation.RELU, w1, b1, w2,
                new double[] {0.5, -1, 2}, gaussian(7, 4, 9), b1.clone());
        assertClose(three.predict(x), run(OnnxExport.model(three, OnnxExport.ElementType.DOUBLE, "t"), x,
                OnnxExport.ElementType.DOUBLE), 1e-9);
        TwoLayerNetwork empty = new TwoLayerNetwork(org.convexnn.program.Activation.RELU, Matrix.zeros(0, 4),
                new double[0], Matrix.zeros(2, 0), new double[] {1.5, -2}, null, null);
        assertClose(empty.predict(x), run(OnnxExport.model(empty, OnnxExport.ElementType.DOUBLE, "t"), x,
                OnnxExport.ElementType.DOUBLE), 0.0);
        Path f = dir.resolve("net.onnx");
        OnnxExport.write(three, OnnxExport.ElementType.DOUBLE, "t", f);
        assertClose(three.predict(x), run(Files.readAllBytes(f), x, OnnxExport.ElementType.DOUBLE), 1e-9);
    }
}
