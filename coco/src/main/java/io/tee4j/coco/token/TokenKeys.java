package io.tee4j.coco.token;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TokenVerifier} may trust: trust-anchor certificates for header keys ({@code jwk}
 * with {@code x5c}, trustee's AS) and configured public keys (a JWK Set, a single JWK, or
 * Veraison's {@code /.well-known/veraison/verification} document with its
 * {@code ear-verification-key}). The configuration is trusted as given; nothing here is fetched.
 */
public final class TokenKeys {
    /** Most keys read from one JWK Set. */
    static final int MAX_KEYS = 64;

    /** A configured key: {@code kid} and {@code alg} are null when the JWK has none. */
    record ConfiguredKey(String kid, String alg, PublicKey key) {
    }

    private final List<X509Certificate> anchors;
    private final List<ConfiguredKey> keys;

    private TokenKeys(List<X509Certificate> anchors, List<ConfiguredKey> keys) {
        this.anchors = List.copyOf(anchors);
        this.keys = List.copyOf(keys);
    }

    /** Trust anchors for header keys; no configured keys. */
    public static TokenKeys ofTrustRoots(Collection<X509Certificate> anchors) {
        return new TokenKeys(new ArrayList<>(anchors), List.of());
    }

    /** Trust anchors from a PEM file's bytes (one or more CERTIFICATE blocks). */
    public static TokenKeys ofTrustRootPem(byte[] pem) throws MalformedEvidenceException {
        return ofTrustRoots(readCertificates(pem));
    }

    /**
     * Configured keys from a JWK Set ({@code {"keys":[...]}}), one JWK, or a Veraison well-known
     * document ({@code {"ear-verification-key": JWK, ...}}).
     */
    public static TokenKeys ofJwks(byte[] json) throws MalformedEvidenceException {
        Map<String, Object> doc;
        try {
            doc = Json.object(Json.parse(json), "jwks");
        } catch (Json.JsonException e) {
            throw new MalformedEvidenceException("JWK Set: " + e.getMessage());
        }
        List<Object> items = new ArrayList<>();
        if (doc.get("keys") instanceof List) {
            items.addAll((List<?>) doc.get("keys"));
        } else if (doc.get("ear-verification-key") instanceof Map) {
            items.add(doc.get("ear-verification-key"));
        } else if (doc.containsKey("kty")) {
            items.add(doc);
        } else {
            throw new MalformedEvidenceException("JWK Set: no \"keys\" array, no JWK and no ear-verification-key");
        }
        if (items.isEmpty() || items.size() > MAX_KEYS) {
            throw new MalformedEvidenceException("JWK Set: expected 1 to " + MAX_KEYS + " keys, found " + items.size());
        }
        List<ConfiguredKey> keys = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map)) {
                throw new MalformedEvidenceException("JWK Set: a key is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> jwk = (Map<String, Object>) item;
            Object kid = jwk.get("kid");
            keys.add(new ConfiguredKey(kid instanceof String ? (String) kid : null, JwkKeys.alg(jwk),
                    JwkKeys.publicKey(jwk, "JWK Set key")));
        }
        return new TokenKeys(List.of(), keys);
    }

    /** These anchors and keys together with {@code other}'s. */
    public TokenKeys and(TokenKeys other) {
        List<X509Certificate> a = new ArrayList<>(anchors);
        a.addAll(other.anchors);
        List<ConfiguredKey> k = new ArrayList<>(keys);
        k.addAll(other.keys);
        return new TokenKeys(a, k);
    }

    List<X509Certificate> anchors() {
        return anchors;
    }

    List<ConfiguredKey> keys() {
        return keys;
    }

    static List<X509Certificate> readCertificates(byte[] pem) throws MalformedEvidenceException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : cf.generateCertificates(new ByteArrayInputStream(pem))) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new MalformedEvidenceException("trust root: no certificate found");
            }
            return certs;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new MalformedEvidenceException("trust root: not PEM certificates (" + e.getMessage() + ")");
        }
    }
}
