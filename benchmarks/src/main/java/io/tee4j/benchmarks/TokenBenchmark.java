package io.tee4j.benchmarks;

import io.tee4j.coco.token.EarSigner;
import io.tee4j.coco.token.SigningKeys;
import io.tee4j.coco.token.TokenKeys;
import io.tee4j.coco.token.TokenVerifier;
import io.tee4j.coco.token.VerifiedToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ES256 attestation-token verification per second with the coco {@link TokenVerifier}, whole
 * pipeline (parse, strict JSON, key choice, signature, claims):
 *
 * <ul>
 *   <li>{@code configuredKey}: an EAR signed by {@link EarSigner}, key from a JWK Set (Veraison's
 *       and tee4j's own ear-jwt path);
 *   <li>{@code headerJwkX5c}: trustee's AS token ({@code kbs/tokens/trustee-style/ear-valid.jwt}),
 *       its header key endorsed per call by building its x5c path to the root (trustee's path).
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class TokenBenchmark {
    private TokenVerifier configured;
    private String signedEar;
    private TokenVerifier trustee;
    private String trusteeEar;

    @Setup
    public void setUp() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        java.security.KeyPair kp = g.generateKeyPair();
        EarSigner signer = EarSigner.of(new SigningKeys.KeyPair((ECPublicKey) kp.getPublic(),
                (ECPrivateKey) kp.getPrivate()));
        long iat = 1780000000L;
        signedEar = signer.sign(("{\"eat_profile\":\"tag:github.com,2023:veraison/ear\",\"iat\":" + iat
                + ",\"exp\":" + (iat + 300) + ",\"ear.verifier-id\":{\"developer\":\"https://tee4j.io\",\"build\":\"b\"},"
                + "\"submods\":{\"cpu0\":{\"ear.status\":\"affirming\"}}}").getBytes(StandardCharsets.UTF_8));
        Clock at = Clock.fixed(Instant.ofEpochSecond(iat), ZoneOffset.UTC);
        configured = TokenVerifier.builder(TokenKeys.ofJwks(signer.jwksJson().getBytes(StandardCharsets.UTF_8)))
                .clock(at).build();
        trustee = TokenVerifier.builder(TokenKeys.ofTrustRootPem(resource("trust-root.pem"))).clock(at).build();
        trusteeEar = new String(resource("ear-valid.jwt"), StandardCharsets.US_ASCII).strip();
        configuredKey();
        headerJwkX5c();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TokenBenchmark.class.getResourceAsStream("tokens/" + name)) {
            return in.readAllBytes();
        }
    }

    @Benchmark
    public VerifiedToken configuredKey() throws Exception {
        return configured.verify(signedEar);
    }

    @Benchmark
    public VerifiedToken headerJwkX5c() throws Exception {
        return trustee.verify(trusteeEar);
    }
}
