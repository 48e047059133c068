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
import java.util.ArrayList;
import java.util.List;
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
 *   <li>{@code verifyNewGpu} (issue 23, item 3): a GPU seen for the first time whose RIMs and OCSP
 *       answers are already verified: a ring of {@value #FLEET} GPUs of one model and firmware (own
 *       BROM and FMC leaf each) goes through a verifier that keeps one GPU's own state
 *       ({@code cacheSize(1)}; the ring is larger than every other bounded cache of per-GPU state),
 *       with RIMs and OCSP answers served by a caller's store as cached copies (answers by
 *       certificate, the request nonce left out), so each report costs its device chain below the
 *       shared CAs, its leaf key, its signature and the verdict lookups;
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
    /** GPUs in the fleet ring: more than any per-verifier cache keeps of their own state. */
    static final int FLEET = 96;
    private Evidence[] fleetEvidence;
    private NvGpuVerifier fleet;
    private int nextGpu;

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
        setUpFleet(nonce);
    }

    private void setUpFleet(byte[] nonce) throws Exception {
        List<io.tee4j.core.collateral.CollateralSource> sources = new ArrayList<>();
        fleetEvidence = new Evidence[FLEET];
        for (int i = 0; i < FLEET; i++) {
            NvGpuSimulator gpu = i == 0 ? sim : sim.anotherGpu();
            fleetEvidence[i] = gpu.evidence(nonce);
            sources.add(gpu.collateralSource());
        }
        // A caller's store (a sidecar, an offline cache): RIMs by URL, OCSP answers by certificate.
        Map<String, io.tee4j.core.collateral.FetchedCollateral> store = new ConcurrentHashMap<>();
        io.tee4j.core.collateral.CollateralSource storeSource = request -> {
            String key = request.cacheKey();
            if (request.kind() == io.tee4j.core.collateral.CollateralKind.OCSP_RESPONSE) {
                key = key.substring(0, key.lastIndexOf(':'));
            }
            io.tee4j.core.collateral.FetchedCollateral hit = store.get(key);
            if (hit != null) {
                return hit;
            }
            io.tee4j.core.CollateralUnavailableException last = null;
            for (io.tee4j.core.collateral.CollateralSource s : sources) {
                try {
                    io.tee4j.core.collateral.FetchedCollateral f = s.fetch(request).asCached();
                    store.put(key, f);
                    return f;
                } catch (io.tee4j.core.CollateralUnavailableException e) {
                    last = e;
                }
            }
            throw last;
        };
        fleet = sim.verifier().collateralSource(storeSource).cacheSize(1).build();
        for (Evidence e : fleetEvidence) {
            fleet.verify(e, appraised);
        }
    }

    /** A GPU seen for the first time, its RIMs and OCSP answers verified already (see the class comment). */
    @Benchmark
    public NvGpuAttestationResult verifyNewGpu() throws Exception {
        nextGpu = nextGpu + 1 == FLEET ? 0 : nextGpu + 1;
        return fleet.verify(fleetEvidence[nextGpu], appraised);
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
