package org.convexnn.testing;

import java.util.function.Supplier;

/** Runs test code with a system property set, restoring its former value (or its absence) afterwards. */
public final class SystemProperties {
    private SystemProperties() {
    }

    /**
     * @param key   the property
     * @param value its value while body runs; null leaves the property as it is
     * @return what body returns
     */
    public static <T> T with(String key, String value, Supplier<T> body) {
        if (value == null) {
            return body.get();
        }
        String old = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }
}
