package org.convexnn.io;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code "provenance"} object of a model file: what wrote it, where and when, and the solver settings actually
 * used. Null components are not known (e.g. a file without them).
 *
 * @param convexnnVersion the library version
 * @param javaVersion     {@code java.version} of the writing JVM
 * @param os              {@code os.name}
 * @param arch            {@code os.arch}
 * @param created         when the file was written (millisecond precision)
 * @param seconds         how long the fit took (the summary's solve time), or null when not recorded; with
 *                        {@code created} the only keys in which two files of the same fit differ on one machine
 * @param solverSettings  solver settings actually used, in order: name → a string, boolean or number; empty when not
 *                        recorded (then not written, as in format version 1)
 */
public record Provenance(String convexnnVersion, String javaVersion, String os, String arch, Instant created,
                         Double seconds, Map<String, Object> solverSettings) {
    public Provenance {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (solverSettings != null) {
            solverSettings.forEach((k, v) -> {
                if (k == null || !(v instanceof String || v instanceof Boolean || v instanceof Number)) {
                    throw new IllegalArgumentException("solver setting " + k + " must be a string, boolean or number,"
                            + " found " + v);
                }
                copy.put(k, v);
            });
        }
        solverSettings = Collections.unmodifiableMap(copy);
    }

    /** This library and JVM, now, without solver settings. */
    public static Provenance current() {
        return current(Map.of());
    }

    /** This library and JVM, now, with the solver settings used. */
    public static Provenance current(Map<String, Object> solverSettings) {
        return new Provenance(Version.get(), System.getProperty("java.version"), System.getProperty("os.name"),
                System.getProperty("os.arch"), Instant.now().truncatedTo(ChronoUnit.MILLIS), null, solverSettings);
    }

    /** This provenance with the solver settings used. */
    public Provenance withSolverSettings(Map<String, Object> settings) {
        return new Provenance(convexnnVersion, javaVersion, os, arch, created, seconds, settings);
    }

    /** This provenance with the fit's duration. */
    public Provenance withSeconds(Double s) {
        return new Provenance(convexnnVersion, javaVersion, os, arch, created, s, solverSettings);
    }
}
