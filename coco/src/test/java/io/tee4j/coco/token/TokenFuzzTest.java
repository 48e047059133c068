package io.tee4j.coco.token;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.AttestationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Fuzz harness for the token path a relying party exposes to the network: the compact-JWS parser
 * and the whole verifier (key selection, x5c chains, signature, claims) over trustee's test root.
 * Each input may only verify or throw a typed {@link AttestationException}. In {@code mvn verify}
 * it replays the seeds in {@code src/test/resources/io/tee4j/coco/token/TokenFuzzTestInputs/token/}
 * (every kbs token vector).
 */
class TokenFuzzTest {
    private static final TokenVerifier VERIFIER = verifier();

    private static TokenVerifier verifier() {
        try {
            TokenKeys keys = TokenKeys.ofTrustRootPem(Vectors.bytes("trustee-style/trust-root.pem"))
                    .and(TokenKeys.ofJwks(Vectors.bytes("veraison/veraison-ear-verification-key.jwk")));
            return TokenVerifier.builder(keys)
                    .clock(Clock.fixed(Instant.ofEpochSecond(1780000000L), ZoneOffset.UTC)).build();
        } catch (AttestationException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void token(byte[] data) {
        try {
            VERIFIER.verify(new String(data, StandardCharsets.ISO_8859_1));
        } catch (AttestationException expected) {
            // typed
        }
    }
}
