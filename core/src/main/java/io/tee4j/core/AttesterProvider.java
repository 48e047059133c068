package io.tee4j.core;

import java.util.List;

/**
 * Found through {@link java.util.ServiceLoader} by {@link io.tee4j.core.Tee#detect()}: one per
 * hardware TEE backend. Simulators do not register providers; they are constructed by name.
 *
 * @since 0.1
 */
public interface AttesterProvider {

    /** The TEE this provider attests on. */
    TeeType type();

    /**
     * Probes the machine without side effects (no report is requested) and says what it found.
     * Must not throw for an ordinary absence; an unavailable TEE is a {@link Probe} with
     * {@code available == false} and a hint.
     */
    Probe probe();

    /** Creates the attester; called only after a successful probe. */
    Attester create() throws TeeUnavailableException;

    /**
     * The outcome of a probe.
     *
     * @param available whether the TEE can be used now
     * @param findings what was looked at and what was found, one line each
     *     (e.g. "/sys/kernel/config/tsm/report: present, provider sev_guest")
     * @param hint what to do when unavailable (e.g. "modprobe sev-guest"); empty when available
     */
    record Probe(boolean available, List<String> findings, String hint) {
        public Probe {
            findings = List.copyOf(findings);
            hint = hint == null ? "" : hint;
        }
    }
}
