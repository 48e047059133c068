package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.nvgpu.validate.MeasurementMismatchException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every NVIDIA GPU policy violation names its rule by the policy JSON key, so callers can tell which rule
 * failed without reading the message (before, every violation was "unattributed").
 */
class PolicyRuleIdsTest {
    @Test
    void missingRequiredNonceIsTheRequireNonceRule() {
        NvGpuPolicy strict = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).requireNonce(true).build();
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> NvGpuVerifierTest.offline()
                .build().verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), strict));
        assertEquals(List.of("requireNonce"), e.ruleIds());
    }

    @Test
    void versionsOutsideTheAllowedListsNameTheirListKeys() {
        NvGpuPolicy policy = NvGpuPolicy.builder().expectedNonce(Vectors.REPORT_NONCE)
                .allowUnappraisedMeasurements(true).allowedDriverVersions(List.of("1.0"))
                .allowedVbiosVersions(List.of("00.00.00.00.00")).build();
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> NvGpuVerifierTest.offline()
                .build().verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), policy));
        assertEquals(List.of("allowedDriverVersions", "allowedVbiosVersions"), e.ruleIds());
        assertTrue(e.policyViolations().stream().allMatch(PolicyViolation::isAttributed));
    }

    @Test
    void rimComparisonsAreTheMeasurementsRule() {
        NvGpuVerifier v = NvGpuVerifierTest.offline()
                .addRim(Vectors.bytes(ReferenceManifestTest.DRIVER_TEST))
                .addRim(Vectors.bytes(ReferenceManifestTest.VBIOS_TEST))
                .build();
        MeasurementMismatchException e = assertThrows(MeasurementMismatchException.class,
                () -> v.verify(NvGpuVerifierTest.evidence(Vectors.report(), Vectors.chain()), RimAppraisalTest.POLICY));
        assertEquals(List.of("measurements"), e.ruleIds());
        assertEquals(3, e.policyViolations().size(), e.policyViolations().toString());
    }
}
