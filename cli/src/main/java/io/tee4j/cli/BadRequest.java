package io.tee4j.cli;

/**
 * A sidecar request the client must fix: carries the HTTP status, the error class and a message
 * that starts with the JSON path of what is wrong. Unchecked so that request readers stay simple;
 * the sidecar turns it into a JSON error reply and never lets it reach the HTTP layer.
 */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    BadRequest(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** A 400 of class USAGE (exit code 1), the answer to most malformed requests. */
    static BadRequest usage(String message) {
        return new BadRequest(400, "USAGE", message);
    }
}
