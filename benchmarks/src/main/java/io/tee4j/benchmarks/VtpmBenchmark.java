package io.tee4j.benchmarks;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.tpm.eventlog.EventLog;
import io.tee4j.tpm.eventlog.EventLogReplay;
import io.tee4j.tpm.eventlog.ReplayedPcrs;
import io.tee4j.vtpm.VtpmAttestationResult;
import io.tee4j.vtpm.VtpmPolicy;
import io.tee4j.vtpm.gcp.GceAttestation;
import io.tee4j.vtpm.gcp.GcpVtpmVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.ServiceLoader;
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
 * Cloud vTPMs on real evidence: a warm Azure SEV-SNP vTPM verification (trustee's evidence v1 through
 * the SPI: JSON and HCL parsing, runtime-data binding, the cached AK's RSA-2048 quote signature, PCR
 * digest, the SNP report's P-384 signature with the kept VCEK key, default policies, nonce); the GCE
 * event log (44 events, three banks) parsed and replayed; a warm GCE attestation verification (AK
 * certificate chain, three RSA-2048 quotes, event-log replay).
 *
 * <p>Revocation is not checked (no AMD CRL ships with the vector); the VCEK chain is validated once
 * and kept, as a long-lived verifier does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class VtpmBenchmark {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    private PreparedVerifier azure;
    private Evidence azureEvidence;
    private PerCallInputs azureInputs;
    private byte[] gceLog;
    private GceAttestation gce;
    private GcpVtpmVerifier gcp;
    private VtpmPolicy gcpPolicy;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        TeeBackend backend = null;
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class)) {
            if (b.type() == TeeType.AZURE_SNP_VTPM) {
                backend = b;
            }
        }
        azure = backend.prepare(VerifierConfiguration.builder().offline(true)
                .revocationMode(RevocationMode.SKIP_INSECURE).build());
        azureEvidence = backend.readEvidence(resource("trustee-evidence-v1.json"));
        azureInputs = PerCallInputs.builder().clock(CLOCK)
                .policy(PolicyDocument.of(Map.of("nonce", "6368616c6c656e6765"))).build();
        azure.verify(azureEvidence, azureInputs);
        gce = GceAttestation.parse(resource("go-tpm-tools-gce-cos-85-nonce9009.pb"));
        gceLog = gce.eventLog();
        gcp = GcpVtpmVerifier.google();
        gcpPolicy = VtpmPolicy.fromDocument(PolicyDocument.of(Map.of("nonce", "9009")));
        gcp.verify(gce, gcpPolicy, CLOCK);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = VtpmBenchmark.class.getResourceAsStream("vtpm/" + name)) {
            return in.readAllBytes();
        }
    }

    /** Warm Azure SEV-SNP vTPM verification: one RSA-2048 and one P-384 verification plus parsing and policy. */
    @Benchmark
    public AttestationResult azureSnpVerifyWarm() throws Exception {
        return azure.verify(azureEvidence, azureInputs);
    }

    /** The GCE COS event log parsed and replayed in its three banks. */
    @Benchmark
    public ReplayedPcrs gceEventLogReplay() throws Exception {
        return EventLogReplay.replay(EventLog.parse(gceLog));
    }

    /** Warm GCE verification: AK chain (RSA), three RSA-2048 quotes, event-log replay and comparison. */
    @Benchmark
    public VtpmAttestationResult gcpVerifyWarm() throws Exception {
        return gcp.verify(gce, gcpPolicy, CLOCK);
    }
}
