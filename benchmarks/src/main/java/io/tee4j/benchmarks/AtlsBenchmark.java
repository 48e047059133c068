package io.tee4j.benchmarks;

import io.tee4j.atls.AtlsPolicy;
import io.tee4j.atls.AtlsServerOptions;
import io.tee4j.atls.AttestedTls;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpFirmware;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.testing.SimulatedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
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
 * Full TLS 1.3 handshakes per second over loopback, client and server in this JVM, one client
 * thread, each handshake followed by one byte from the server:
 *
 * <ul>
 *   <li>{@code attestedSnp}: tee4j attested TLS with the SEV-SNP simulator as the server's attester
 *       (AMD key sizes: RSA-4096 ARK/ASK, P-384 VCEK) and a warm prepared SNP verifier on the client
 *       (simulated ARK as its root, revocation required against a CRL file, default policy). Per
 *       handshake: a fresh SNI nonce, one simulated report signed, one certificate minted, one
 *       full report verification (the VCEK chain and CRL come from the verifier's caches);
 *   <li>{@code plainTls13}: the JDK's TLS 1.3 with the same key type (a P-256 self-signed leaf,
 *       trusted by a KeyStore trust manager).
 * </ul>
 *
 * <p>Neither resumes a session: each client socket is made with a host name no other connection
 * uses, which is what the attested client does for every connection. A real SEV-SNP device adds
 * its report latency to {@code attestedSnp} (the guest request to the PSP, typically a few
 * milliseconds, serialised per device), and a client without a warm verifier adds the VCEK fetch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AtlsBenchmark {
    private Server attested;
    private Server plain;
    private SSLSocketFactory attestedClient;
    private SSLSocketFactory plainClient;
    private final AtomicLong hosts = new AtomicLong();
    private Path dir;

    /** A loopback TLS server answering each connection with one byte, on its own threads. */
    private static final class Server {
        final SSLServerSocket socket;

        Server(SSLContext ctx) throws IOException {
            socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 128,
                    InetAddress.getLoopbackAddress());
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(this::serve, "atls-bench-server");
                t.setDaemon(true);
                t.start();
            }
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (SSLSocket s = (SSLSocket) socket.accept()) {
                    s.setTcpNoDelay(true);
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                } catch (IOException e) {
                    // a closed server socket ends the loop; a failed handshake fails the client's call
                }
            }
        }
    }

    @Setup
    public void setup() throws Exception {
        SimulatedAmdChain amd = SimulatedAmdChain.builder(ProductLine.GENOA).rsaBits(4096).build();
        SimulatedSnpFirmware fw = SimulatedSnpFirmware.of(SimulatedSnpSigner.vcek(amd), r -> { }, 0);
        byte[] vcek = amd.vcek().getEncoded();
        byte[] ask = amd.ask().getEncoded();
        Attester snp = new Attester() {
            @Override
            public TeeType type() {
                return TeeType.SEV_SNP;
            }

            @Override
            public Evidence attest(byte[] reportData) throws AttestationException {
                return Evidence.builder(TeeType.SEV_SNP, fw.report(reportData, 0)).addCertificate(vcek)
                        .addCertificate(ask).build();
            }
        };
        dir = Files.createTempDirectory("tee4j-atls-bench");
        Path crl = dir.resolve("crl.der");
        Instant now = Instant.now();
        Files.write(crl, amd.crl(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(7))).getEncoded());
        TeeBackend backend = null;
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class)) {
            if (b.type() == TeeType.SEV_SNP) {
                backend = b;
            }
        }
        VerifierConfiguration config = VerifierConfiguration.builder().addTrustRoot(amd.ark().getEncoded())
                .addCollateral(crl).offline(true).collateralSource(CollateralSource.none()).build();
        attested = new Server(AttestedTls.server(snp, AtlsServerOptions.defaults()));
        attestedClient = AttestedTls.client(backend.prepare(config), AtlsPolicy.builder(TeeType.SEV_SNP).build())
                .getSocketFactory();
        setupPlain();
    }

    private void setupPlain() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair keys = g.generateKeyPair();
        X509Certificate cert = SimulatedCertificate.builder(new X500Principal("CN=plain"), keys.getPublic())
                .validity(Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400))
                .sign(keys.getPrivate(), "SHA256withECDSA");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "bench".toCharArray();
        ks.setKeyEntry("plain", keys.getPrivate(), pw, new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, pw);
        SSLContext server = SSLContext.getInstance("TLSv1.3");
        server.init(kmf.getKeyManagers(), null, null);
        plain = new Server(server);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("plain", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLSv1.3");
        client.init(null, tmf.getTrustManagers(), null);
        plainClient = client.getSocketFactory();
    }

    @TearDown
    public void tearDown() throws IOException {
        attested.socket.close();
        plain.socket.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One full handshake and one byte; a host name used once, so that no session is resumed. */
    private int handshake(SSLSocketFactory factory, int port) throws IOException {
        // TCP_NODELAY on both ends: otherwise Nagle and delayed ACKs put ~40 ms stalls between the
        // handshake's flights, and both benchmarks measure the timers instead of the handshake.
        try (Socket tcp = noDelay(new Socket(InetAddress.getLoopbackAddress(), port));
                SSLSocket s = (SSLSocket) factory.createSocket(tcp, "h" + hosts.incrementAndGet(), port, true)) {
            s.startHandshake();
            int b = s.getInputStream().read();
            s.getOutputStream().write(1);
            return b;
        }
    }

    private static Socket noDelay(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return s;
    }

    @Benchmark
    public int attestedSnp() throws IOException {
        return handshake(attestedClient, attested.socket.getLocalPort());
    }

    @Benchmark
    public int plainTls13() throws IOException {
        return handshake(plainClient, plain.socket.getLocalPort());
    }
}
