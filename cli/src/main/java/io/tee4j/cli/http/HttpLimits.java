package io.tee4j.cli.http;

import java.time.Duration;

/**
 * The caps and timers of a {@link BlockingHttpServer}: how much of a request head it reads, how
 * large a body it delivers, and how long each phase of a connection may take. Every phase has a
 * deadline, so a client can hold a connection thread only for a bounded time whatever it sends.
 *
 * @param maxRequestLineBytes the longest request line (414 beyond it)
 * @param maxHeaderBytes all header lines together (431 beyond it)
 * @param maxHeaderCount header fields per request (431 beyond it)
 * @param maxBodyBytes the body cap: a body stream yields at most one byte more (so a handler can tell
 *     "over the cap"), then fails; chunked bodies are held to it while they are decoded
 * @param maxConnections connection threads of the default executor (one per open connection)
 * @param headerTimeout from the first byte of a request (or the accept) to the end of its head
 * @param bodyTimeout from the first read of a body to its end
 * @param idleTimeout how long a kept-alive connection waits for its next request
 * @param writeTimeout how long one reply may take to leave (a client that stops reading)
 */
public record HttpLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, int maxBodyBytes,
        int maxConnections, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
        Duration writeTimeout) {

    public HttpLimits {
        if (maxRequestLineBytes < 64 || maxHeaderBytes < 256 || maxHeaderCount < 4 || maxBodyBytes < 0
                || maxConnections < 1) {
            throw new IllegalArgumentException("HTTP limits too small");
        }
        for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout, writeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP timers must be positive");
            }
        }
    }

    /**
     * Defaults for a body cap: 8 KiB request line, 16 KiB and 100 header fields, 64 connections,
     * 10 s for a head, 30 s for a body, 30 s idle, 60 s per reply (the JDK server's reply timer as
     * the sidecar sets it).
     */
    public static HttpLimits defaults(int maxBodyBytes) {
        return new HttpLimits(8 << 10, 16 << 10, 100, maxBodyBytes, 64, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /** These limits with the per-phase timers replaced (tests shorten them). */
    public HttpLimits withTimers(Duration header, Duration body, Duration idle, Duration write) {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, maxConnections,
                header, body, idle, write);
    }
}
