package io.tee4j.coco.kbs;

import io.tee4j.coco.jwe.TeeKeyPair;
import java.time.Instant;

/**
 * One attested session with a KBS: its cookie, the attestation token it issued and the TEE key
 * pair whose public half the evidence binds. The token is exposed as received; this class does
 * not verify it (the KBS does, on every resource request).
 */
public final class KbsSession {
    private final String cookie;
    private final String token;
    private final TeeKeyPair key;
    private final Instant attestedAt;

    KbsSession(String cookie, String token, TeeKeyPair key, Instant attestedAt) {
        this.cookie = cookie;
        this.token = token;
        this.key = key;
        this.attestedAt = attestedAt;
    }

    /** The attestation token (a JWT) the KBS returned from {@code /kbs/v0/attest}. */
    public String attestationToken() {
        return token;
    }

    /** The session's TEE key pair. */
    public TeeKeyPair teeKey() {
        return key;
    }

    /** When the attestation completed. */
    public Instant attestedAt() {
        return attestedAt;
    }

    String cookie() {
        return cookie;
    }

    @Override
    public String toString() {
        return "KbsSession[attestedAt=" + attestedAt + ", key=" + key + "]";
    }
}
