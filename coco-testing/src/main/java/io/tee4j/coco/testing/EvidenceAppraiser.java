package io.tee4j.coco.testing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyFormatException;

/**
 * How the fake KBS appraises evidence: verify it and check that its report data is
 * {@code expectedReportData} (the runtime-data digest padded to the TEE's field), and, with init-data, that
 * the TEE carries its digest.
 */
@FunctionalInterface
public interface EvidenceAppraiser {
    /** Verifies {@code evidence}; throws when it is not genuine or does not bind {@code expectedReportData}. */
    AttestationResult appraise(Evidence evidence, byte[] expectedReportData) throws AttestationException,
            PolicyFormatException;

    /**
     * As {@link #appraise(Evidence, byte[])}, and, when {@code initDataDigest} is not null, checks that
     * the TEE's launch-bound field holds it (see {@link BackendAppraiser}). This default cannot check
     * init-data and refuses evidence that comes with some, rather than let it pass unchecked.
     */
    default AttestationResult appraise(Evidence evidence, byte[] expectedReportData, byte[] initDataDigest)
            throws AttestationException, PolicyFormatException {
        if (initDataDigest != null) {
            throw new io.tee4j.core.VerificationFailedException(io.tee4j.core.VerificationFailedException.Reason.BINDING,
                    "this KBS cannot check init-data bindings");
        }
        return appraise(evidence, expectedReportData);
    }
}
