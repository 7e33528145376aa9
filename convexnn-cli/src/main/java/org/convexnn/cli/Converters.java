package org.convexnn.cli;

import java.util.Locale;
import org.convexnn.api.BiasMode;
import org.convexnn.api.Model;
import org.convexnn.api.SolverKind;
import org.convexnn.data.DatasetLoader.TaskHint;
import org.convexnn.program.Loss;
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

    /** The value of {@code fit --patterns}: a number of sampled gates, or {@code exact}. */
    record PatternsChoice(int count, boolean exact, int lowRank) {
        PatternsChoice(int count, boolean exact) {
            this(count, exact, 0);
        }
    }

    /** {@code exact} or a whole number (plain integers parse as before; range checks are the builder's). */
    static final class PatternsConverter implements ITypeConverter<PatternsChoice> {
        @Override
        public PatternsChoice convert(String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("exact")) {
                return new PatternsChoice(0, true);
            }
            if (t.toLowerCase(java.util.Locale.ROOT).startsWith("lowrank:")) {
                try {
                    int k = Integer.parseInt(t.substring("lowrank:".length()).trim());
                    if (k < 1) {
                        throw new TypeConversionException("'" + s + "': lowrank:K needs a rank K >= 1");
                    }
                    return new PatternsChoice(0, false, k);
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + s + "': lowrank:K needs a whole-number rank K");
                }
            }
            try {
                return new PatternsChoice(Integer.parseInt(t), false);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + s + "' is neither a whole number of sampled patterns nor 'exact'");
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
                default -> throw new TypeConversionException("unknown format '" + s + "' (expected csv, libsvm or idx)");
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
}
