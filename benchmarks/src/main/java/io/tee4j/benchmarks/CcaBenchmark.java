package io.tee4j.benchmarks;

import io.tee4j.cca.abi.CcaProfile;
import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.CcaTokenFormat;
import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.cca.simulator.TokenSpec;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import java.security.PublicKey;
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
 * Arm CCA token decoding and verification, on tokens shaped like TF-RMM's (ES384 platform token
 * signed by a P-384 CPAK, ES384 realm token, tag 907, 2024 profiles), made by the simulator in
 * {@link Setup}:
 *
 * <ul>
 *   <li>{@code decode}: strict CBOR/COSE decoding and typed claims, nothing verified;
 *   <li>{@code verify}: decode, then both signatures, the RAK binding, the challenge and the default
 *       policy — the CPAK's verifier is kept inside the {@link CcaVerifier} across tokens (as a
 *       verifier keeps it per platform), the RAK is decoded from each token (two P-384
 *       verifications per token, one warm and one cold): tokens cycle through 64 realms of one
 *       platform, each with its own RAK, and the verifier's RAK cache is off;
 *   <li>{@code verifyTwoThreads}: {@code verify} on two threads sharing the verifier;
 *   <li>{@code verifySameRealm}: the same, for repeated tokens of one realm with the RAK cache on
 *       (both verifications warm);
 *   <li>{@code verifyCold}: a platform seen for the first time: trust anchors and verifier built
 *       from the CPAK's public key for each token, so both keys are decoded and used cold.
 * </ul>
 * The target is at least 0.7 times the rate of {@code openssl speed ecdsap384} verify per token.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CcaBenchmark {

    @State(Scope.Benchmark)
    public static class Tokens {
        static final int REALMS = 64;
        byte[] token;
        byte[][] realmTokens = new byte[REALMS][];
        CcaVerifier verifier;
        CcaVerifier coldRakVerifier;
        CcaPolicy policy;
        PublicKey cpak;
        byte[] instanceId;

        @Setup
        public void setup() throws AttestationException {
            CcaSimulator sim = CcaSimulator.create();
            byte[] nonce = new byte[64];
            nonce[0] = 42;
            TokenSpec spec = TokenSpec.builder()
                    .format(CcaTokenFormat.CMW_COLLECTION_TAG_907).profile(CcaProfile.PLATFORM_2024)
                    .challenge(nonce).build();
            token = sim.token(spec);
            for (int i = 0; i < REALMS; i++) {
                realmTokens[i] = sim.withNewRealm().token(spec);
            }
            verifier = CcaVerifier.builder(sim.trustAnchors()).build();
            coldRakVerifier = CcaVerifier.builder(sim.trustAnchors()).rakCacheSize(0).build();
            policy = CcaPolicy.builder().expectedChallenge(nonce).build();
            cpak = sim.cpakPublicKey();
            instanceId = sim.instanceId();
            verifier.verify(Evidence.of(TeeType.CCA, token), policy);
            for (byte[] t : realmTokens) {
                coldRakVerifier.verify(Evidence.of(TeeType.CCA, t), policy);
            }
        }
    }

    /** Per-thread position in the realm ring, so threads share no mutable benchmark state. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            int n = next;
            next = (n + 1) % Tokens.REALMS;
            return n;
        }
    }

    @Benchmark
    public CcaToken decode(Tokens t) throws MalformedEvidenceException {
        return CcaToken.decode(t.token);
    }

    @Benchmark
    public AttestationResult verify(Tokens t, Cursor c) throws AttestationException {
        return t.coldRakVerifier.verify(Evidence.of(TeeType.CCA, t.realmTokens[c.advance()]), t.policy);
    }

    /** {@link #verify} on two threads sharing the verifier (no lock on the warm path). */
    @Benchmark
    @Threads(2)
    public AttestationResult verifyTwoThreads(Tokens t, Cursor c) throws AttestationException {
        return t.coldRakVerifier.verify(Evidence.of(TeeType.CCA, t.realmTokens[c.advance()]), t.policy);
    }

    /** A platform seen for the first time: its CPAK is decoded into new trust anchors for this token. */
    @Benchmark
    public AttestationResult verifyCold(Tokens t, Cursor c) throws Exception {
        CcaVerifier fresh = CcaVerifier.builder(CcaTrustAnchors.builder()
                .add(CcaSimulator.IMPLEMENTATION_ID, t.instanceId, t.cpak).build()).rakCacheSize(0).build();
        return fresh.verify(Evidence.of(TeeType.CCA, t.realmTokens[c.advance()]), t.policy);
    }

    @Benchmark
    public AttestationResult verifySameRealm(Tokens t) throws AttestationException {
        return t.verifier.verify(Evidence.of(TeeType.CCA, t.token), t.policy);
    }
}
