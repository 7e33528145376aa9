package org.convexnn.io;

/**
 * A model file that cannot be used: not JSON, truncated, of another format or version, or with missing,
 * misshapen or non-finite entries. The message names the file and what is wrong. The CLI maps it to exit code 2.
 */
public class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
