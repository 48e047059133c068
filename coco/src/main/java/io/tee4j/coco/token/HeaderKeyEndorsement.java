package io.tee4j.coco.token;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a key carried in a token header ({@code jwk}) may verify the token, the way
 * trustee's KBS does with {@code insecure_header_jwk = false} ({@code kbs/src/crypto/jwt.rs}):
 * the JWK must carry a non-empty {@code x5c}, its public key must equal the x5c leaf's, and the
 * leaf must chain, with {@code x5c[1..]} as untrusted intermediates in any order, to one of the
 * configured trust anchors at the verification time. An EC key must be on P-256 (trustee
 * supports no other curve for header keys).
 *
 * <p>Not checked: revocation of the x5c certificates (trustee does not check it either), key
 * usage and extended key usage. A header key is never trusted by itself.
 */
public final class HeaderKeyEndorsement {
    /** Most certificates taken from one x5c (trustee's chains have two or three). */
    static final int MAX_CHAIN = 8;

    private HeaderKeyEndorsement() {
    }

    /**
     * The endorsed public key of {@code jwk}.
     *
     * @param jwk the JWK as JSON members
     * @param anchors the configured trust anchors; empty means no header key is ever accepted
     * @param at the verification time for certificate validity
     * @throws VerificationFailedException no anchors, no x5c, JWK and leaf differ, or no chain
     * @throws MalformedEvidenceException the JWK or a certificate cannot be read
     */
    public static PublicKey endorse(Map<String, Object> jwk, List<X509Certificate> anchors, Instant at)
            throws VerificationFailedException, MalformedEvidenceException {
        if (anchors.isEmpty()) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                    "the token carries its key in the header (jwk) and no trust root is configured: "
                            + "a header key is never trusted by itself");
        }
        List<X509Certificate> x5c = x5c(jwk);
        PublicKey key = JwkKeys.publicKey(jwk, "header jwk");
        if (!Arrays.equals(key.getEncoded(), x5c.get(0).getPublicKey().getEncoded())) {
            throw new VerificationFailedException(Reason.BINDING, "jwk does not match the x5c leaf certificate's key");
        }
        if (key instanceof ECPublicKey && !"P-256".equals(jwk.get("crv"))) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                    "header jwk: unsupported elliptic curve " + jwk.get("crv") + " (only P-256)");
        }
        chainToAnchor(x5c, anchors, at);
        return key;
    }

    private static List<X509Certificate> x5c(Map<String, Object> jwk)
            throws VerificationFailedException, MalformedEvidenceException {
        Object x5c = jwk.get("x5c");
        if (x5c == null || x5c instanceof List && ((List<?>) x5c).isEmpty()) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                    "no x5c inside the header jwk: a header key is never trusted by itself");
        }
        if (!(x5c instanceof List) || ((List<?>) x5c).size() > MAX_CHAIN) {
            throw new MalformedEvidenceException("header jwk x5c: expected an array of at most " + MAX_CHAIN
                    + " certificates");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Object item : (List<?>) x5c) {
                if (!(item instanceof String)) {
                    throw new MalformedEvidenceException("header jwk x5c: an entry is not a string");
                }
                // RFC 7517 4.7: standard base64 (not base64url) DER.
                byte[] der = Base64.getDecoder().decode((String) item);
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MalformedEvidenceException("header jwk x5c: not a certificate (" + e.getMessage() + ")");
        }
        return certs;
    }

    private static void chainToAnchor(List<X509Certificate> x5c, List<X509Certificate> anchors, Instant at)
            throws VerificationFailedException {
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate a : anchors) {
            trust.add(new TrustAnchor(a, null));
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(x5c.get(0));
            PKIXBuilderParameters params = new PKIXBuilderParameters(trust, target);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            params.setMaxPathLength(MAX_CHAIN);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(x5c)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                    "the header jwk's x5c does not chain to a configured trust root at " + at + " ("
                            + e.getMessage() + ")");
        }
    }
}
