package org.convexnn.solver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.convexnn.linalg.KernelSettings;

/**
 * Every engine setting that is not part of the model or the stopping rules, in one immutable value: the dense
 * kernels and each solver's own settings. There are no hidden switches (system properties): what is not here is not
 * configurable. {@link #DEFAULT} holds every default; {@link #describe} lists them for provenance.
 *
 * @param kernels the dense kernels ({@link KernelSettings})
 * @param fista   the proximal gradient method's settings
 * @param newton  the Newton augmented Lagrangian's settings
 * @param ipm     the interior-point method's settings
 */
public record EngineSettings(KernelSettings kernels, FistaSettings fista, NewtonSettings newton,
                             InteriorPointSettings ipm) {
    /** Every default. */
    public static final EngineSettings DEFAULT = new EngineSettings(KernelSettings.DEFAULT, FistaSettings.DEFAULT,
            NewtonSettings.DEFAULT, InteriorPointSettings.DEFAULT);

    public EngineSettings {
        Objects.requireNonNull(kernels, "kernel settings");
        Objects.requireNonNull(fista, "fista settings");
        Objects.requireNonNull(newton, "newton settings");
        Objects.requireNonNull(ipm, "interior-point settings");
    }

    /** The kernels and the first-order and Newton settings, with the interior-point defaults. */
    public EngineSettings(KernelSettings kernels, FistaSettings fista, NewtonSettings newton) {
        this(kernels, fista, newton, InteriorPointSettings.DEFAULT);
    }

    public EngineSettings withKernels(KernelSettings k) {
        return new EngineSettings(k, fista, newton, ipm);
    }

    public EngineSettings withFista(FistaSettings f) {
        return new EngineSettings(kernels, f, newton, ipm);
    }

    public EngineSettings withNewton(NewtonSettings s) {
        return new EngineSettings(kernels, fista, s, ipm);
    }

    public EngineSettings withIpm(InteriorPointSettings i) {
        return new EngineSettings(kernels, fista, newton, i);
    }

    /** The settings as name → value, in a fixed order (the model file's provenance records them). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernels", kernels.backend().name().toLowerCase(java.util.Locale.ROOT));
        m.put("kernel_threading", kernels.threading().name().toLowerCase(java.util.Locale.ROOT));
        m.put("kernel_fma", kernels.fma().name().toLowerCase(java.util.Locale.ROOT));
        m.put("working_sets", fista.workingSets());
        m.put("whitening", fista.whitening());
        m.put("newton_precision", newton.precision().name().toLowerCase(java.util.Locale.ROOT));
        m.put("ipm_dense_kkt", ipm.denseKkt());
        return m;
    }
}
