package io.tee4j.core;

import java.util.Optional;

/**
 * Collateral needed for verification (certificates, CRLs, TCB info, identities, reference
 * values) could not be obtained: the service failed, timed out, answered 404, sent too much or
 * garbage, the collateral is outside its validity window, or the source is offline and the
 * cache has nothing. Evidence is never accepted without it.
 *
 * @since 0.1
 */
public class CollateralUnavailableException extends AttestationException {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final boolean retryable;

    public CollateralUnavailableException(String message, String location, boolean retryable) {
        super(message);
        this.location = location;
        this.retryable = retryable;
    }

    public CollateralUnavailableException(String message, String location, boolean retryable, Throwable cause) {
        super(message, cause);
        this.location = location;
        this.retryable = retryable;
    }

    /** The URL, file or cache key of the missing collateral, when known. */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /** Whether trying again later may succeed (a timeout or a 5xx; not a 404). */
    public boolean isRetryable() {
        return retryable;
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.COLLATERAL_UNAVAILABLE;
    }
}
