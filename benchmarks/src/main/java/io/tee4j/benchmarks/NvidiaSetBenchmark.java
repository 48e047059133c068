package io.tee4j.benchmarks;

import io.tee4j.core.RevocationMode;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.EvidenceListVerifier;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
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
 * An HGX-sized NVIDIA evidence list, 8 GPUs and 4 NVSwitches, verified warm ({@code verifySetWarm}; one op =
 * one whole set): per device the SPDM parse, the cached device chain, FWID, nonce and the P-384 signature with
 * the kept leaf key (12 P-384 verifications per set), then the set checks. The devices are real reports from
 * NVIDIA's attestation SDK (its 4 H100s, each twice, and its LS10 report four times, all as separate list
 * entries): no public 8+4 set of one system exists, so the set ends in the topology check's refusal, after every
 * device was verified; the op counts only that refusal as success. Revocation is off and measurements are not
 * appraised (no RIM for these reports offline); both are per-device lookups served from caches in production.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class NvidiaSetBenchmark {
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    private List<DeviceEvidence> set;
    private EvidenceListVerifier verifier;
    private NvGpuPolicy policy;

    @Setup
    public void setUp() throws Exception {
        List<DeviceEvidence> gpus = EvidenceList.parse(resource("nvat-multi_gpu_hopper.json"));
        List<DeviceEvidence> switches = EvidenceList.parse(resource("nvat-multi_switch_ls10.json"));
        List<List<DeviceEvidence>> parts = new ArrayList<>(List.of(gpus, gpus, switches));
        set = EvidenceList.concat(parts);
        verifier = new EvidenceListVerifier(NvGpuVerifier.builder().revocationMode(RevocationMode.SKIP_INSECURE)
                .build());
        policy = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build();
        if (!verifySetWarm().contains("topology check failed")) {
            throw new IllegalStateException("the benchmark set must reach the topology check");
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NvidiaSetBenchmark.class.getResourceAsStream("nvidia/" + name)) {
            if (in == null) {
                throw new IOException("missing resource nvidia/" + name);
            }
            return in.readAllBytes();
        }
    }

    @Benchmark
    public String verifySetWarm() throws Exception {
        try {
            verifier.verify(set, policy, AT);
            throw new IllegalStateException("the set passed its topology check");
        } catch (VerificationFailedException expected) {
            return expected.getMessage();
        }
    }
}
