package io.tee4j.coco.token;

import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A token whose signature verified under a configured key (or a header key endorsed by a
 * configured root) and whose claims passed the verifier's checks. The claims are the decoded
 * payload, read-only.
 *
 * <p>{@link #signedContentDigest()} identifies the token by what was signed: an ECDSA high-S twin
 * of the same token has another string but the same digest, so caches and replay lists must key
 * on this value, never on the token text.
 */
public final class VerifiedToken {
    /** Where trustee's KBS looks for the TEE public key, in its order ({@code kbs/src/token/mod.rs}). */
    static final List<List<String>> TEE_PUBKEY_PATHS = List.of(
            List.of("tdx", "attester_runtime_data", "tee-pubkey"),
            List.of("tdx", "attester_user_data", "tee-pubkey"),
            List.of("customized_claims", "runtime_data", "tee-pubkey"),
            List.of("submods", "cpu0", "ear.veraison.annotated-evidence", "runtime_data_claims", "tee-pubkey"),
            List.of("tee-pubkey"));

    private final String alg;
    private final String keySource;
    private final Map<String, Object> claims;
    private final byte[] signedContentDigest;

    VerifiedToken(String alg, String keySource, Map<String, Object> claims, byte[] signedContentDigest) {
        this.alg = alg;
        this.keySource = keySource;
        this.claims = Collections.unmodifiableMap(claims);
        this.signedContentDigest = signedContentDigest.clone();
    }

    /** The JWS algorithm that verified. */
    public String alg() {
        return alg;
    }

    /** How the verifying key was chosen (header jwk endorsed by a root, configured key, kid). */
    public String keySource() {
        return keySource;
    }

    /** The payload claims (nested maps and lists as the tee4j JSON reader gives them). */
    public Map<String, Object> claims() {
        return claims;
    }

    /** {@code eat_profile}, when the token has one. */
    public Optional<String> profile() {
        return Optional.ofNullable(claims.get("eat_profile")).map(String::valueOf);
    }

    /** {@code iss}, when the token has one. */
    public Optional<String> issuer() {
        return Optional.ofNullable(claims.get("iss")).map(String::valueOf);
    }

    /** {@code exp}, when the token has an integer one. */
    public Optional<Instant> expiresAt() {
        Object exp = claims.get("exp");
        return exp instanceof Number ? Optional.of(Instant.ofEpochSecond(((Number) exp).longValue())) : Optional.empty();
    }

    /** Each EAR submodule's {@code ear.status}, by submodule name. */
    public Map<String, String> submodStatuses() {
        Map<String, String> out = new LinkedHashMap<>();
        if (claims.get("submods") instanceof Map) {
            ((Map<?, ?>) claims.get("submods")).forEach((name, sub) -> out.put(String.valueOf(name),
                    sub instanceof Map ? String.valueOf(((Map<?, ?>) sub).get("ear.status")) : "null"));
        }
        return out;
    }

    /** SHA-256 of the signed bytes (header and payload as received), as lower-case hex. */
    public String signedContentDigest() {
        return HexFormat.of().formatHex(signedContentDigest);
    }

    /** The TEE public key (a JWK) the attestation bound, found where trustee's KBS looks for it. */
    public Optional<Map<String, Object>> teePubkey() {
        for (List<String> path : TEE_PUBKEY_PATHS) {
            Object node = claims;
            for (String step : path) {
                node = node instanceof Map ? ((Map<?, ?>) node).get(step) : null;
            }
            if (node instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> jwk = (Map<String, Object>) node;
                return Optional.of(jwk);
            }
        }
        return Optional.empty();
    }
}
