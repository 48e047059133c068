package io.tee4j.snp.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.util.BytesKey;
import io.tee4j.snp.abi.SigningKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * What trying the signing candidates found, so that the failure says the most useful thing: a
 * candidate whose chain held but whose key did not sign the report is a bad signature; one whose
 * chain failed is a chain failure; no candidate at all is missing collateral.
 */
final class SigningAttempts {
    private final SignerSelector selector;
    private final List<String> notNamed = new ArrayList<>();
    private final List<String> why = new ArrayList<>();
    private VerificationFailedException chainFailure;
    private VerificationFailedException signatureFailure;

    SigningAttempts(SignerSelector selector) {
        this.selector = selector;
    }

    /** The distinct certificates among {@code pool} the selector names, not yet tried. */
    List<SigningCandidate> select(List<X509Certificate> pool, Set<BytesKey> tried) {
        List<SigningCandidate> out = new ArrayList<>();
        for (X509Certificate x : pool) {
            if (!SigningCandidate.namedAs(x, selector.kind())) {
                continue;
            }
            SigningCandidate c;
            try {
                c = SigningCandidate.read(x, selector.kind());
            } catch (VerificationFailedException e) {
                notNamed.add("one is unusable (" + e.getMessage() + ")");
                continue;
            }
            if (!c.isNamedBy(selector)) {
                notNamed.add("one certifies " + (c.hwid.length > 0 ? "chip " + HexFormat.of()
                        .formatHex(c.hwid, 0, Math.min(8, c.hwid.length)) + "… at " : "") + "TCB " + c.tcb.hex());
                continue;
            }
            if (tried.add(BytesKey.of(c.der))) {
                out.add(c);
            }
        }
        return out;
    }

    void why(String reason) {
        why.add(reason);
    }

    void chainFailed(VerificationFailedException e) {
        if (chainFailure == null) {
            chainFailure = e;
        }
    }

    void signatureFailed(SigningKey kind) {
        if (signatureFailure == null) {
            signatureFailure = new VerificationFailedException(Reason.SIGNATURE, "the report's signature does not "
                    + "verify with the " + kind + " certificate");
        }
    }

    AttestationException failure() {
        if (signatureFailure != null) {
            return signatureFailure;
        }
        if (chainFailure != null) {
            return chainFailure;
        }
        StringBuilder m = new StringBuilder("no certificate supplied is ").append(selector.describe());
        if (!notNamed.isEmpty()) {
            m.append(" (").append(notNamed.size()).append(" other ").append(selector.kind())
                    .append(notNamed.size() == 1 ? " certificate: " : " certificates: ")
                    .append(String.join("; ", notNamed.subList(0, Math.min(4, notNamed.size()))))
                    .append(notNamed.size() > 4 ? "; …" : "").append(')');
        }
        for (String w : why) {
            m.append("; ").append(w);
        }
        return new CollateralUnavailableException(m.toString(), null, false);
    }
}
