package io.tee4j.benchmarks;

import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxVerifier;
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
 * TDX quote parsing and verification. Quotes come from the TDX simulator (same sizes and P-256
 * signatures as real quotes; the simulator root is passed explicitly). {@code verifyWarm}: a
 * verifier that has seen the platform before, given a different quote each call (16 quotes with
 * different report data from one platform): one ECDSA P-256 verification plus TCB comparison and
 * policy. {@code verifyCold}: a fresh verifier each call (PCK chain, QE report, collateral
 * signatures, CRLs). {@code ecdsaP256KeptKey}: the warm path's single signature check alone, as
 * the baseline the warm path is measured against. {@code verifyNewPlatform} (issue 23, item 3): a
 * ring of {@value #FLEET} platforms (each its own PCK leaf, QE report signature and attestation key)
 * under one FMSPC's collateral goes through a verifier that keeps one platform's own state
 * ({@code cacheSize(1)}; the ring is larger than every other bounded cache), so each quote is a
 * platform seen for the first time whose collateral is already verified: its PCK leaf signature
 * (under the kept PCK CA key), QE report signature and quote signature with fresh keys, the
 * per-platform revocation lookup and the TCB comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TdxBenchmark {
    private byte[][] quotes;
    private TdxVerifier warm;
    private TdxSimulator sim;
    private io.tee4j.tdx.collateral.TdxCollateral collateral;
    private Clock clock;
    private final TdxPolicy policy = TdxPolicy.defaults();
    private io.tee4j.core.crypto.EcdsaVerifier attestationKey;
    private byte[] signature;
    private int signedLength;
    /** Platforms in the fleet ring: more than any per-verifier cache keeps of them. */
    static final int FLEET = 96;
    private byte[][] fleetQuotes;
    private TdxVerifier fleet;
    private int nextPlatform;

    @Setup
    public void setup() throws Exception {
        clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        sim = TdxSimulator.builder().clock(clock).build();
        quotes = new byte[16][];
        for (int i = 0; i < quotes.length; i++) {
            byte[] rd = new byte[64];
            rd[0] = (byte) i;
            quotes[i] = sim.quote(rd);
        }
        collateral = sim.collateral();
        warm = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).collateral(collateral).clock(clock)
                .build();
        warm.verify(quotes[0], policy);
        TdxQuote q = TdxQuote.parse(quotes[0]);
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(q.attestationKey(), 0, point, 1, 64);
        attestationKey = io.tee4j.core.crypto.EcdsaVerifier.fromUncompressedPoint(io.tee4j.core.crypto.EcCurve.P256,
                point).keep();
        signature = q.signature();
        signedLength = q.signedLength();
        fleetQuotes = new byte[FLEET][];
        fleetQuotes[0] = quotes[0];
        for (int i = 1; i < FLEET; i++) {
            fleetQuotes[i] = sim.anotherPlatform(100 + i).quote(new byte[64]);
        }
        fleet = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).collateral(collateral).clock(clock)
                .cacheSize(1).build();
        for (byte[] platformQuote : fleetQuotes) {
            fleet.verify(platformQuote, policy);
        }
    }

    /** Per-thread position in the quote ring, so threads share no mutable benchmark state. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance() {
            return next++ & 15;
        }
    }

    /** Baseline: the one ECDSA P-256 verification of the warm path alone, with the kept key object. */
    @Benchmark
    public boolean ecdsaP256KeptKey() {
        return attestationKey.verifyP1363(quotes[0], 0, signedLength, signature);
    }

    @Benchmark
    public TdxQuote parse(Cursor c) throws Exception {
        return TdxQuote.parse(quotes[c.advance()]);
    }

    @Benchmark
    public TdxAttestationResult verifyWarm(Cursor c) throws Exception {
        return warm.verify(quotes[c.advance()], policy);
    }

    /** {@link #verifyWarm} on two threads sharing one verifier (concurrent caches, no lock on the warm path). */
    @Benchmark
    @Threads(2)
    public TdxAttestationResult verifyWarmTwoThreads(Cursor c) throws Exception {
        return warm.verify(quotes[c.advance()], policy);
    }

    @Benchmark
    public TdxAttestationResult verifyCold(Cursor c) throws Exception {
        TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).collateral(collateral)
                .clock(clock).build();
        return v.verify(quotes[c.advance()], policy);
    }

    /** A platform seen for the first time whose FMSPC collateral is verified already (see the class comment). */
    @Benchmark
    public TdxAttestationResult verifyNewPlatform() throws Exception {
        nextPlatform = nextPlatform + 1 == FLEET ? 0 : nextPlatform + 1;
        return fleet.verify(fleetQuotes[nextPlatform], policy);
    }
}
