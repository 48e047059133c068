package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --collateral-trust-store} (issue 22): TLS to a collateral endpoint whose certificate an
 * internal CA issued fails against the JDK trust store alone (no request is served), and succeeds
 * with the CA given (the request arrives at the endpoint with the vendor's path layout).
 */
class CollateralTrustStoreTest {
    static {
        // Before any test server starts: the JDK reads its server settings once per process.
        JdkHttpServerSettings.apply();
    }

    @TempDir
    Path tmp;

    @Test
    void anInternalCaIsTrustedOnlyWhenGiven() throws Exception {
        Path store = tmp.resolve("server.p12");
        Path pem = tmp.resolve("server.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", pem.toString());
        List<String> paths = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(context(store)));
        server.createContext("/", ex -> {
            paths.add(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            Cli.Result without = Cli.run(args(url, null).toArray(new String[0]));
            assertEquals(3, without.rc(), without.toString());
            assertEquals(List.of(), paths, "no request over an untrusted TLS connection");
            Cli.Result with = Cli.run(args(url, pem).toArray(new String[0]));
            assertEquals(3, with.rc(), with.toString());
            assertTrue(with.all().contains("answered HTTP 404"), with.toString());
            assertTrue(paths.stream().anyMatch(p -> p.startsWith("/vcek/v1/Genoa/")), paths.toString());
        } finally {
            server.stop(0);
        }
    }

    private List<String> args(String url, Path trust) {
        Path[] f = FleetFixtures.snpFiles(tmp);
        List<String> a = new ArrayList<>(List.of("verify", "--tee", "sev-snp", "--evidence", f[0].toString(),
                "--trust-root", f[1].toString(), "--cert", f[2].toString(), "--at", FleetFixtures.AT_TEXT,
                "--kds-url", url, "--cache-dir", tmp.resolve("cache-" + System.nanoTime()).toString()));
        if (trust != null) {
            a.addAll(List.of("--collateral-trust-store", trust.toString()));
        }
        return a;
    }

    private static SSLContext context(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Cli.Result r = Cli.exec(cmd, tmp, java.util.Map.of(), Duration.ofSeconds(60));
        assertEquals(0, r.rc(), r.toString());
        assertTrue(Files.exists(tmp), "keytool ran");
    }
}
