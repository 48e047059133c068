package io.tee4j.cli;

import io.tee4j.nvgpu.simulator.NvGpuSimulatorProvider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.snp.simulator.SimulatedKds;
import io.tee4j.tdx.simulator.FakePcs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collateral endpoint flags of {@code tee4j verify} (issue 22), each against a loopback fake
 * of the vendor service: requests arrive at the configured base with the vendor's path layout and
 * the evidence verifies; an endpoint that is down gives exit 3 (collateral) or 4 (revocation)
 * with an error naming it; {@code --config} carries the same settings, strictly read.
 */
class CollateralEndpointFlagsTest {
    static {
        // Before any test server starts: the JDK reads its server settings once per process.
        JdkHttpServerSettings.apply();
    }

    @TempDir
    Path tmp;

    private List<String> snpVerify(String... more) {
        Path[] f = FleetFixtures.snpFiles(tmp);
        List<String> args = new ArrayList<>(List.of("verify", "--tee", "sev-snp", "--evidence", f[0].toString(),
                "--trust-root", f[1].toString(), "--cert", f[2].toString(), "--at", FleetFixtures.AT_TEXT,
                "--cache-dir", tmp.resolve("cache-" + System.nanoTime()).toString()));
        args.addAll(List.of(more));
        return args;
    }

