package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.atls.AtlsServerOptions;
import io.tee4j.atls.AttestedTls;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.crypto.Certificates;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tee4j atls connect} and {@code tee4j atls show-cert} against the sidecar served over
 * attested TLS with the simulated SEV-SNP attester (what {@code tee4j serve --tls attested
 * --simulate DIR} runs).
 */
class AtlsCommandTest {
    @TempDir
    static Path dir;
    private static Simulators sims;
    private static Sidecar sidecar;

    @BeforeAll
    static void start() throws Exception {
        sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
        SSLContext tls = AttestedTls.server(sims.attester(TeeType.SEV_SNP), AtlsServerOptions.defaults());
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 4096, 2, 4, null,
                true, false, List.of(), Clock.systemUTC(), type -> {
                    throw new TeeUnavailableException("no TEE in this test");
                });
        sidecar = new Sidecar(config, tls);
        sidecar.start();
    }

    @AfterAll
    static void stop() {
        sidecar.close();
    }

    private static String url() {
        return "https://localhost:" + sidecar.port() + "/healthz";
    }

    private static String sim(String file) {
        return dir.resolve("sim").resolve(file).toString();
    }

    @Test
    void connectPrintsTheVerifiedClaimsAndTheBody() {
        Cli.Result r = Cli.run("atls", "connect", url(), "--tee", "sev-snp", "--trust-root", sim("sev-snp-root.pem"),
                "--collateral", sim("sev-snp-crl.der"), "--offline");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("\"tee\" : \"sev-snp\"") || r.out().contains("\"tee\":\"sev-snp\""), r.toString());
        assertTrue(r.out().contains("CLIENT_NONCE"), r.toString());
        assertTrue(r.out().replace(" ", "").contains("\"status\":\"ok\""), "the /healthz body follows: " + r);
    }

    @Test
    void connectRefusesAnotherTeeWithThePolicyExitCode() {
        Cli.Result r = Cli.run("atls", "connect", url(), "--tee", "tdx", "--offline");
        assertEquals(5, r.rc(), r.toString());
        assertTrue(r.err().contains("sev-snp"), r.toString());
    }

    @Test
    void connectRefusesSimulatedEvidenceWithoutItsRoot() {
        Cli.Result r = Cli.run("atls", "connect", url(), "--tee", "sev-snp", "--collateral", sim("sev-snp-crl.der"),
                "--offline");
        assertEquals(2, r.rc(), r.toString());
    }

    @Test
    void aPolicyWithAnUnknownKeyIsAUsageError() throws Exception {
        Path policy = dir.resolve("bad-policy.json");
        Files.writeString(policy, "{\"noSuchKey\": true}");
        Cli.Result r = Cli.run("atls", "connect", url(), "--tee", "sev-snp", "--trust-root", sim("sev-snp-root.pem"),
                "--collateral", sim("sev-snp-crl.der"), "--offline", "--policy", policy.toString());
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("noSuchKey"), r.toString());
    }

    @Test
    void connectNeedsAnHttpsUrl() {
        assertEquals(1, Cli.run("atls", "connect", "http://localhost:1/", "--tee", "sev-snp").rc());
    }

    @Test
    void showCertDecodesTheServersCertificate() throws Exception {
        Path pem = dir.resolve("server.pem");
        Files.writeString(pem, Certificates.toPem(serverCertificate()), StandardCharsets.US_ASCII);
        Cli.Result r = Cli.run("atls", "show-cert", pem.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("TEE4J_CMW") && r.out().contains("application/vnd.tee4j.sev-snp.report")
                && r.out().contains("endorsement-0") && r.out().contains("CLIENT_NONCE"), r.toString());
    }

    @Test
    void showCertWithoutEvidenceIsMalformedEvidence() {
        Cli.Result r = Cli.run("atls", "show-cert", sim("sev-snp-root.pem"));
        assertEquals(6, r.rc(), r.toString());
    }

    @Test
    void serveTlsFlagsAreCheckedBeforeAnythingStarts() {
        Cli.Result other = Cli.run("serve", "--tls", "mutual", "--port", "0", "--simulate", dir.resolve("sim").toString());
        assertEquals(1, other.rc(), other.toString());
        assertTrue(other.err().contains("'attested'"), other.toString());
        Cli.Result teeAlone = Cli.run("serve", "--tee", "tdx", "--port", "0");
        assertEquals(1, teeAlone.rc(), teeAlone.toString());
        assertTrue(teeAlone.err().contains("--tls attested"), teeAlone.toString());
    }

    /** The certificate the server presents, fetched with a trust-all client (decoding only). */
    private static X509Certificate serverCertificate() throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        TrustManager all = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new TrustManager[] {all}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", sidecar.port())) {
            javax.net.ssl.SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new javax.net.ssl.SNIHostName("00112233445566778899aabbccddeeff")));
            s.setSSLParameters(p);
            s.startHandshake();
        }
        return seen[0];
    }

    @Test
    void connectReadsAtMostItsBodyCapFromAnEndlessAnswer() throws Exception {
        SSLContext tls = AttestedTls.server(sims.attester(TeeType.SEV_SNP), AtlsServerOptions.defaults());
        com.sun.net.httpserver.HttpsServer endless = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        endless.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        endless.createContext("/", ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 << 10];
            try (java.io.OutputStream o = ex.getResponseBody()) {
                while (true) {
                    o.write(chunk);
                }
            } catch (java.io.IOException gone) {
                // the client stopped reading
            }
        });
        endless.start();
        try {
            Cli.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> Cli.run("atls", "connect", "https://localhost:" + endless.getAddress().getPort() + "/",
                            "--tee", "sev-snp", "--trust-root", sim("sev-snp-root.pem"),
                            "--collateral", sim("sev-snp-crl.der"), "--offline"));
            assertEquals(0, r.rc(), r.err());
        } finally {
            endless.stop(0);
        }
    }
}
