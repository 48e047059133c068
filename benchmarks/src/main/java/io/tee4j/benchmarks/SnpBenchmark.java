package io.tee4j.benchmarks;

import io.tee4j.core.Evidence;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpVerifier;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SEV-SNP: parse a report; verify one (signature, chain, bindings, CRL, default policy) with a
 * warm verifier (same chip, chain already checked: one ECDSA P-384 verification) and with a cold
 * one (a new verifier each time: RSA-4096 chain, CRL signature, key decoding).
 *
 * <p>The report and chain come from the simulator with AMD's key sizes (RSA-4096 ARK/ASK, EC P-384
 * VCEK), so the costs are those of real evidence; the CRL is checked (revocation required).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SnpBenchmark {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    private byte[] report;
    private Evidence evidence;
    private SimulatedAmdChain chain;
    private X509CRL crl;
    private SnpVerifier warm;
    private SnpPolicy policy;
    private io.tee4j.core.crypto.EcdsaVerifier vcekKey;
    /** Reports of two chips under one ASK, for a verifier that keeps one chip's state only. */
    private Evidence[] twoChips;
    private SnpVerifier newChips;
    private int nextChip;
    private byte[] r;
    private byte[] s;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        chain = SimulatedAmdChain.builder(ProductLine.GENOA).rsaBits(4096).build();
        SimulatedSnpSigner signer = SimulatedSnpSigner.vcek(chain);
        report = signer.report().reportData(new byte[] {1, 2, 3}).sign();
        evidence = signer.evidence(report);
        crl = chain.crl(NOW.minusSeconds(86400), NOW.plusSeconds(86400));
        policy = SnpPolicy.defaults();
        warm = newVerifier();
        warm.verify(evidence, policy);
        vcekKey = io.tee4j.core.crypto.EcdsaVerifier.fromPublicKey(chain.vcek().getPublicKey()).keep();
        byte[] otherChipId = new byte[64];
        new java.security.SecureRandom().nextBytes(otherChipId);
        SimulatedSnpSigner otherChip = SimulatedSnpSigner.vcek(chain.withSigningKeysFor(otherChipId, chain.tcb()));
        twoChips = new Evidence[] {evidence, otherChip.evidence(otherChip.report().reportData(new byte[] {4}).sign())};
        newChips = SnpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).roots(chain.roots()).addCrl(crl)
                .maxCachedCertificates(1).build();
        newChips.verify(twoChips[0], policy);
        newChips.verify(twoChips[1], policy);
        r = Arrays.copyOfRange(report, 0x2A0, 0x2A0 + 72);
        s = Arrays.copyOfRange(report, 0x2E8, 0x2E8 + 72);
    }

    private SnpVerifier newVerifier() {
        return SnpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).roots(chain.roots()).addCrl(crl).build();
    }

    /** The floor: the report's ECDSA P-384 verification alone, with the key object kept. */
    @Benchmark
    public boolean signatureOnly() {
        return vcekKey.verifyLittleEndian(report, 0, AttestationReport.SIGNED_LENGTH, r, s);
    }

    @Benchmark
    public AttestationReport parse() throws Exception {
        return AttestationReport.parse(report);
    }

    @Benchmark
    public SnpAttestationResult verifyWarm() throws Exception {
        return warm.verify(evidence, policy);
    }

    /**
     * {@link #verifyWarm} on two threads sharing one verifier: its caches are concurrent and the
     * warm path takes no lock, so this should reach about twice the one-thread rate on two free cores.
     */
    @Benchmark
    @Threads(2)
    public SnpAttestationResult verifyWarmTwoThreads() throws Exception {
        return warm.verify(evidence, policy);
    }

    /**
     * A chip seen for the first time by a verifier that has validated the ARK and ASK (and their
     * CRL) already: two chips alternate through a verifier that keeps one chip's state, so each
     * report costs its VCEK (certificate signature under the ASK, key decoding, the report
     * signature) and nothing shared.
     */
    @Benchmark
    public SnpAttestationResult verifyNewChip() throws Exception {
        nextChip ^= 1;
        return newChips.verify(twoChips[nextChip], policy);
    }

    @Benchmark
    public SnpAttestationResult verifyCold() throws Exception {
        return newVerifier().verify(evidence, policy);
    }
}
