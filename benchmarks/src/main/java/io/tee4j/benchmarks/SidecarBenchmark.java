package io.tee4j.benchmarks;

import io.tee4j.cli.Main;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sidecar's {@code POST /v1/verify} over real loopback HTTP/1.1 with keep-alive (one
 * {@link KeepAliveHttpClient} connection per client thread; the {@code *JdkClient} variants go
 * through one {@link HttpClient} instead), against the same evidence verified in process. The sidecar is the real one: {@code tee4j serve --offline} started in this
 * JVM on a free loopback port, with the SNP CRL and the TDX collateral bundle as its configured
 * collateral ({@code --collateral sev-snp=…}, {@code --collateral tdx=…}).
 *
 * <ul>
 *   <li>SEV-SNP: the evidence of {@link SnpBenchmark} (simulator, AMD key sizes: RSA-4096 ARK/ASK,
 *       P-384 VCEK), the VCEK in {@code certificates}, the simulated ARK and ASK in
 *       {@code trustRoots} (so the request's configuration is served from the sidecar's LRU of
 *       client root sets), revocation required and checked against the configured CRL, the
 *       default policy.
 *   <li>TDX: the 16 simulator quotes of {@link TdxBenchmark} in turn, the simulated root in
 *       {@code trustRoots}, the configured collateral bundle, revocation required.
 * </ul>
 *
 * <p>{@code *Sidecar} is one client thread, {@code *SidecarTwoThreads} two; {@code *Prepared} is
 * the sidecar's own prepared verifier path without HTTP; {@code *Latency} are the same calls in
 * sample mode (for p50). Compare with {@code SnpBenchmark.verifyWarm} and
 * {@code TdxBenchmark.verifyWarm} in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SidecarBenchmark {
    private static final Instant SNP_NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final Instant TDX_NOW = Instant.parse("2026-03-01T12:00:00Z");

    /**
     * The sidecar's HTTP server ({@code tee4j serve --http-server}): {@code blocking} (the default
     * since issue 15's transport work) or {@code jdk} (the JDK server of earlier releases); give
     * {@code -p httpServer=blocking,jdk} to measure both in one run.
     */
    @Param({"blocking"})
    public String httpServer;

    private HttpClient http;
    int port;
    private URI verifyUri;
    byte[] snpBody;
    byte[][] tdxBodies;
    private PreparedVerifier snpPrepared;
    private PreparedVerifier tdxPrepared;
    private Evidence snpEvidence;
    private Evidence[] tdxEvidence;
    private PerCallInputs snpInputs;
    private PerCallInputs tdxInputs;

    @Setup
    public void setup() throws Exception {
        Path dir = Files.createTempDirectory("tee4j-sidecar-bench");
        SimulatedAmdChain chain = SimulatedAmdChain.builder(ProductLine.GENOA).rsaBits(4096).build();
        byte[] report = SimulatedSnpSigner.vcek(chain).report().reportData(new byte[] {1, 2, 3}).sign();
        Path crl = Files.write(dir.resolve("ask.crl"),
                chain.crl(SNP_NOW.minusSeconds(86400), SNP_NOW.plusSeconds(86400)).getEncoded());
        byte[] snpRoots = pem(List.of(chain.ark(), chain.ask()));
        snpBody = json("sev-snp", report, chain.vcek().getEncoded(), snpRoots, SNP_NOW);

        Clock tdxClock = Clock.fixed(TDX_NOW, ZoneOffset.UTC);
        TdxSimulator sim = TdxSimulator.builder().clock(tdxClock).build();
        Path bundle = Files.write(dir.resolve("tdx-collateral.json"), sim.collateralBundle());
        byte[] tdxRoots = pem(sim.trustAnchors().roots());
        tdxBodies = new byte[16][];
        tdxEvidence = new Evidence[16];
        for (int i = 0; i < tdxBodies.length; i++) {
            byte[] rd = new byte[64];
            rd[0] = (byte) i;
            byte[] quote = sim.quote(rd);
            tdxBodies[i] = json("tdx", quote, null, tdxRoots, TDX_NOW);
            tdxEvidence[i] = Evidence.of(TeeType.TDX, quote);
        }

        port = freePort();
        Thread server = new Thread(() -> Main.run("serve", "--port", Integer.toString(port), "--offline",
                "--http-server", httpServer,
                "--collateral", "sev-snp=" + crl, "--collateral", "tdx=" + bundle), "tee4j-serve");
        server.setDaemon(true);
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        verifyUri = URI.create("http://127.0.0.1:" + port + "/v1/verify");
        awaitHealthy(port);
        requireVerified(post(snpBody));
        requireVerified(post(tdxBodies[0]));

        snpPrepared = backend(TeeType.SEV_SNP).prepare(VerifierConfiguration.builder().addTrustRoot(snpRoots)
                .addCollateral(crl).offline(true).build());
        snpEvidence = Evidence.of(TeeType.SEV_SNP, report);
        snpInputs = PerCallInputs.builder().addCertificate(chain.vcek().getEncoded())
                .clock(Clock.fixed(SNP_NOW, ZoneOffset.UTC)).build();
        snpPrepared.verify(snpEvidence, snpInputs);
        tdxPrepared = backend(TeeType.TDX).prepare(VerifierConfiguration.builder().addTrustRoot(tdxRoots)
                .addCollateral(bundle).offline(true).build());
        tdxInputs = PerCallInputs.builder().clock(tdxClock).build();
        tdxPrepared.verify(tdxEvidence[0], tdxInputs);
    }

    /** Per-thread keep-alive connection of the benchmark's load client ({@link KeepAliveHttpClient}). */
    @State(Scope.Thread)
    public static class Connection {
        KeepAliveHttpClient client;

        KeepAliveHttpClient client(int port) {
            if (client == null) {
                client = new KeepAliveHttpClient(port);
            }
            return client;
        }

        @TearDown
        public void close() throws IOException {
            if (client != null) {
                client.close();
            }
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

    @Benchmark
    public int snpSidecar(Connection k) throws Exception {
        return post(k, snpBody);
    }

    @Benchmark
    @Threads(2)
    public int snpSidecarTwoThreads(Connection k) throws Exception {
        return post(k, snpBody);
    }

    /** {@link #snpSidecar} through {@code java.net.http.HttpClient} instead of the blocking load client. */
    @Benchmark
    public int snpSidecarJdkClient() throws Exception {
        return requireVerified(post(snpBody));
    }

    @Benchmark
    public AttestationResult snpPrepared() throws Exception {
        return snpPrepared.verify(snpEvidence, snpInputs);
    }

    @Benchmark
    public int tdxSidecar(Cursor c, Connection k) throws Exception {
        return post(k, tdxBodies[c.advance()]);
    }

    @Benchmark
    @Threads(2)
    public int tdxSidecarTwoThreads(Cursor c, Connection k) throws Exception {
        return post(k, tdxBodies[c.advance()]);
    }

    /** {@link #tdxSidecar} through {@code java.net.http.HttpClient} instead of the blocking load client. */
    @Benchmark
    public int tdxSidecarJdkClient(Cursor c) throws Exception {
        return requireVerified(post(tdxBodies[c.advance()]));
    }

    @Benchmark
    public AttestationResult tdxPrepared(Cursor c) throws Exception {
        return tdxPrepared.verify(tdxEvidence[c.advance()], tdxInputs);
    }

    /** {@link #snpSidecar} sampled, for its latency percentiles. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int snpSidecarLatency(Connection k) throws Exception {
        return post(k, snpBody);
    }

    /** {@link #snpPrepared} sampled: the in-process warm time the sidecar's latency is set against. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public AttestationResult snpPreparedLatency() throws Exception {
        return snpPrepared.verify(snpEvidence, snpInputs);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int tdxSidecarLatency(Cursor c, Connection k) throws Exception {
        return post(k, tdxBodies[c.advance()]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public AttestationResult tdxPreparedLatency(Cursor c) throws Exception {
        return tdxPrepared.verify(tdxEvidence[c.advance()], tdxInputs);
    }

    /** The reply's length after checking its verdict on the bytes: no string of the reply per request. */
    private int post(Connection k, byte[] body) throws IOException {
        return requireVerified(k.client(port).post("/v1/verify", body));
    }

    private String post(byte[] body) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(verifyUri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static final byte[] VERIFIED = "\"verified\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    /**
     * {@link #requireVerified(String)} on the reply's bytes: {@code "verified"}, then only a colon
     * and white space, then {@code true}.
     */
    private static int requireVerified(byte[] body) {
        int key = indexOf(body, VERIFIED, 0);
        int i = key < 0 ? body.length : key + VERIFIED.length;
        while (i < body.length && (body[i] == ':' || body[i] == ' ' || body[i] == '\n' || body[i] == '\t'
                || body[i] == '\r')) {
            i++;
        }
        if (key < 0 || indexOf(body, TRUE, i) != i) {
            throw new IllegalStateException("not verified: " + new String(body, StandardCharsets.UTF_8));
        }
        return body.length;
    }

    private static int indexOf(byte[] data, byte[] word, int from) {
        outer:
        for (int at = from; at + word.length <= data.length; at++) {
            for (int j = 0; j < word.length; j++) {
                if (data[at + j] != word[j]) {
                    continue outer;
                }
            }
            return at;
        }
        return -1;
    }

    /** The body's length, after checking the verdict: a benchmark of refusals would measure nothing. */
    private static int requireVerified(String body) {
        int key = body.indexOf("\"verified\"");
        int value = key < 0 ? -1 : body.indexOf("true", key);
        if (value < 0 || !body.substring(key + 10, value).replace(":", "").isBlank()) {
            throw new IllegalStateException("not verified: " + body);
        }
        return body.length();
    }

    private static byte[] json(String tee, byte[] evidence, byte[] certificate, byte[] roots, Instant at) {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder s = new StringBuilder("{\"tee\":\"").append(tee).append("\",\"evidence\":\"")
                .append(b64.encodeToString(evidence)).append('"');
        if (certificate != null) {
            s.append(",\"certificates\":[\"").append(b64.encodeToString(certificate)).append("\"]");
        }
        s.append(",\"trustRoots\":[\"").append(b64.encodeToString(roots)).append("\"],\"at\":\"").append(at)
                .append("\"}");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pem(List<X509Certificate> certs) {
        StringBuilder s = new StringBuilder();
        certs.forEach(c -> s.append(Certificates.toPem(c)));
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitHealthy(int port) throws Exception {
        URI health = URI.create("http://127.0.0.1:" + port + "/healthz");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            Thread.sleep(50);
        }
    }

    /** The backend registered for {@code type}, found as the CLI finds it (its class is internal to its module). */
    private static TeeBackend backend(TeeType type) {
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class, SidecarBenchmark.class.getClassLoader())) {
            if (b.type() == type) {
                return b;
            }
        }
        throw new IllegalStateException("no backend for " + type + " on the class path");
    }
}
