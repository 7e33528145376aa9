package org.convexnn.cli;

import java.nio.file.Path;
import org.convexnn.io.LoadedModel;
import org.convexnn.io.ModelFile;
import org.convexnn.io.OnnxExport;
import org.convexnn.io.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code convexnn export}: writes a saved model as an ONNX graph. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Main.VersionInfo.class,
        header = "Writes a saved model as an ONNX graph.", sortOptions = false,
        description = {"Writes the network of a model saved by 'convexnn fit' (any model: gated ReLU, ReLU, leaky ReLU,",
            "absolute value, linear, the non-convex baseline) as an ONNX model (opset " + OnnxExport.OPSET + "). The graph",
            "maps the input 'x' (N x d, the raw features in the model's feature order) to 'y' (N x c, the raw outputs",
            "that 'predict' writes as 'output' or 'score_<class>'). Any standardisation is already folded into the",
            "weights. float64 by default (the same predictions as 'predict' to rounding); --float32 for runtimes or",
            "accelerators that want single precision."},
        footer = {"", "Example:", "  convexnn export --model model.json --onnx model.onnx",
            "", "Exit codes: 0 success, 2 bad input, 1 internal error."})
final class ExportCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "A model saved by 'convexnn fit'.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "MODEL.onnx", description = "Where to write the ONNX model (atomically).")
    Path onnx;

    @Option(names = "--float32", description = "Write a float32 graph instead of float64.")
    boolean float32;

    @Override
    int run() throws Exception {
        new OutputGuard().input("--model", model).output("--onnx", onnx).check();
        LoadedModel lm = ModelFile.read(model);
        OnnxExport.ElementType type = float32 ? OnnxExport.ElementType.FLOAT : OnnxExport.ElementType.DOUBLE;
        OnnxExport.write(lm.network(), type, Version.get(), onnx);
        out().println("wrote " + onnx + " (ONNX opset " + OnnxExport.OPSET + ", " + (float32 ? "float32" : "float64")
                + ", inputs " + lm.network().inputs() + ", outputs " + lm.network().outputs() + ", width "
                + lm.network().width() + ")");
        return Main.OK;
    }
}
