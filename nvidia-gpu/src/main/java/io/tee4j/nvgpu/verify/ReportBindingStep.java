package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Steps 5 to 7 of {@link NvGpuVerifier}: binds a parsed report to its validated device chain (the report's FWID
 * opaque field equals the leaf's DICE FWID), checks the report signature with the leaf key, and the request
 * nonce against the policy's and the evidence's. Does not validate the chain itself ({@link DeviceChainStep}).
 */
final class ReportBindingStep {
    /** The policy JSON key of the rule that demands a nonce. */
    static final String RULE_REQUIRE_NONCE = "requireNonce";

    private ReportBindingStep() {
    }

    /**
     * The report's FWID must be the leaf certificate's → {@code BINDING}. LS10 NVSwitch reports carry no FWID
     * field (verified on NVIDIA's samples; NVIDIA's switch verifiers do not bind one): for a switch its absence
     * is a warning, its presence is checked like a GPU's.
     */
    static void checkFwid(SpdmMeasurementReport report, DeviceChainStep.ValidatedChain chain,
            DeviceArchitecture arch, List<String> warnings) throws VerificationFailedException {
        if (arch.isSwitch() && report.opaqueData().fwid().isEmpty()) {
            warnings.add("the NVSwitch report carries no FWID (as LS10 reports do not): the report is bound to its "
                    + "certificate chain by the signature only");
            return;
        }
        byte[] reportFwid = report.opaqueData().fwid().orElseThrow(() -> new VerificationFailedException(
                Reason.BINDING, "the report carries no FWID opaque field to bind it to the leaf certificate"));
        if (!MessageDigest.isEqual(chain.fwid, reportFwid)) {
            throw new VerificationFailedException(Reason.BINDING, "the report's FWID "
                    + HexFormat.of().formatHex(reportFwid) + " differs from the leaf certificate's "
                    + HexFormat.of().formatHex(chain.fwid));
        }
    }

    /** ECDSA P-384 over request ‖ response up to the signature, with the leaf key → {@code SIGNATURE}. */
    static void checkSignature(SpdmMeasurementReport report, DeviceChainStep.ValidatedChain chain)
            throws VerificationFailedException {
        if (!chain.leafKey.verifyP1363(report.rawUnsafe(), 0, report.signedLength(), report.signature())) {
            throw new VerificationFailedException(Reason.SIGNATURE,
                    "the report signature does not verify with the device leaf key");
        }
    }

    /** Returns whether any nonce was compared; without one, fails if the policy requires it, else warns. */
    static boolean checkNonce(SpdmMeasurementReport report, Evidence evidence, NvGpuPolicy policy,
            List<String> warnings) throws AttestationException {
        byte[] actual = report.requestNonce();
        boolean checked = false;
        Optional<byte[]> fromPolicy = policy.expectedNonce();
        if (fromPolicy.isPresent()) {
            if (!MessageDigest.isEqual(fromPolicy.get(), actual)) {
                throw new VerificationFailedException(Reason.BINDING,
                        "the report's request nonce differs from the policy's expected nonce");
            }
            checked = true;
        }
        Optional<byte[]> fromEvidence = evidence.nonce();
        if (fromEvidence.isPresent()) {
            if (!MessageDigest.isEqual(fromEvidence.get(), actual)) {
                throw new VerificationFailedException(Reason.BINDING,
                        "the report's request nonce differs from the nonce the evidence was requested with");
            }
            checked = true;
        }
        if (!checked) {
            if (policy.requireNonce()) {
                throw new PolicyViolationException(List.of(new PolicyViolation(RULE_REQUIRE_NONCE,
                        "no expected nonce given (policy requireNonce): the report's freshness cannot be checked")));
            }
            warnings.add("nonce NOT checked: no expected nonce was given; compare reportData (the request nonce) "
                    + "with your challenge yourself");
        }
        return checked;
    }
}
