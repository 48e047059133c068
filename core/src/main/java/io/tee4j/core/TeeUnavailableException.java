package io.tee4j.core;

import java.util.List;

/**
 * No usable TEE: the device or configfs entry is missing or not accessible, the driver is not
 * loaded, confidential-computing mode is off, or the TEE refused the request. The message says
 * what was probed and what to do; {@link #probes()} lists each probe's outcome.
 *
 * <p>tee4j never falls back to a simulator when this happens.
 *
 * @since 0.1
 */
public class TeeUnavailableException extends AttestationException {
    private static final long serialVersionUID = 1L;

    private final List<String> probes;

    public TeeUnavailableException(String message) {
        this(message, List.of());
    }

    public TeeUnavailableException(String message, List<String> probes) {
        super(message);
        this.probes = List.copyOf(probes);
    }

    public TeeUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.probes = List.of();
    }

    /** What was probed and with what outcome, one line each; may be empty. */
    public List<String> probes() {
        return probes;
    }

    @Override
    public FailureClass failureClass() {
        return FailureClass.TEE_UNAVAILABLE;
    }
}
