package io.tee4j.cli;

/** A command-line input the user must fix (an unreadable file, a bad time), exit code 1. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
