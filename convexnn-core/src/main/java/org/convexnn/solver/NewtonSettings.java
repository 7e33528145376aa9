package org.convexnn.solver;

import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the semismooth Newton augmented Lagrangian ({@link NewtonAugmentedLagrangian}) beyond its stopping
 * rules. Immutable; {@link #DEFAULT} holds the defaults.
 *
 * @param precision the precision in which the n x n Newton matrix is formed and factored: {@link Precision#AUTO}
 *                  single where forming and factoring dominate ({@code NewtonSystem.singlePays}) and the native
 *                  LAPACK loads, else double; {@link Precision#SINGLE} single where LAPACK loads; {@link
 *                  Precision#DOUBLE} always double. Directions and certificates are computed in double precision in
 *                  every case.
 */
public record NewtonSettings(Precision precision) {
    /** Precision of the Newton matrix. */
    public enum Precision {
        AUTO, SINGLE, DOUBLE;

        /** The precision named {@code auto}, {@code single} or {@code double} (any case). */
        public static Precision parse(String s) {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
            switch (v) {
                case "auto":
                    return AUTO;
                case "single":
                    return SINGLE;
                case "double":
                    return DOUBLE;
                default:
                    throw new IllegalArgumentException("newton precision must be auto, single or double, got '" + s
                            + "'");
            }
        }
    }

    /** Automatic precision. */
    public static final NewtonSettings DEFAULT = new NewtonSettings(Precision.AUTO);

    public NewtonSettings {
        Objects.requireNonNull(precision, "newton precision");
    }
}
