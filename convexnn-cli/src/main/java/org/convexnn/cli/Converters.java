package org.convexnn.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.convexnn.api.BiasMode;
import org.convexnn.api.FitRecords;
import org.convexnn.api.Model;
import org.convexnn.api.SolverKind;
import org.convexnn.data.DatasetLoader.TaskHint;
import org.convexnn.linalg.KernelSettings;
import org.convexnn.program.Loss;
import org.convexnn.solver.NewtonSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters that give the library's own messages for bad values. */
final class Converters {
    private Converters() {
    }

    static final class ModelConverter implements ITypeConverter<Model> {
        @Override
        public Model convert(String s) {
            try {
                return Model.fromCliName(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * The value of {@code fit --patterns}: a number of sampled gates, {@code exact}, or {@code lowrank:K}, optionally
     * with {@code sgd:EPOCHS} (the patterns of a baseline network trained first; {@code count} is then null when not
     * given).
     */
    record PatternsChoice(Integer count, boolean exact, int lowRank, int sgdEpochs, int growRounds) {
        PatternsChoice(int count, boolean exact) {
            this(count, exact, 0, 0, 0);
        }

        PatternsChoice(Integer count, boolean exact, int lowRank, int sgdEpochs) {
            this(count, exact, lowRank, sgdEpochs, 0);
        }
    }

    /**
     * {@code exact}, {@code lowrank:K} or a whole number (plain integers parse as before; range checks are the
     * builder's), and/or {@code sgd:EPOCHS}, comma-separated: {@code 50,sgd:200}; {@code grow} or
     * {@code grow:ROUNDS} adds column generation to sampled patterns: {@code grow}, {@code 50,grow:20}.
     */
    static final class PatternsConverter implements ITypeConverter<PatternsChoice> {
        @Override
        public PatternsChoice convert(String s) {
            Integer count = null;
            boolean exact = false;
            int lowRank = 0;
            int sgd = 0;
            int grow = 0;
            for (String part : s.split(",", -1)) {
                String t = part.trim();
                String lower = t.toLowerCase(Locale.ROOT);
                boolean haveBase = exact || count != null || lowRank > 0;
                if ((lower.equals("grow") || lower.startsWith("grow:")) && grow == 0) {
                    grow = GrowOutput.parseRounds(s, t);
                } else if (lower.startsWith("sgd:") && sgd == 0) {
                    sgd = wholeNumber(t.substring(4), -1);
                    if (sgd < 1) {
                        throw new TypeConversionException("'" + s + "': sgd:EPOCHS needs a whole number of epochs >= 1");
                    }
                } else if (lower.startsWith("lowrank:") && !haveBase) {
                    lowRank = wholeNumber(t.substring("lowrank:".length()), -1);
                    if (lowRank < 1) {
                        throw new TypeConversionException("'" + s + "': lowrank:K needs a whole-number rank K >= 1");
                    }
                } else if (lower.equals("exact") && !haveBase) {
                    exact = true;
                } else {
                    Integer n = haveBase ? null : wholeNumberOrNull(t);
                    if (n == null) {
                        throw new TypeConversionException("'" + s + "' is neither a whole number of sampled patterns nor 'exact'"
                                + " (or lowrank:K, optionally with ',sgd:EPOCHS')");
                    }
                    count = n;
                }
            }
            if (!exact && count == null && lowRank == 0 && sgd == 0 && grow == 0) {
                throw new TypeConversionException("'" + s + "' is neither a whole number of sampled patterns nor 'exact'");
            }
            if (grow > 0 && (exact || lowRank > 0)) {
                throw new TypeConversionException("'" + s + "': grow starts from sampled patterns, not exact or lowrank:K");
            }
            return new PatternsChoice(exact || lowRank > 0 ? Integer.valueOf(0) : count, exact, lowRank, sgd, grow);
        }

        private static int wholeNumber(String t, int fallback) {
            Integer v = wholeNumberOrNull(t);
            return v == null ? fallback : v;
        }

        private static Integer wholeNumberOrNull(String t) {
            try {
                return Integer.parseInt(t.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** The value of {@code fit --model}: a convex model, or the non-convex baseline {@code nonconvex-relu}. */
    record ModelChoice(Model model, boolean nonConvex) {
    }

    /** Name of the non-convex baseline model on the command line. */
    static final String NONCONVEX_RELU = FitRecords.BASELINE_MODEL;

    static final class FitModelConverter implements ITypeConverter<ModelChoice> {
        @Override
        public ModelChoice convert(String s) {
            if (NONCONVEX_RELU.equals(s)) {
                return new ModelChoice(Model.RELU, true);
            }
            try {
                return new ModelChoice(Model.fromCliName(s), false);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + "; fit also accepts " + NONCONVEX_RELU
                        + " (the non-convex baseline)");
            }
        }
    }

    static final class OptimizerConverter implements ITypeConverter<org.convexnn.baseline.Optimizer> {
        @Override
        public org.convexnn.baseline.Optimizer convert(String s) {
            try {
                return org.convexnn.baseline.Optimizer.fromCliName(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class LossConverter implements ITypeConverter<Loss> {
        @Override
        public Loss convert(String s) {
            try {
                return Loss.fromCliName(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class BiasConverter implements ITypeConverter<BiasMode> {
        @Override
        public BiasMode convert(String s) {
            try {
                return BiasMode.fromCliName(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A size in bytes: digits with an optional k, m or g suffix (binary units), e.g. 512m, 2g. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            long v = parseSize(s);
            if (v < org.convexnn.api.FitOptions.MIN_MEMORY_BUDGET) {
                throw new TypeConversionException("must be at least 16m, got '" + s + "'");
            }
            return v;
        }
    }

    /** Parses 123, 64k, 512m, 2g (case-insensitive; binary units). */
    static long parseSize(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        int shift = 0;
        if (t.endsWith("b") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1); // 512mb
        }
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                default -> shift = -1;
            }
        }
        String digits = shift >= 0 ? t.substring(0, t.length() - 1) : t;
        try {
            long v = Long.parseLong(digits);
            if (v <= 0 || v > (Long.MAX_VALUE >> Math.max(0, shift))) {
                throw new NumberFormatException();
            }
            return v << Math.max(0, shift);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("expected a positive size such as 512m or 2g, got '" + s + "'");
        }
    }

    static final class SolverConverter implements ITypeConverter<SolverKind> {
        @Override
        public SolverKind convert(String s) {
            try {
                return SolverKind.fromCliName(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class TaskConverter implements ITypeConverter<TaskHint> {
        @Override
        public TaskHint convert(String s) {
            return switch (s) {
                case "auto" -> TaskHint.AUTO;
                case "regression" -> TaskHint.REGRESSION;
                case "classification" -> TaskHint.CLASSIFICATION;
                default -> throw new TypeConversionException("unknown task '" + s
                        + "' (expected auto, regression or classification)");
            };
        }
    }

    static final class FormatConverter implements ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String s) {
            return switch (s) {
                case "csv" -> DataFormat.CSV;
                case "libsvm" -> DataFormat.LIBSVM;
                case "idx" -> DataFormat.IDX;
                case "arff" -> DataFormat.ARFF;
                default -> throw new TypeConversionException("unknown format '" + s
                        + "' (expected csv, libsvm, arff or idx)");
            };
        }
    }

    /**
     * Any double, including "nan" and "inf" in any case, so that range checks (not the parser) report
     * e.g. "--lambda must be a finite number &gt; 0".
     */
    static final class LenientDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "nan" -> {
                    return Double.NaN;
                }
                case "inf", "+inf", "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    try {
                        return Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        throw new TypeConversionException("'" + s + "' is not a number");
                    }
                }
            }
        }
    }

    /** A lower-case choice among {@code values}, or a message listing them. */
    private static <T> T choice(String what, String s, Map<String, T> values) {
        T v = values.get(s == null ? "" : s.trim().toLowerCase(Locale.ROOT));
        if (v == null) {
            throw new TypeConversionException("unknown " + what + " '" + s + "' (expected "
                    + String.join(", ", values.keySet()).replaceFirst(", ([^,]*)$", " or $1") + ")");
        }
        return v;
    }

    private static <T> Map<String, T> ordered(String k1, T v1, String k2, T v2) {
        Map<String, T> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static <T> Map<String, T> ordered(String k1, T v1, String k2, T v2, String k3, T v3) {
        Map<String, T> m = ordered(k1, v1, k2, v2);
        m.put(k3, v3);
        return m;
    }

    static final class KernelsConverter implements ITypeConverter<KernelSettings.Backend> {
        @Override
        public KernelSettings.Backend convert(String s) {
            return choice("kernels", s, ordered("auto", KernelSettings.Backend.AUTO, "native",
                    KernelSettings.Backend.NATIVE, "java", KernelSettings.Backend.JAVA));
        }
    }

    static final class ThreadingConverter implements ITypeConverter<KernelSettings.Threading> {
        @Override
        public KernelSettings.Threading convert(String s) {
            return choice("kernel threading", s, ordered("java", KernelSettings.Threading.JAVA, "openblas",
                    KernelSettings.Threading.OPENBLAS));
        }
    }

    static final class FmaConverter implements ITypeConverter<KernelSettings.Fma> {
        @Override
        public KernelSettings.Fma convert(String s) {
            return choice("fma setting", s, ordered("auto", KernelSettings.Fma.AUTO, "on", KernelSettings.Fma.ON,
                    "off", KernelSettings.Fma.OFF));
        }
    }

    /** A switch flag's value (not a boolean, which picocli would read as a flag without a value). */
    enum Switch {
        ON, OFF;

        boolean on() {
            return this == ON;
        }
    }

    /** {@code on} or {@code off}. */
    static final class OnOffConverter implements ITypeConverter<Switch> {
        @Override
        public Switch convert(String s) {
            return choice("setting", s, ordered("on", Switch.ON, "off", Switch.OFF));
        }
    }

    /** {@code auto} (where it pays) or {@code off}. */
    static final class WhiteningConverter implements ITypeConverter<Switch> {
        @Override
        public Switch convert(String s) {
            return choice("whitening", s, ordered("auto", Switch.ON, "off", Switch.OFF));
        }
    }

    static final class NewtonPrecisionConverter implements ITypeConverter<NewtonSettings.Precision> {
        @Override
        public NewtonSettings.Precision convert(String s) {
            return choice("newton precision", s, ordered("auto", NewtonSettings.Precision.AUTO, "single",
                    NewtonSettings.Precision.SINGLE, "double", NewtonSettings.Precision.DOUBLE));
        }
    }
}
