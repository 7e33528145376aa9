package org.convexnn.cli;

/** A problem with what the user asked for; reported as a one-line {@code error:} message with exit code 2. */
final class UserException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UserException(String message) {
        super(message);
    }
}
