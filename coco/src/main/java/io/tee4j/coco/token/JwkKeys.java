package io.tee4j.coco.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import io.tee4j.core.MalformedEvidenceException;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Public keys out of JWK members (EC and RSA), through Nimbus, with private and X.509 members ignored. */
final class JwkKeys {
    /** Members left out before the key is read: X.509 material is checked by tee4j itself. */
    private static final Set<String> X509_MEMBERS = Set.of("x5c", "x5t", "x5t#S256", "x5u");

    private JwkKeys() {
    }

    /** The public key the JWK names; private members ({@code d}, ...) are never read. */
    static PublicKey publicKey(Map<String, Object> jwk, String what) throws MalformedEvidenceException {
        Map<String, Object> bare = new LinkedHashMap<>(jwk);
        bare.keySet().removeAll(X509_MEMBERS);
        try {
            JWK parsed = JWK.parse(bare).toPublicJWK();
            if (!(parsed instanceof AsymmetricJWK)) {
                throw new MalformedEvidenceException(what + ": kty " + parsed.getKeyType() + " is not EC or RSA");
            }
            return ((AsymmetricJWK) parsed).toPublicKey();
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw new MalformedEvidenceException(what + ": not a usable public JWK (" + e.getMessage() + ")");
        }
    }

    /** The JWK's {@code alg}, or null when it has none. */
    static String alg(Map<String, Object> jwk) {
        Object alg = jwk.get("alg");
        return alg instanceof String ? (String) alg : null;
    }
}
