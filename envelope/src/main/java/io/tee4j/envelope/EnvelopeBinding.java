package io.tee4j.envelope;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;

/**
 * Something an envelope asserts about the evidence it carries that the backend cannot check on its
 * own (a nonce that must equal REPORT_DATA, an event log that must replay to a register). Checked
 * against the <em>verified</em> result, so every value compared is authentic.
 *
 * @since 0.1
 */
public interface EnvelopeBinding {

    /** A short name, e.g. {@code eat_nonce}. */
    String name();

    /** What is checked, in one line. */
    String description();

    /**
     * Checks the binding against a result the backend verified from {@link Envelope#evidence()}.
     *
     * @throws AttestationException a policy violation (class 5) for a nonce mismatch, a
     *     verification failure (class 2, reason binding) for an event log that does not replay
     */
    void check(AttestationResult verified) throws AttestationException;
}
