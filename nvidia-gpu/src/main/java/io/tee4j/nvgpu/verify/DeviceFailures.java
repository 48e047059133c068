package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.UnsupportedGpuArchitectureException;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the device a failure of an evidence list belongs to, keeping the failure's type (and so its exit code):
 * "device 3 (HOPPER GPU): the report signature does not verify ...". Support code for
 * {@link EvidenceListVerifier}; it checks nothing.
 */
final class DeviceFailures {
    private DeviceFailures() {
    }

    static AttestationException labelled(AttestationException e, String label) {
        String m = label + ": " + e.getMessage();
        if (e instanceof UnsupportedGpuArchitectureException) {
            return e;
        }
        if (e instanceof RimNotFoundException) {
            RimNotFoundException r = (RimNotFoundException) e;
            return new RimNotFoundException(r.rimId(), r.location().orElse(null), "for " + label, e);
        }
        if (e instanceof PolicyViolationException) {
            List<PolicyViolation> v = new ArrayList<>();
            for (PolicyViolation p : ((PolicyViolationException) e).policyViolations()) {
                v.add(new PolicyViolation(p.ruleId(), label + ": " + p.message()));
            }
            return ((PolicyViolationException) e).tcbStatus().map(t -> new PolicyViolationException(v, t))
                    .orElseGet(() -> new PolicyViolationException(v));
        }
        if (e instanceof VerificationFailedException) {
            return new VerificationFailedException(((VerificationFailedException) e).reason(), m, e);
        }
        if (e instanceof RevocationUnavailableException) {
            return new RevocationUnavailableException(m, e);
        }
        if (e instanceof CollateralUnavailableException) {
            CollateralUnavailableException c = (CollateralUnavailableException) e;
            return new CollateralUnavailableException(m, c.location().orElse(null), c.isRetryable(), e);
        }
        if (e instanceof MalformedEvidenceException) {
            return new MalformedEvidenceException(m, e);
        }
        return e;
    }
}