    private List<String> tdxVerify(String... more) {
        Path[] f = FleetFixtures.tdxFiles(tmp);
        List<String> args = new ArrayList<>(List.of("verify", "--tee", "tdx", "--evidence", f[0].toString(),
                "--trust-root", f[1].toString(), "--at", FleetFixtures.AT_TEXT, "--cache-dir",
                tmp.resolve("cache-" + System.nanoTime()).toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static Cli.Result run(List<String> args) {
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void kdsUrlSendsTheVendorsKdsPathsToTheConfiguredBase() throws Exception {
        try (SimulatedKds kds = FleetFixtures.kds()) {
            Cli.Result r = run(snpVerify("--kds-url", kds.baseUri().toString()));
            assertEquals(0, r.rc(), r.toString());
            assertTrue(kds.requests().stream().anyMatch(p -> p.startsWith("/vcek/v1/Genoa/")), kds.requests().toString());
            assertTrue(kds.requests().stream().anyMatch(p -> p.startsWith("/vcek/v1/Genoa/crl")), kds.requests().toString());
        }
    }

    @Test
    void pccsUrlSendsThePcsV4PathsAndTheRootCaCrlToThePccs() throws Exception {
        try (FakePcs pcs = FleetFixtures.pcs()) {
            Cli.Result r = run(tdxVerify("--pccs-url", pcs.baseUri().toString()));
            assertEquals(0, r.rc(), r.toString());
            assertEquals(4, pcs.requests(), "TCB info, QE identity, PCK CRL, root CA CRL: all from the PCCS");
        }
    }

    @Test
    void aKdsEndpointThatIsDownIsExit3NamingIt() throws Exception {
        String down = "http://127.0.0.1:" + FleetFixtures.closedPort();
        Cli.Result r = run(snpVerify("--kds-url", down));
        assertEquals(3, r.rc(), r.toString());
        assertTrue(r.all().contains("AMD KDS endpoint " + down), r.toString());
    }

    @Test
    void aRootCaCrlThatCannotBeHadFromThePccsIsExit4() throws Exception {
        try (FaultyHttpServer pccs = FaultyHttpServer.start(); FakePcs real = FleetFixtures.pcs()) {
            FleetFixtures.tdxFiles(tmp);
            for (String path : List.of("/tdx/certification/v4/tcb", "/tdx/certification/v4/qe/identity",
                    "/sgx/certification/v4/pckcrl")) {
                pccs.route(path, relay(real, path));
            }
            pccs.route("/sgx/certification/v4/rootcacrl", Reply.status(503));
            Cli.Result r = run(tdxVerify("--pccs-url", pccs.uri("/").toString()));
            assertEquals(4, r.rc(), r.toString());
            assertTrue(r.all().contains("/sgx/certification/v4/rootcacrl"), r.toString());
            assertTrue(r.all().contains("Intel PCS endpoint"), r.toString());
        }
    }

    /** The fake PCS's answer at {@code path}, with its issuer-chain header, as a scripted reply. */
    private static Reply relay(FakePcs real, String path) throws Exception {
        String query = path.endsWith("/tcb") ? "?fmspc=00906ED50000" : path.endsWith("pckcrl") ? "?ca=platform&encoding=der"
                : "";
        java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(real.baseUri() + path + query)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        Reply reply = Reply.ok(r.body());
        for (var h : r.headers().map().entrySet()) {
            if (h.getKey().toLowerCase(java.util.Locale.ROOT).endsWith("-issuer-chain")) {
                reply = reply.header(h.getKey(), h.getValue().get(0));
            }
        }
        return reply;
    }

    @Test
    void nvidiaEndpointsAreHonouredAndNamedWhenTheyFail() throws Exception {
        String nonce = "00".repeat(32);
        Path sim = tmp.resolve("sim");
        Path evidence = tmp.resolve("gpu.ev");
        Path certs = tmp.resolve("gpu.pem");
        assertEquals(0, Cli.run("simulator", "init", sim.toString()).rc());
        Cli.Result a = Cli.run("attest", "--simulate", sim.toString(), "--tee", "nvidia-gpu", "--report-data", nonce,
                "--out", evidence.toString(), "--certs-out", certs.toString());
        assertEquals(0, a.rc(), a.toString());
        List<String> base = List.of("verify", "--tee", "nvidia-gpu", "--evidence", evidence.toString(), "--cert",
                certs.toString(), "--nonce", nonce, "--trust-root",
                Simulators.rootFile(sim, io.tee4j.core.TeeType.NVIDIA_GPU).toString(), "--rim-trust-root",
                NvGpuSimulatorProvider.rimRootFile(sim).toString());
        try (FaultyHttpServer mirror = FaultyHttpServer.start()) {
            List<String> rimArgs = new ArrayList<>(base);
            rimArgs.addAll(List.of("--no-revocation-check", "--cache-dir", tmp.resolve("c1").toString(),
                    "--nvidia-rim-url", mirror.uri("/mirror").toString()));
            Cli.Result r = run(rimArgs);
            assertEquals(3, r.rc(), r.toString());
            assertTrue(r.all().contains("NVIDIA RIM service endpoint " + mirror.uri("/mirror")), r.toString());
            assertTrue(mirror.requestPaths().stream().anyMatch(p -> p.startsWith("/mirror/v1/rim/") && p.length() > 15),
                    "the RIM request reached the mirror at the vendor's layout: " + mirror.requestPaths());

            List<String> ocspArgs = new ArrayList<>(base);
            ocspArgs.addAll(List.of("--collateral", sim.resolve("nvidia-gpu-rims").toString(), "--cache-dir",
                    tmp.resolve("c2").toString(), "--nvidia-ocsp-url", mirror.uri("/ocsp").toString()));
            Cli.Result o = run(ocspArgs);
            assertEquals(4, o.rc(), o.toString());
            assertTrue(o.all().contains("NVIDIA OCSP responder endpoint " + mirror.uri("/ocsp")), o.toString());
            assertTrue(mirror.requests("/ocsp/").stream().allMatch(q -> q.method().equals("POST")));
            assertFalse(mirror.requests("/ocsp/").isEmpty(), "OCSP requests are POSTed to the configured responder");
        }
    }

    @Test
    void theConfigFileCarriesTheSameSettingsAndIsReadStrictly() throws Exception {
        try (SimulatedKds kds = FleetFixtures.kds()) {
            Path config = Files.writeString(tmp.resolve("tee4j.json"), "{\"kdsUrl\": \"" + kds.baseUri() + "\"}");
            Cli.Result r = run(snpVerify("--config", config.toString()));
            assertEquals(0, r.rc(), r.toString());
            assertFalse(kds.requests().isEmpty());
        }
        Path dup = Files.writeString(tmp.resolve("dup.json"), "{\"kdsUrl\": \"https://a\", \"kdsUrl\": \"https://b\"}");
        assertEquals(1, run(snpVerify("--config", dup.toString())).rc(), "duplicate keys are refused");
        Path unknown = Files.writeString(tmp.resolve("unknown.json"), "{\"kdsURL\": \"https://a\"}");
        Cli.Result u = run(snpVerify("--config", unknown.toString()));
        assertEquals(1, u.rc());
        assertTrue(u.all().contains("unknown key 'kdsURL'"), u.toString());
        Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"pccsUrl\": \"ftp://pccs\"}");
        assertEquals(1, run(snpVerify("--config", bad.toString())).rc());
        assertEquals(1, run(snpVerify("--kds-url", "not a url")).rc());
        assertEquals(1, run(snpVerify("--allow-collateral-host", "https://host/path")).rc());
    }

    @Test
    void aFlagWinsOverTheConfigFile() throws Exception {
        try (SimulatedKds kds = FleetFixtures.kds()) {
            String down = "http://127.0.0.1:" + FleetFixtures.closedPort();
            Path config = Files.writeString(tmp.resolve("tee4j.json"), "{\"kdsUrl\": \"" + down + "\"}");
            Cli.Result r = run(snpVerify("--config", config.toString(), "--kds-url", kds.baseUri().toString()));
            assertEquals(0, r.rc(), r.toString());
        }
    }

    @Test
    void theAllowListIsTheVendorHostsPlusTheConfiguredOnesAndNothingElseIsFetched() throws Exception {
        CollateralOptions o = new CollateralOptions();
        o.kdsUrl = "https://kds-proxy.internal:8443/amd";
        o.allowHosts = List.of("ocsp-mirror.internal");
        CollateralSettings s = o.settings();
        java.util.Set<String> expected = new java.util.HashSet<>(io.tee4j.core.collateral.CollateralSources.VENDOR_HOSTS);
        expected.addAll(List.of("kds-proxy.internal:8443", "ocsp-mirror.internal"));
        assertEquals(expected, s.allowedHosts());
        io.tee4j.core.CollateralUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.tee4j.core.CollateralUnavailableException.class, () -> s.http(null).fetch(
                        io.tee4j.core.collateral.CollateralRequest.certificate(java.net.URI.create(
                                "https://attacker.example/vcek"))));
        assertTrue(e.getMessage().contains("not one of the allowed hosts"), e.getMessage());
    }
}
