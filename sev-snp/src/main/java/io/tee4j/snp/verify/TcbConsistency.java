package io.tee4j.snp.verify;

import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.TcbVersion;
import io.tee4j.snp.validate.SnpPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The version rules go-sev-guest applies to every report whatever its options
 * ({@code validate.validateTcb} and {@code validate.validateVersion}), for an authentic report and
 * the certificate that signed it:
 *
 * <ol>
 *   <li>the certificate's TCB is not above CURRENT_TCB (the certificate equals REPORTED_TCB, which
 *       {@link SnpVerifier} checks first, so REPORTED_TCB is not above CURRENT_TCB either);
 *   <li>COMMITTED_TCB is not above CURRENT_TCB;
 *   <li>the committed firmware build is not above the current build;
 *   <li>the committed firmware API version is not above the current one.
 * </ol>
 *
 * <p>"Not above" for a TCB is go's {@code TCBPartsLE}: every one of the eight bytes (each an SPL or
 * a reserved byte, whatever the product's layout) is at most the other's. Firmware never signs a
 * report that breaks these rules; one that does is refused as a binding failure (the report
 * contradicts itself or its certificate), before any policy. Equality of committed and current
 * versions, which go requires when provisional firmware is not permitted, is a policy rule: see
 * {@link SnpPolicy#provisional(AttestationReport)}.
 */
final class TcbConsistency {
    private TcbConsistency() {
    }

    /** Fails with reason {@link Reason#BINDING} naming every broken rule. */
    static void require(AttestationReport r, TcbVersion certificateTcb) throws VerificationFailedException {
        List<String> broken = new ArrayList<>();
        if (!certificateTcb.atMostInEveryByte(r.currentTcb())) {
            broken.add("the certificate's TCB " + certificateTcb.hex() + " is above CURRENT_TCB " + r.currentTcb().hex()
                    + " in at least one SPL");
        }
        if (!r.committedTcb().atMostInEveryByte(r.currentTcb())) {
            broken.add("COMMITTED_TCB " + r.committedTcb().hex() + " is above CURRENT_TCB " + r.currentTcb().hex()
                    + " in at least one SPL");
        }
        if (r.committedBuild() > r.currentBuild()) {
            broken.add("the committed firmware build " + r.committedBuild() + " is above the current build "
                    + r.currentBuild());
        }
        if (cmpVersion(r.committedMajor(), r.committedMinor(), r.currentMajor(), r.currentMinor()) > 0) {
            broken.add("the committed firmware API " + r.committedMajor() + "." + r.committedMinor()
                    + " is above the current API " + r.currentMajor() + "." + r.currentMinor());
        }
        if (!broken.isEmpty()) {
            throw new VerificationFailedException(Reason.BINDING, "the report's versions are inconsistent, which "
                    + "firmware never signs: " + String.join("; ", broken));
        }
    }

    private static int cmpVersion(int maj, int min, int wantMaj, int wantMin) {
        return maj != wantMaj ? Integer.compare(maj, wantMaj) : Integer.compare(min, wantMin);
    }
}
