package org.convexnn.settings;

/**
 * The shared range checks of settings; each throws a {@link SettingException} naming the setting and returns the
 * value. A setting's own rule (which check, with which bound) lives where its default does.
 */
public final class Require {
    private Require() {
    }

    /** A finite number &gt; 0. */
    public static double positiveFinite(String setting, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new SettingException(setting, "{" + setting + "} must be a finite number > 0, got " + v);
        }
        return v;
    }

    /** A finite number. */
    public static double finite(String setting, double v) {
        if (!Double.isFinite(v)) {
            throw new SettingException(setting, "{" + setting + "} must be a finite number, got " + v);
        }
        return v;
    }

    /** A whole number &gt; 0. */
    public static long positive(String setting, long v) {
        if (v <= 0) {
            throw new SettingException(setting, "{" + setting + "} must be positive, got " + v);
        }
        return v;
    }

    /** A whole number &ge; {@code min}; {@code note} (may be empty) follows the bound, e.g. " (0 = full batch)". */
    public static long atLeast(String setting, long v, long min, String note) {
        if (v < min) {
            throw new SettingException(setting, "{" + setting + "} must be >= " + min + note + ", got " + v);
        }
        return v;
    }

    /** A time limit: &gt; 0 seconds (positive infinity for none). */
    public static double seconds(String setting, double v) {
        if (!(v > 0)) {
            throw new SettingException(setting, "{" + setting + "} must be > 0 seconds, got " + v);
        }
        return v;
    }
}
