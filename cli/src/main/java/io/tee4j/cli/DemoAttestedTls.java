package io.tee4j.cli;

import io.tee4j.atls.AtlsPolicy;
import io.tee4j.atls.AtlsServerOptions;
import io.tee4j.atls.AttestedPeer;
import io.tee4j.atls.AttestedTls;
import io.tee4j.atls.AttestedTlsException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.testing.SimulatedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;

/**
 * The demo's attested TLS part: a loopback round trip to a server attested by the simulated
 * SEV-SNP and TDX TEEs (the client verifies the evidence in the handshake), then two men in the
 * middle the client refuses: one with a valid certificate carrying no evidence, one replaying the
 * genuine server's certificate from an earlier handshake.
 */
final class DemoAttestedTls {
    private static final String SECTION = "Attested TLS: the server's TEE evidence verified in the handshake (loopback)";

    private DemoAttestedTls() {
    }

    /** The simulators of one demo run, in a temporary directory. */
    private static final class State {
        Path dir;
        Simulators sims;
        X509Certificate recorded;

        Simulators sims() throws Exception {
            if (sims == null) {
                dir = Files.createTempDirectory("tee4j-demo-atls");
                sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
            }
            return sims;
        }

        void close() {
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    static List<DemoStep> steps() {
        State state = new State();
        List<DemoStep> steps = new ArrayList<>();
        steps.add(new DemoStep(SECTION, "sev-snp", "round trip, simulated SNP server",
                step -> roundTrip(step, state, TeeType.SEV_SNP)));
        steps.add(new DemoStep(SECTION, "tdx", "round trip, simulated TDX server",
                step -> roundTrip(step, state, TeeType.TDX)));
        steps.add(new DemoStep(SECTION, "sev-snp", "MITM: valid certificate, no evidence",
                step -> mitm(step, state, false)));
        steps.add(new DemoStep(SECTION, "sev-snp", "MITM: evidence from another handshake",
                step -> {
                    try {
                        return mitm(step, state, true);
                    } finally {
                        state.close();
                    }
                }));
        return steps;
    }

    private static PreparedVerifier verifier(Simulators sims, TeeType tee) throws Exception {
        VerifierConfiguration.Builder b = VerifierConfiguration.builder().offline(true)
                .collateralSource(CollateralSource.none()).revocationMode(RevocationMode.REQUIRE)
                .addTrustRoot(Files.readAllBytes(Simulators.rootFile(sims.dir(), tee)));
        b.addCollateral(sims.dir().resolve(tee == TeeType.SEV_SNP ? "sev-snp-crl.der" : "tdx-collateral.json"));
        return Backends.forType(tee).prepare(b.build());
    }

    private static DemoStep.Outcome roundTrip(DemoStep step, State state, TeeType tee) throws Exception {
        Simulators sims = state.sims();
        sims.attest(tee, new byte[64]); // writes the collateral (CRL, TDX bundle) the verifier reads
        SSLContext server = AttestedTls.server(sims.attester(tee), AtlsServerOptions.defaults());
        SSLContext client = AttestedTls.client(verifier(sims, tee), AtlsPolicy.builder(tee).build());
        AttestedPeer peer = handshake(server, client);
        if (tee == TeeType.SEV_SNP) {
            state.recorded = peer.certificate();
        }
        return step.outcome("VERIFIED (simulated)", "TLS 1.3; report data = SHA-512(server key, handshake nonce), "
                + "nonce matched; " + DemoSamples.summary(peer.result())
                        .replace("anchors=explicit", "explicit anchors (simulator)"), true);
    }

    private static DemoStep.Outcome mitm(DemoStep step, State state, boolean replay) throws Exception {
        Simulators sims = state.sims();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair attacker = g.generateKeyPair();
        X509Certificate cert;
        if (replay) {
            if (state.recorded == null) {
                return step.outcome("SKIPPED", "the SNP round trip did not run", false);
            }
            cert = state.recorded;
        } else {
            X500Principal name = new X500Principal("CN=man in the middle");
            cert = SimulatedCertificate.builder(name, attacker.getPublic())
                    .validity(Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600))
                    .sign(attacker.getPrivate(), "SHA256withECDSA");
        }
        SSLContext server = SSLContext.getInstance("TLSv1.3");
        server.init(new KeyManager[] {new FixedKeyManager(cert, attacker.getPrivate())}, null, null);
        SSLContext client = AttestedTls.client(verifier(sims, TeeType.SEV_SNP), AtlsPolicy.builder(TeeType.SEV_SNP)
                .build());
        try {
            handshake(server, client);
            return step.outcome("ACCEPTED", "the client accepted a man in the middle", false);
        } catch (IOException e) {
            AttestedTlsException why = AttestedTls.failureOf(e).orElse(null);
            if (why == null) {
                return step.outcome("FAILED", e.getMessage(), false);
            }
            return step.outcome("REFUSED (" + why.reason().name().toLowerCase().replace('_', ' ') + ")",
                    why.getMessage() + "; handshake aborted before any request was sent", true);
        }
    }

    /** One handshake over loopback; returns the client's attested peer. */
    private static AttestedPeer handshake(SSLContext server, SSLContext client) throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(1);
                } catch (IOException e) {
                    // the client refused us: nothing to serve
                }
            }, "tee4j-demo-atls");
            acceptor.setDaemon(true);
            acceptor.start();
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                s.getInputStream().read();
                return AttestedTls.peer(s.getSession()).orElseThrow();
            } finally {
                acceptor.join(10_000);
            }
        }
    }

    /** A man in the middle's key manager: one certificate, one (its own) key. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final X509Certificate cert;
        private final PrivateKey key;

        FixedKeyManager(X509Certificate cert, PrivateKey key) {
            this.cert = cert;
            this.key = key;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return "EC".equals(keyType) ? "mitm" : null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {cert};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"mitm"};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }
    }
}
