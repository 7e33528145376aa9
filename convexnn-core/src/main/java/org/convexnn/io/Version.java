package org.convexnn.io;

/** The library version recorded in model files and printed by {@code --version}. */
public final class Version {
    /** Fallback when the jar manifest carries no Implementation-Version (e.g. running from classes). */
    static final String FALLBACK = "0.1.0-SNAPSHOT";

    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? FALLBACK : v;
    }
}
