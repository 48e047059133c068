package io.tee4j.benchmarks;

import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.testing.BackendAppraiser;
import io.tee4j.coco.testing.FakeKbs;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full loopback RCAR exchange: a fresh {@link KbsClient} (new P-256 TEE key) runs auth → attest
 * (simulated SNP report signed by the simulated VCEK, verified by the fake KBS's warm SNP verifier
 * with the simulated ARK/ASK) → resource (JWE ECDH-ES+A256KW, decrypted). {@code resourceOnly} is
 * the resource request of an already attested session (token check, JWE, decrypt).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class KbsBenchmark {
    private FakeKbs kbs;
    private Attester pod;
    private KbsClient attested;

    @Setup
    public void setup() throws Exception {
        SimulatedAmdChain chain = SimulatedAmdChain.generate(ProductLine.GENOA);
        byte[] ask = chain.ask().getEncoded();
        pod = new Attester() {
            @Override
            public TeeType type() {
                return TeeType.SEV_SNP;
            }

            @Override
            public Evidence attest(byte[] rd) {
                return SimulatedSnpSigner.vcek(chain).report().reportData(rd).evidence().toBuilder().addCertificate(ask)
                        .build();
            }
        };
        BackendAppraiser appraiser = new BackendAppraiser().with(TeeType.SEV_SNP, VerifierConfiguration.builder()
                .addTrustRoot(chain.ark().getEncoded()).revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build());
        kbs = FakeKbs.builder(appraiser).resource("default/key/disk", new byte[32]).start();
        attested = KbsClient.builder(kbs.uri(), pod).build();
        attested.attest();
    }

    @TearDown
    public void tearDown() {
        kbs.close();
    }

    @Benchmark
    public int rcarExchange() throws Exception {
        try (SecretBytes s = KbsClient.builder(kbs.uri(), pod).build().getResource("default", "key", "disk")) {
            return s.size();
        }
    }

    @Benchmark
    public int resourceOnly() throws Exception {
        try (SecretBytes s = attested.getResource("default", "key", "disk")) {
            return s.size();
        }
    }
}
