package io.tee4j.se.verify;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.CrlSet;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Validates the IBM signing key to a trust anchor (DigiCert in production) as s390-tools asks
 * OpenSSL to: a chain built from the given certificates by issuer name, checked by core's
 * {@link CertificateChainValidator} (signatures, validity, CA constraints), keys of at least 112
 * security bits, and a valid CRL of its issuer for every certificate below the anchor, decided by
 * {@link CrlSet} among the CRLs that name and are signed by that issuer.
 */
final class SigningKeyChain {
    private static final int MAX_DEPTH = 4;

    private SigningKeyChain() {
    }

    static List<X509Certificate> validate(X509Certificate signingKey, Collection<X509Certificate> untrusted,
            TrustAnchors anchors, Collection<X509CRL> crls, Instant at)
            throws HkdRejectedException, HkdRevocationUnavailableException {
        List<X509Certificate> chain = build(signingKey, untrusted, anchors);
        try {
            List<X509Certificate> validated = CertificateChainValidator.of(anchors).validate(chain, at);
            for (X509Certificate c : validated) {
                requireStrongKey(c);
            }
            for (int i = 0; i < validated.size() - 1; i++) {
                requireCrl(validated.get(i), validated.get(i + 1), crls, at);
            }
            return validated;
        } catch (VerificationFailedException e) {
            HkdProblem p = e.reason() == VerificationFailedException.Reason.REVOKED
                    ? HkdProblem.SIGNING_KEY_REVOKED : HkdProblem.SIGNING_KEY_CHAIN;
            throw new HkdRejectedException(p, "IBM signing key " + signingKey.getSubjectX500Principal().getName()
                    + ": " + e.getMessage(), e);
        } catch (RevocationUnavailableException e) {
            throw new HkdRevocationUnavailableException("signing-key chain: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> build(X509Certificate leaf, Collection<X509Certificate> untrusted,
            TrustAnchors anchors) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate last = leaf;
        while (chain.size() < MAX_DEPTH && !anchors.contains(last) && !issuedByAnchor(last, anchors)) {
            X509Certificate current = last;
            Optional<X509Certificate> parent = untrusted.stream()
                    .filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(current.getIssuerX500Principal()))
                    .findFirst();
            if (parent.isEmpty()) {
                break;
            }
            chain.add(parent.get());
            last = parent.get();
        }
        return chain;
    }

    private static boolean issuedByAnchor(X509Certificate c, TrustAnchors anchors) {
        return anchors.roots().stream().anyMatch(r -> r.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
    }

    private static void requireStrongKey(X509Certificate c) throws VerificationFailedException {
        boolean strong = c.getPublicKey() instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() >= 2048
                : c.getPublicKey() instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() >= 224;
        if (!strong) {
            throw new VerificationFailedException(VerificationFailedException.Reason.CERTIFICATE_CHAIN,
                    c.getSubjectX500Principal().getName() + " has a key below 112 security bits");
        }
    }

    private static void requireCrl(X509Certificate cert, X509Certificate issuer, Collection<X509CRL> crls, Instant at)
            throws VerificationFailedException, RevocationUnavailableException {
        List<X509CRL> authentic = crls.stream().filter(crl -> isAuthentic(crl, issuer)).toList();
        if (authentic.isEmpty()) {
            throw new HkdRevocationUnavailableException("no CRL issued and signed by "
                    + issuer.getSubjectX500Principal().getName() + " for " + cert.getSubjectX500Principal().getName());
        }
        CrlSet.requireNotRevoked(authentic, issuer, at, List.of(cert));
    }

    private static boolean isAuthentic(X509CRL crl, X509Certificate issuer) {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        Optional<byte[]> akid = KeyIdentifiers.authorityKeyId(crl);
        Optional<byte[]> skid = KeyIdentifiers.subjectKeyId(issuer);
        if (akid.isPresent() && skid.isPresent() && !MessageDigest.isEqual(akid.get(), skid.get())) {
            return false;
        }
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
