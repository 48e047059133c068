package io.tee4j.vtpm;

import io.tee4j.core.VerificationFailedException;
import java.util.Objects;

/**
 * Evidence that lacks a part the platform's chain of trust needs (the TPM quote, the TD quote, the
 * AK certificate): it can never verify, whatever the policy says. It is a verification failure
 * (class 2, reason {@code BINDING}: the parts that are there are bound to nothing that proves the
 * rest), and {@link #missingPart()} names what is missing, as the evidence format names it.
 *
 * @since 0.1
 */
public final class IncompleteEvidenceException extends VerificationFailedException {
    private static final long serialVersionUID = 1L;

    private final String missingPart;

    /** Evidence without {@code missingPart}; the message says why it is needed. */
    public IncompleteEvidenceException(String missingPart, String why) {
        super(Reason.BINDING, "incomplete evidence: no " + missingPart + " (" + why + ")");
        this.missingPart = Objects.requireNonNull(missingPart, "missingPart");
    }

    /** The missing part, e.g. {@code tpm_quote} or {@code td_quote}. */
    public String missingPart() {
        return missingPart;
    }
}
