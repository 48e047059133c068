package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.snp.simulator.SimulatedKds;
import io.tee4j.tdx.simulator.FakePcs;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tee4j collateral fetch} and {@code tee4j collateral serve} (issues 16 and 22): fetch from
 * a loopback fake KDS / PCS into a folder, printing the validity window; serve that folder and
 * verify against the server with the endpoint flags (nothing else reachable); verify offline
 * with {@code --collateral DIR}. The mirror is read-only, GET/HEAD only, and no request path
 * reaches a file.
 */
class CollateralFetchServeTest {
    static {
        // Before any test server starts: the JDK reads its server settings once per process.
        JdkHttpServerSettings.apply();
    }

    @TempDir
    Path tmp;

    private static Cli.Result run(List<String> args) {
        return Cli.run(args.toArray(new String[0]));
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> out = new ArrayList<>(base);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void snpFetchServeVerifyAndOfflineVerify() throws Exception {
        Path[] f = FleetFixtures.snpFiles(tmp);
        List<String> evidence = List.of("--tee", "sev-snp", "--evidence", f[0].toString(), "--trust-root",
                f[1].toString(), "--cert", f[2].toString(), "--at", FleetFixtures.AT_TEXT);
        Path bundle = tmp.resolve("bundle");
        try (SimulatedKds kds = FleetFixtures.kds()) {
            Cli.Result fetched = run(with(with(List.of("collateral", "fetch"), evidence.toArray(new String[0])),
                    "--kds-url", kds.baseUri().toString(), "--out", bundle.toString()));
            assertEquals(0, fetched.rc(), fetched.toString());
            assertTrue(fetched.out().contains("valid from " + FleetFixtures.AT_TEXT + " until 2025-06-07T00:00:00Z"),
                    fetched.out());
            assertTrue(fetched.out().contains("CRL https://kdsintf.amd.com/vcek/v1/Genoa/crl"), fetched.out());
        }
        JsonNode manifest = Json.readStrict(Files.readAllBytes(bundle.resolve(CollateralBundle.MANIFEST)));
        assertEquals("sev-snp", manifest.get("tee").asText());
        assertEquals("2025-06-07T00:00:00Z", manifest.get("validUntil").asText());

        try (CollateralMirror mirror = new CollateralMirror(InetAddress.getLoopbackAddress(), 0, bundle)) {
            mirror.start();
            Cli.Result online = run(with(with(List.of("verify"), evidence.toArray(new String[0])), "--kds-url",
                    "http://127.0.0.1:" + mirror.port(), "--cache-dir", tmp.resolve("fresh").toString()));
            assertEquals(0, online.rc(), "verified against the mirror, the fake KDS gone: " + online);
        }
        Cli.Result offline = run(with(with(List.of("verify"), evidence.toArray(new String[0])), "--offline",
                "--collateral", bundle.toString()));
        assertEquals(0, offline.rc(), offline.toString());
        Cli.Result tooLate = run(List.of("verify", "--tee", "sev-snp", "--evidence", f[0].toString(), "--trust-root",
                f[1].toString(), "--cert", f[2].toString(), "--at", "2025-06-07T00:00:01Z", "--offline", "--collateral",
                bundle.toString()));
        assertEquals(4, tooLate.rc(), "past the window the bundle's CRL is not served: " + tooLate);
    }

    @Test
    void tdxFetchServeVerifyAndOfflineVerify() throws Exception {
        Path[] f = FleetFixtures.tdxFiles(tmp);
        List<String> evidence = List.of("--tee", "tdx", "--evidence", f[0].toString(), "--trust-root", f[1].toString(),
                "--at", FleetFixtures.AT_TEXT);
        Path bundle = tmp.resolve("bundle");
        try (FakePcs pcs = FleetFixtures.pcs()) {
            Cli.Result fetched = run(with(with(List.of("collateral", "fetch"), evidence.toArray(new String[0])),
                    "--pccs-url", pcs.baseUri().toString(), "--out", bundle.toString()));
            assertEquals(0, fetched.rc(), fetched.toString());
            assertTrue(fetched.out().contains("fetched 4 collateral documents for tdx"), fetched.out());
            assertTrue(fetched.out().contains("valid from"), fetched.out());
        }
        try (CollateralMirror mirror = new CollateralMirror(InetAddress.getLoopbackAddress(), 0, bundle)) {
            mirror.start();
            Cli.Result online = run(with(with(List.of("verify"), evidence.toArray(new String[0])), "--pccs-url",
                    "http://127.0.0.1:" + mirror.port(), "--cache-dir", tmp.resolve("fresh").toString()));
            assertEquals(0, online.rc(), online.toString());
        }
        Cli.Result offline = run(with(with(List.of("verify"), evidence.toArray(new String[0])), "--offline",
                "--collateral", bundle.toString()));
        assertEquals(0, offline.rc(), offline.toString());
    }

    @Test
    void fetchFromAnEndpointThatIsDownIsExit3NamingIt() throws Exception {
        Path[] f = FleetFixtures.snpFiles(tmp);
        String down = "http://127.0.0.1:" + FleetFixtures.closedPort();
        Cli.Result r = run(List.of("collateral", "fetch", "--tee", "sev-snp", "--evidence", f[0].toString(),
                "--trust-root", f[1].toString(), "--cert", f[2].toString(), "--at", FleetFixtures.AT_TEXT,
                "--kds-url", down, "--out", tmp.resolve("b").toString()));
        assertEquals(3, r.rc(), r.toString());
        assertTrue(r.err().contains("AMD KDS endpoint " + down), r.toString());
    }

    @Test
    void theMirrorIsReadOnlyAndNoPathReachesAFile() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mirror"));
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        io.tee4j.core.collateral.CollateralDirectory.at(dir).put("https://kdsintf.amd.com/vcek/v1/Genoa/cert_chain",
                io.tee4j.core.collateral.CollateralKind.CERTIFICATE, new byte[] {1, 2, 3});
        HttpClient http = HttpClient.newHttpClient();
        try (CollateralMirror mirror = new CollateralMirror(InetAddress.getLoopbackAddress(), 0, dir)) {
            mirror.start();
            String base = "http://127.0.0.1:" + mirror.port();
            assertEquals(200, get(http, base + "/vcek/v1/Genoa/cert_chain").statusCode());
            for (String hostile : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                    "/v1/../../secret.txt", "/%00", "/" + "a".repeat(100))) {
                assertEquals(404, get(http, base + hostile).statusCode(), hostile);
            }
            assertEquals(414, get(http, base + "/" + "a".repeat(CollateralMirror.MAX_TARGET + 1)).statusCode());
            HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(base + "/vcek/v1/Genoa/cert_chain"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(405, post.statusCode());
            HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create(base + "/vcek/v1/Genoa/cert_chain"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, head.statusCode());
            assertEquals(0, head.body().length);
        }
    }

    private static HttpResponse<byte[]> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
