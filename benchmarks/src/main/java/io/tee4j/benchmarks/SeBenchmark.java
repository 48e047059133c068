package io.tee4j.benchmarks;

import io.tee4j.core.AttestationException;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.client.SeRequest;
import io.tee4j.se.client.SeRequestBuilder;
import io.tee4j.se.simulator.SimulatedIbmPki;
import io.tee4j.se.simulator.UltravisorSimulator;
import io.tee4j.se.validate.SePolicy;
import io.tee4j.se.verify.HkdVerifier;
import io.tee4j.se.verify.SeAttestationResult;
import io.tee4j.se.verify.SeTrustAnchors;
import io.tee4j.se.verify.SeVerifier;
import io.tee4j.se.verify.VerifiedHkd;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
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
 * IBM Secure Execution response verification: {@code verify} parses the exchange-format response,
 * checks it answers the given request, decrypts the ARCB with the ARPK (AES-256-GCM), recomputes
 * the HMAC-SHA512 measurement over the image tags and compares it, splits the additional data
 * (image and attestation PHKH) and applies an empty policy. Symmetric crypto only; the target is
 * at least 20,000 verifications per second on one thread. The response comes from the simulated
 * Ultravisor in {@link Setup}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SeBenchmark {

    @State(Scope.Benchmark)
    public static class Response {
        SeRequest request;
        byte[] response;
        List<HeaderTags> tags;
        final SeVerifier verifier = new SeVerifier(Clock.systemUTC());
        final SePolicy policy = SePolicy.builder().build();

        @Setup
        public void setUp() throws Exception {
            SecureRandom random = new SecureRandom();
            SimulatedIbmPki pki = SimulatedIbmPki.create(Instant.now(), random);
            List<VerifiedHkd> hkds = HkdVerifier.of(SeTrustAnchors.explicit(List.of(pki.root())), pki.certificates(),
                    pki.crls(), Clock.systemUTC()).verify(List.of(pki.hkd()));
            request = SeRequestBuilder.withDefaultRandom().createRequest(hkds,
                    EnumSet.of(AttestationFlags.IMAGE_PHKH, AttestationFlags.ATTESTATION_PHKH), null);
            byte[] t = new byte[HeaderTags.SIZE];
            random.nextBytes(t);
            tags = List.of(HeaderTags.of(t));
            response = new UltravisorSimulator(pki.hostKey(), tags.get(0), new byte[16])
                    .attest(request.exchangeRequest(), new byte[64]);
        }
    }

    @Benchmark
    public SeAttestationResult verify(Response r) throws AttestationException {
        return r.verifier.verify(r.response, null, r.request.arpk(), r.tags, r.policy);
    }
}
