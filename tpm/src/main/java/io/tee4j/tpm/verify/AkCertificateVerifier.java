package io.tee4j.tpm.verify;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.CertificateChainValidator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trusts an attestation key through its certificate, as GCE issues them: the AK certificate is
 * chained, through the intermediates given (in any order), to one of the trust anchors, every
 * certificate valid at the instant; and the certificate's public key must be the AK that signed the
 * quote. Not checked: revocation (Google publishes no CRL for these CAs), the certificate's GCE
 * instance-information extension (reported, not judged).
 *
 * @since 0.1
 */
public final class AkCertificateVerifier {
    private final CertificateChainValidator validator;

    private AkCertificateVerifier(TrustAnchors anchors) {
        this.validator = CertificateChainValidator.of(anchors);
    }

    /** A verifier for these anchors. */
    public static AkCertificateVerifier of(TrustAnchors anchors) {
        return new AkCertificateVerifier(Objects.requireNonNull(anchors, "anchors"));
    }

    /**
     * Verifies the AK certificate and that it certifies {@code key}.
     *
     * @return the validated chain, leaf first, anchor last
     * @throws VerificationFailedException {@code CERTIFICATE_CHAIN} when the chain does not lead
     *     to an anchor at {@code at}; {@code BINDING} when the certificate is for another key
     */
    public List<X509Certificate> verify(X509Certificate akCertificate, List<X509Certificate> intermediates,
            AttestationKey key, Instant at) throws VerificationFailedException {
        Objects.requireNonNull(akCertificate, "akCertificate");
        Objects.requireNonNull(key, "key");
        List<X509Certificate> chain = order(akCertificate, intermediates);
        List<X509Certificate> validated = validator.validate(chain, at);
        if (!key.sameKey(akCertificate.getPublicKey())) {
            throw new VerificationFailedException(Reason.BINDING,
                    "the AK certificate certifies another key than the one that signed the quote");
        }
        return validated;
    }

    /** Leaf first, then each certificate's issuer among the intermediates, until none is found. */
    private List<X509Certificate> order(X509Certificate leaf, List<X509Certificate> intermediates) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        List<X509Certificate> pool = new ArrayList<>(intermediates);
        while (chain.size() <= CertificateChainValidator.MAX_CHAIN_LENGTH) {
            X509Certificate last = chain.get(chain.size() - 1);
            if (validator.anchors().contains(last)) {
                break;
            }
            X509Certificate next = null;
            for (X509Certificate c : pool) {
                if (c.getSubjectX500Principal().equals(last.getIssuerX500Principal())
                        && !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            pool.remove(next);
            chain.add(next);
        }
        return chain;
    }
}
