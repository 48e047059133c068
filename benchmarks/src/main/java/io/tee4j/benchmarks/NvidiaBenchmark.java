package io.tee4j.benchmarks;

import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.simulator.NvGpuSimulator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * NVIDIA GPU report verification. Reports come from the simulator (same curve, sizes and layout as
 * a real H100: 64 SHA-384 blocks, P-384 leaf).
 *
 * <ul>
 *   <li>{@code parse}: the SPDM report parser;
 *   <li>{@code signatureOnly}: the report signature with the kept leaf key (the floor);
 *   <li>{@code verifyWarm}: a report of a known GPU through a warm verifier: device chain validated
 *       once, leaf key object kept, RIMs verified once; per report it parses, checks FWID, nonce,
 *       the P-384 signature and compares the 33 active measurements. Revocation is off here (it is
 *       network-bound and served from a cache in production);
 *   <li>{@code verifyWithCachedCollateral}: the production path with a warm collateral cache: RIMs
 *       and OCSP answers served as cached copies, their verdicts reused within their validity;
 *   <li>{@code verifyWarmTwoThreads}: {@code verifyWarm} on two threads sharing the verifier;
 *   <li>{@code verifyCold}: a GPU seen for the first time with collateral cached: a new verifier
 *       per report (device chain validation, both RIMs' XML signatures and signing chains, OCSP
 *       answers for the device and RIM chains checked, all served from the warm collateral cache);
 *   <li>{@code verifyWithRimsAndOcsp}: the same with OCSP for the seven device and RIM certificates
 *       answered by the simulator's in-process responder on every call (no OCSP cache): an upper
 *       bound of the cost of revocation checking.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class NvidiaBenchmark {
    private byte[] report;
    private Evidence evidence;
    private NvGpuVerifier warm;
    private NvGpuVerifier full;
    private NvGpuVerifier cached;
    private NvGpuSimulator sim;
    private io.tee4j.core.collateral.CollateralSource memoSource;
    private NvGpuPolicy appraised;
    private io.tee4j.core.crypto.EcdsaVerifier leafKey;
    private int signedLength;
    private byte[] signature;

    @Setup
    public void setUp() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
        sim = NvGpuSimulator.builder().clock(clock).seed(7).build();
        byte[] nonce = new byte[32];
        nonce[0] = 1;
        evidence = sim.evidence(nonce);
        report = evidence.raw();
        warm = NvGpuVerifier.builder().clock(clock).deviceTrustAnchors(sim.deviceTrustAnchors())
                .rimTrustAnchors(sim.rimTrustAnchors()).addRim(sim.driverRim()).addRim(sim.vbiosRim())
                .revocationMode(RevocationMode.SKIP_INSECURE).build();
        full = sim.verifier().build();
        // A memoising source standing in for core's collateral cache: RIMs are served as cached
        // copies after the first fetch; OCSP requests carry a key unique to their nonce, so every
        // verification still asks the (simulated) responder, as online verification does.
        io.tee4j.core.collateral.CollateralSource simSource = sim.collateralSource();
        Map<String, io.tee4j.core.collateral.FetchedCollateral> memo = new ConcurrentHashMap<>();
        memoSource = request -> {
            io.tee4j.core.collateral.FetchedCollateral hit = memo.get(request.cacheKey());
            if (hit != null) {
                return hit;
            }
            io.tee4j.core.collateral.FetchedCollateral f = simSource.fetch(request);
            memo.put(request.cacheKey(), f.asCached());
            return f;
        };
        cached = sim.verifier().collateralSource(memoSource).build();
        appraised = NvGpuPolicy.builder().expectedNonce(nonce).build();
        NvGpuAttestationResult r = warm.verify(evidence, appraised);
        leafKey = io.tee4j.core.crypto.EcdsaVerifier.fromPublicKey(r.deviceChain().get(0).getPublicKey()).keep();
        signedLength = r.report().signedLength();
        signature = r.report().signature();
        full.verify(evidence, appraised);
        cached.verify(evidence, appraised);
    }

    @Benchmark
    public SpdmMeasurementReport parse() throws Exception {
        return SpdmMeasurementReport.parse(report);
    }

    /** The report signature alone with the kept leaf key: the floor under {@link #verifyWarm()}. */
    @Benchmark
    public boolean signatureOnly() {
        return leafKey.verifyP1363(report, 0, signedLength, signature);
    }

    @Benchmark
    public NvGpuAttestationResult verifyWarm() throws Exception {
        return warm.verify(evidence, appraised);
    }

    /** {@link #verifyWarm} on two threads sharing the verifier (concurrent caches, no lock on the warm path). */
    @Benchmark
    @Threads(2)
    public NvGpuAttestationResult verifyWarmTwoThreads() throws Exception {
        return warm.verify(evidence, appraised);
    }

    /** A GPU seen for the first time, collateral (RIMs, OCSP answers) served from a warm cache. */
    @Benchmark
    public NvGpuAttestationResult verifyCold() throws Exception {
        return sim.verifier().collateralSource(memoSource).build().verify(evidence, appraised);
    }

    @Benchmark
    public NvGpuAttestationResult verifyWithCachedCollateral() throws Exception {
        return cached.verify(evidence, appraised);
    }

    @Benchmark
    public NvGpuAttestationResult verifyWithRimsAndOcsp() throws Exception {
        return full.verify(evidence, appraised);
    }
}
