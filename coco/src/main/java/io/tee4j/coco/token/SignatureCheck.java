package io.tee4j.coco.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;

/**
 * Steps 1 and 3 of token verification: the algorithm is on the allow-list ({@code none}, HMAC and
 * anything else refused; no {@code crit} header), and the signature verifies under one of the
 * chosen keys (Nimbus verifiers, JDK crypto). ECDSA signatures are P1363 {@code r||s}; as in JCA
 * and every JOSE library, a high-S twin ({@code s' = n - s}) verifies too, so a verified token's
 * identity is its signed content ({@link VerifiedToken#signedContentDigest()}), never its string.
 */
final class SignatureCheck {
    /** ES256 for trustee and Veraison EAR, PS384 for Intel Trust Authority, RS* for legacy tokens. */
    static final Set<String> DEFAULT_ALGORITHMS = Set.of("ES256", "ES384", "PS384", "RS256", "RS384");

    private SignatureCheck() {
    }

    static void checkAlgorithm(CompactJws jws, Set<String> allowed) throws VerificationFailedException {
        if ("none".equalsIgnoreCase(jws.alg)) {
            throw new VerificationFailedException(Reason.SIGNATURE, "alg none: an unsigned token is never accepted");
        }
        if (!allowed.contains(jws.alg)) {
            throw new VerificationFailedException(Reason.SIGNATURE, "alg " + jws.alg + " is not accepted (allowed: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
        if (jws.header.containsKey("crit")) {
            throw new VerificationFailedException(Reason.SIGNATURE, "token header has crit members tee4j does not process");
        }
    }

    /** The candidate whose key verifies the signature. */
    static SigningKeySelection.Candidate verify(CompactJws jws, List<SigningKeySelection.Candidate> candidates)
            throws VerificationFailedException {
        JWSHeader header = new JWSHeader(JWSAlgorithm.parse(jws.alg));
        Base64URL signature = new Base64URL(jws.signatureB64);
        for (SigningKeySelection.Candidate c : candidates) {
            try {
                JWSVerifier verifier = verifierFor(c, jws.alg);
                if (verifier != null && verifier.verify(header, jws.signingInput, signature)) {
                    return c;
                }
            } catch (JOSEException e) {
                // A key of the wrong curve or size for this alg cannot verify it: try the next.
            }
        }
        throw new VerificationFailedException(Reason.SIGNATURE, "token signature (" + jws.alg
                + ") does not verify under " + (candidates.size() == 1 ? "the " + candidates.get(0).source()
                        : "any of the " + candidates.size() + " configured keys"));
    }

    private static JWSVerifier verifierFor(SigningKeySelection.Candidate c, String alg) throws JOSEException {
        if (alg.startsWith("ES") && c.key() instanceof ECPublicKey) {
            return new ECDSAVerifier((ECPublicKey) c.key());
        }
        if ((alg.startsWith("RS") || alg.startsWith("PS")) && c.key() instanceof RSAPublicKey) {
            return new RSASSAVerifier((RSAPublicKey) c.key());
        }
        return null;
    }
}
