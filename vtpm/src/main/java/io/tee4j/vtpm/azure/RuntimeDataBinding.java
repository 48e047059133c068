package io.tee4j.vtpm.azure;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.snp.abi.AzureHclReport;

/**
 * Pipeline step: the hardware report's REPORT_DATA must be the hash of the runtime data followed
 * by zeros, or the runtime data (and the AK in it) is bound to nothing the hardware signed. The
 * hardware signature itself is checked later, by the inner backend.
 */
final class RuntimeDataBinding {
    private RuntimeDataBinding() {
    }

    static void check(AzureHclReport hcl) throws VerificationFailedException {
        if (!hcl.runtimeDataBound()) {
            throw new VerificationFailedException(Reason.BINDING, "the HCL runtime data is not bound to the "
                    + hcl.type() + " report: REPORT_DATA is not " + hcl.hashAlgorithm() + "(runtime data) followed by zeros");
        }
    }
}
