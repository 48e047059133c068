package io.tee4j.se.client;

import io.tee4j.core.TeeUnavailableException;
import java.util.Optional;

/**
 * The Ultravisor refused the attestation call; {@link #returnCode()} says why
 * ({@link UvReturnCode#CANNOT_DECRYPT}: the request is not addressed to this machine's host key).
 * Exit class 7.
 *
 * @since 0.3
 */
public final class UvCallException extends TeeUnavailableException {
    private static final long serialVersionUID = 1L;
    private final int rc;
    private final int rrc;

    public UvCallException(int rc, int rrc) {
        super(String.format("Ultravisor attestation call failed: rc 0x%04x, rrc 0x%04x (%s)", rc, rrc,
                UvReturnCode.of(rc).map(UvReturnCode::meaning).orElse("unknown return code")));
        this.rc = rc;
        this.rrc = rrc;
    }

    /** The raw {@code uv_rc}. */
    public int rc() {
        return rc;
    }

    /** The raw {@code uv_rrc}. */
    public int rrc() {
        return rrc;
    }

    /** The named return code, if known. */
    public Optional<UvReturnCode> returnCode() {
        return UvReturnCode.of(rc);
    }
}
