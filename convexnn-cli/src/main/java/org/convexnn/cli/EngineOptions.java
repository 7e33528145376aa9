package org.convexnn.cli;

import org.convexnn.linalg.KernelSettings;
import org.convexnn.solver.EngineSettings;
import org.convexnn.solver.FistaSettings;
import org.convexnn.solver.NewtonSettings;
import picocli.CommandLine.Option;

/**
 * The engine flags of {@code fit} and {@code compare} ({@link EngineSettings}): dense kernels, working sets,
 * whitening, Newton precision. A flag left out keeps the library default ({@link EngineSettings#DEFAULT}).
 */
final class EngineOptions {
    @Option(names = "--kernels", paramLabel = "auto|native|java", converter = Converters.KernelsConverter.class,
            description = "Dense kernels: auto (native OpenBLAS when it loads, else pure Java), native (OpenBLAS or an"
                    + " error) or java (default: auto).")
    KernelSettings.Backend kernels;

    @Option(names = "--kernel-threading", paramLabel = "java|openblas", converter = Converters.ThreadingConverter.class,
            description = "Who splits a native product across --threads: java (single-threaded OpenBLAS calls on row"
                    + " pieces) or openblas (its own thread pool) (default: java).")
    KernelSettings.Threading threading;

    @Option(names = "--fma", paramLabel = "auto|on|off", converter = Converters.FmaConverter.class,
            description = "Fused multiply-adds in the pure-Java kernel; auto: where the CPU has them (default: auto).")
    KernelSettings.Fma fma;

    @Option(names = "--working-sets", paramLabel = "on|off", converter = Converters.OnOffConverter.class,
            description = "Solve large programs (FISTA) on a growing working set of patterns, each round certified on"
                    + " the whole program (default: on).")
    Converters.Switch workingSets;

    @Option(names = "--whitening", paramLabel = "auto|off", converter = Converters.WhiteningConverter.class,
            description = "Solve gated programs in whitened coordinates where that pays (auto) or never (off)"
                    + " (default: auto).")
    Converters.Switch whitening;

    @Option(names = "--newton-precision", paramLabel = "auto|single|double",
            converter = Converters.NewtonPrecisionConverter.class,
            description = "Precision of the Newton matrix of --solver ssnal: auto (single where it pays and LAPACK"
                    + " loads), single or double (default: auto).")
    NewtonSettings.Precision newtonPrecision;

    /** The engine settings: the defaults with every given flag applied. */
    EngineSettings settings() {
        EngineSettings d = EngineSettings.DEFAULT;
        KernelSettings k = d.kernels();
        k = kernels != null ? k.withBackend(kernels) : k;
        k = threading != null ? k.withThreading(threading) : k;
        k = fma != null ? k.withFma(fma) : k;
        FistaSettings f = d.fista();
        f = workingSets != null ? f.withWorkingSets(workingSets.on()) : f;
        f = whitening != null ? f.withWhitening(whitening.on()) : f;
        NewtonSettings n = newtonPrecision != null ? new NewtonSettings(newtonPrecision) : d.newton();
        return new EngineSettings(k, f, n);
    }
}
