package io.tee4j.coco.testing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyFormatException;

/**
 * How the fake KBS appraises evidence: verify it and check that its report data is
 * {@code expectedReportData} (the runtime-data digest padded to the TEE's field).
 */
@FunctionalInterface
public interface EvidenceAppraiser {
    /** Verifies {@code evidence}; throws when it is not genuine or does not bind {@code expectedReportData}. */
    AttestationResult appraise(Evidence evidence, byte[] expectedReportData) throws AttestationException,
            PolicyFormatException;
}
