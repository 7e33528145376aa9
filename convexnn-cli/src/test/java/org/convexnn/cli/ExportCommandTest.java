package org.convexnn.cli;

import static org.convexnn.cli.CliTestSupport.binaryModel;
import static org.convexnn.cli.CliTestSupport.multiclassLibsvmModel;
import static org.convexnn.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.convexnn.io.ModelFile;
import org.convexnn.io.OnnxExport;
import org.convexnn.io.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convexnn export}: the file is the library's ONNX encoding of the saved network (which onnxruntime checks
 * against the Java forward pass in the core's OnnxExportTest), in float64 or float32; bad input exits 2 and writes
 * nothing.
 */
class ExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheNetworkAsOnnx() throws Exception {
        for (Path model : new Path[] {binaryModel(dir, "bin.json"), multiclassLibsvmModel(dir, "multi.json")}) {
            Path onnx = dir.resolve(model.getFileName() + ".onnx");
            CliTestSupport.Result r = run("export", "--model", model.toString(), "--onnx", onnx.toString());
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("float64"), r.out());
            assertArrayEquals(OnnxExport.model(ModelFile.read(model).network(), OnnxExport.ElementType.DOUBLE,
                    Version.get()), Files.readAllBytes(onnx));
            Path single = dir.resolve(model.getFileName() + ".f32.onnx");
            assertEquals(0, run("export", "--model", model.toString(), "--onnx", single.toString(), "--float32")
                    .code());
            assertArrayEquals(OnnxExport.model(ModelFile.read(model).network(), OnnxExport.ElementType.FLOAT,
                    Version.get()), Files.readAllBytes(single));
        }
    }

    @Test
    void badInputExitsTwoAndWritesNothing() throws Exception {
        Path model = binaryModel(dir, "m.json");
        byte[] before = Files.readAllBytes(model);
        CliTestSupport.Result same = run("export", "--model", model.toString(), "--onnx", model.toString());
        assertEquals(2, same.code(), same.toString());
        assertTrue(same.err().contains("--onnx"), same.err());
        assertArrayEquals(before, Files.readAllBytes(model), "the model was overwritten");
        Path out = dir.resolve("none.onnx");
        CliTestSupport.Result missing = run("export", "--model", dir.resolve("nosuch.json").toString(), "--onnx",
                out.toString());
        assertEquals(2, missing.code(), missing.toString());
        assertFalse(Files.exists(out));
    }
}
