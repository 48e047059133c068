package io.tee4j.coco.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tee4j.core.TeeType;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;

/**
 * The fake KBS's attestation tokens: ES256 JWTs shaped like trustee's EAR (the TEE key at
 * {@code submods.cpu0.ear.veraison.annotated-evidence.runtime_data_claims.tee-pubkey}), signed with
 * a key made when the server starts and verified by the same server on every resource request.
 */
final class FakeKbsTokens {
    private final ECKey key;
    private final Clock clock;
    private final Duration lifetime;

    FakeKbsTokens(Clock clock, Duration lifetime) {
        try {
            this.key = new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Claims a verified token carries. */
    record Verified(TeeType tee, Map<String, Object> teePubKey) {
    }

    String issue(TeeType tee, Map<String, Object> teePubKey) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("tee4j-fake-kbs (NOT SECURE)").issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(lifetime)))
                .claim("eat_profile", "tag:github.com,2024:confidential-containers/Trustee")
                .claim("submods", Map.of("cpu0", Map.of("ear.status", "affirming", "tee", tee.id(),
                        "ear.veraison.annotated-evidence", Map.of("runtime_data_claims", Map.of("tee-pubkey", teePubKey)))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(com.nimbusds.jose.JOSEObjectType.JWT)
                .build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @SuppressWarnings("unchecked")
    Verified verify(String token) throws ParseException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new ECDSAVerifier(key.toECPublicKey()))) {
            throw new JOSEException("token signature does not verify");
        }
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        if (c.getExpirationTime() == null || !c.getExpirationTime().toInstant().isAfter(clock.instant())) {
            throw new JOSEException("token expired");
        }
        Map<String, Object> cpu0 = (Map<String, Object>) ((Map<String, Object>) c.getClaim("submods")).get("cpu0");
        Map<String, Object> ev = (Map<String, Object>) cpu0.get("ear.veraison.annotated-evidence");
        Map<String, Object> rd = (Map<String, Object>) ev.get("runtime_data_claims");
        return new Verified(TeeType.fromId((String) cpu0.get("tee")), (Map<String, Object>) rd.get("tee-pubkey"));
    }
}
