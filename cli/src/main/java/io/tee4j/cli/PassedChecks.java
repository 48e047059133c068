package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.tdx.TdxQuote;
import io.tee4j.tdx.TdxVerifier;
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
 * ({@link TdxVerifier#verifySignatures}), against the same roots. The other backends expose no
 * such evidence-only check, so nothing is said for them.
 */
final class PassedChecks {
    private PassedChecks() {
    }

    /** A sentence saying which checks passed, when they verifiably did. */
    static Optional<String> beforeMissingCollateral(TeeType tee, Evidence evidence, List<byte[]> trustRoots,
            Clock clock) {
        if (tee != TeeType.TDX) {
            return Optional.empty();
        }
        try {
            TdxVerifier.Builder b = TdxVerifier.builder().clock(clock);
            if (!trustRoots.isEmpty()) {
                List<X509Certificate> roots = new ArrayList<>();
                for (byte[] r : trustRoots) {
                    roots.addAll(Certificates.parseAll(r));
                }
                b.trustAnchors(TrustAnchors.explicit("caller-supplied roots", roots));
            }
            b.build().verifySignatures(TdxQuote.parse(evidence.raw()));
            return Optional.of("the quote's signature, its QE report and the PCK certificate chain did verify; "
                    + "only the collateral to judge the platform's TCB by is missing");
        } catch (AttestationException | CertificateException e) {
            return Optional.empty();
        }
    }
}
