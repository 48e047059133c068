package io.tee4j.cli.http;

import java.io.IOException;

/**
 * A request the transport refuses before any handler sees it (malformed or ambiguous framing,
 * an oversized head, an unsupported version or expectation), or a body that passes its cap:
 * answered with {@link #status()} and the connection closed.
 */
final class HttpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
