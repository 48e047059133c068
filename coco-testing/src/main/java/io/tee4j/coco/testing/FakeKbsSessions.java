package io.tee4j.coco.testing;

import io.tee4j.core.TeeType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * trustee's session store ({@code kbs/src/attestation/session.rs}) in memory: the cookie is 32
 * lower-case hex characters (a UUIDv4 in simple form there, 16 random bytes here), the session
 * expires {@code timeout} after auth (default 5 minutes) whether or not it was attested, and an
 * attested session keeps its token, which a repeated attest returns without re-verifying.
 */
final class FakeKbsSessions {
    private static final int MAX_SESSIONS = 10_000;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration timeout;

    FakeKbsSessions(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** One session. */
    static final class Session {
        final TeeType tee;
        final String nonce;
        final Instant expires;
        volatile String token;

        Session(TeeType tee, String nonce, Instant expires) {
            this.tee = tee;
            this.nonce = nonce;
            this.expires = expires;
        }
    }

    String open(TeeType tee, String nonce) {
        sweep();
        if (sessions.size() >= MAX_SESSIONS) {
            throw new IllegalStateException("too many open KBS sessions");
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        String cookie = HexFormat.of().formatHex(id);
        sessions.put(cookie, new Session(tee, nonce, clock.instant().plus(timeout)));
        return cookie;
    }

    /** The live session of {@code cookie}, or null (unknown or expired). */
    Session get(String cookie) {
        if (cookie == null) {
            return null;
        }
        Session s = sessions.get(cookie);
        if (s != null && !clock.instant().isBefore(s.expires)) {
            sessions.remove(cookie);
            return null;
        }
        return s;
    }

    Instant expiry(String cookie) {
        Session s = sessions.get(cookie);
        return s == null ? clock.instant() : s.expires;
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expires));
    }
}
