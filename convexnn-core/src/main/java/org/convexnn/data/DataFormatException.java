package org.convexnn.data;

/**
 * Bad input data: the message names the file, and the line and column where known.
 * The CLI maps it to exit code 2.
 */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
