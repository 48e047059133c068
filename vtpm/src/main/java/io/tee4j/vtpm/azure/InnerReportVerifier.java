package io.tee4j.vtpm.azure;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Verifies the hardware report inside Azure evidence with the SEV-SNP or TDX backend: the HCL blob
 * with its VCEK (SNP; the backend fetches the VCEK from AMD KDS when the evidence has none and it
 * may go online), or the TD quote with its collateral (TDX). The backends' typed verifiers or their
 * prepared SPI verifiers both fit.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface InnerReportVerifier {
    /**
     * Verifies the inner report.
     *
     * @param evidence the Azure evidence (its HCL blob, VCEK, TD quote)
     * @param certificates certificates the caller gave beside the evidence (a VCEK chain, say)
     * @param policy the inner TEE's policy document, or empty for its defaults
     * @param clock the verification time
     */
    AttestationResult verify(AzureVtpmEvidence evidence, List<byte[]> certificates, Optional<PolicyDocument> policy,
            Clock clock)
            throws AttestationException, PolicyFormatException;
}
