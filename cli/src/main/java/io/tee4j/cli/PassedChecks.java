package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.verify.TdxVerifier;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When verification stopped for want of collateral (exit 3), whether the evidence itself had
 * already been shown authentic, so the message can say that only the collateral is missing.
 * This is established by checking, never assumed from the order a backend works in: for TDX the
 * quote signature, the QE report and the PCK chain are verified again here
 * ({@link TdxVerifier#verifySignatures}), against the same roots; for an NVIDIA GPU the report is
 * verified again offline with measurements allowed to stay unappraised and revocation not asked
 * (so the sentence claims the signature, FWID binding and device chain, and nothing about
 * revocation). SEV-SNP and CCA have no collateral that arrives after their signature check (a
 * missing VCEK means the signature could not be checked at all), so nothing is said for them.
 */
final class PassedChecks {
    private PassedChecks() {
    }

    /** A sentence saying which checks passed, when they verifiably did. */
    static Optional<String> beforeMissingCollateral(TeeType tee, Evidence evidence, List<byte[]> trustRoots,
            List<byte[]> certificates, Clock clock) {
        try {
            Optional<TrustAnchors> explicit = explicitRoots(trustRoots);
            if (tee == TeeType.TDX) {
                TdxVerifier.Builder b = TdxVerifier.builder().clock(clock);
                explicit.ifPresent(b::trustAnchors);
                b.build().verifySignatures(TdxQuote.parse(evidence.raw()));
                return Optional.of("the quote's signature, its QE report and the PCK certificate chain did verify; "
                        + "only the collateral to judge the platform's TCB by is missing");
            }
            if (tee == TeeType.NVIDIA_GPU) {
                NvGpuVerifier.Builder b = NvGpuVerifier.builder().clock(clock)
                        .revocationMode(RevocationMode.SKIP_INSECURE);
                explicit.ifPresent(b::deviceTrustAnchors);
                if (io.tee4j.nvgpu.abi.EvidenceList.looksLikeList(evidence.raw())) {
                    new io.tee4j.nvgpu.verify.EvidenceListVerifier(b.build()).verify(
                            io.tee4j.nvgpu.abi.EvidenceList.parse(evidence.raw()),
                            NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build(), clock.instant());
                    return Optional.of("every device's report signature, FWID binding and device certificate chain "
                            + "did verify, and the set's checks passed; only the reference measurements (RIMs) to "
                            + "appraise them by are missing");
                }
                // The device chain the command was given travels with the evidence, as the backend does it.
                Evidence.Builder withChain = evidence.toBuilder();
                if (evidence.certificates().isEmpty()) {
                    certificates.forEach(withChain::addCertificate);
                }
                b.build().verify(withChain.build(), NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build());
                return Optional.of("the report's signature, its FWID binding and the GPU's device certificate chain "
                        + "did verify; only the reference measurements (RIMs) to appraise it by are missing");
            }
            return Optional.empty();
        } catch (AttestationException | CertificateException e) {
            return Optional.empty();
        }
    }

    private static Optional<TrustAnchors> explicitRoots(List<byte[]> trustRoots) throws CertificateException {
        if (trustRoots.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> roots = new ArrayList<>();
        for (byte[] r : trustRoots) {
            roots.addAll(Certificates.parseAll(r));
        }
        return Optional.of(TrustAnchors.explicit("caller-supplied roots", roots));
    }
}
