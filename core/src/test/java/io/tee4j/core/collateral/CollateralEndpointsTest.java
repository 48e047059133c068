package io.tee4j.core.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Configured service endpoints (issue 22): a request for a vendor URL arrives at the configured
 * base with the vendor's path layout and query, its errors name the endpoint, the configured host
 * joins the allow-list (and nothing else does), and a PCCS API key goes to the PCCS only.
 */
class CollateralEndpointsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2023-06-10T00:00:00Z"), ZoneOffset.UTC);
    private static final URI VCEK = URI.create("https://kdsintf.amd.com/vcek/v1/Milan/abcd?blSPL=3&teeSPL=0");

    private FaultyHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = FaultyHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpCollateralSource source(CollateralEndpoints endpoints) {
        return HttpCollateralSource.builder().clock(CLOCK).sleeper(d -> { }).maxAttempts(1)
                .requestTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2))
                .allowedHosts(CollateralSources.VENDOR_HOSTS).endpoints(endpoints).build();
    }

    @Test
    void aKdsRequestArrivesAtTheConfiguredBaseWithTheVendorsPathAndQuery() throws Exception {
        server.route("/mirror/kds/vcek/v1/Milan/abcd", Reply.ok(new byte[] {7}));
        URI base = server.uri("/mirror/kds/");
        FetchedCollateral doc = source(CollateralEndpoints.builder().kds(base).build())
                .fetch(CollateralRequest.certificate(VCEK));
        assertArrayEquals(new byte[] {7}, doc.body());
        assertEquals(base.toString().replaceAll("/$", "") + "/vcek/v1/Milan/abcd?blSPL=3&teeSPL=0", doc.location());
        assertEquals("/mirror/kds/vcek/v1/Milan/abcd?blSPL=3&teeSPL=0",
                server.requests("/mirror/kds/vcek/v1/Milan/abcd").get(0).target());
    }

    @Test
    void theIntelRootCaCrlGoesToThePccsRootCaCrlPathAndTheApiKeyOnlyThere() throws Exception {
        server.route(CollateralEndpoints.PCCS_ROOT_CA_CRL_PATH, Reply.ok(new byte[] {1}));
        CollateralEndpoints endpoints = CollateralEndpoints.builder().pccs(server.uri("/")).pccsApiKey("k3y").build();
        // A certificate kind, so no CRL freshness reader runs on the fake body.
        source(endpoints).fetch(CollateralRequest.certificate(CollateralEndpoints.INTEL_ROOT_CA_CRL));
        assertEquals("k3y", server.requests(CollateralEndpoints.PCCS_ROOT_CA_CRL_PATH).get(0)
                .header(CollateralEndpoints.PCCS_API_KEY_HEADER));

        server.route("/vcek/v1/Milan/abcd", Reply.ok(new byte[] {2}));
        CollateralEndpoints both = CollateralEndpoints.builder().pccs(server.uri("/")).pccsApiKey("k3y")
                .kds(server.uri("/")).build();
        source(both).fetch(CollateralRequest.certificate(VCEK));
        assertNull(server.requests("/vcek/v1/Milan/abcd").get(0).header(CollateralEndpoints.PCCS_API_KEY_HEADER),
                "the PCCS key is never sent to another service");
    }

    @Test
    void anEndpointThatIsDownIsNamedInTheError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI down = URI.create("http://127.0.0.1:" + port);
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source(CollateralEndpoints.builder().pccs(down).build()).fetch(CollateralRequest.builder(
                        URI.create("https://api.trustedservices.intel.com/tdx/certification/v4/qe/identity"),
                        CollateralKind.TCB_INFO).build()));
        assertTrue(e.getMessage().contains("Intel PCS endpoint " + down), e.getMessage());
        assertTrue(e.getMessage().contains(down + "/tdx/certification/v4/qe/identity"), e.getMessage());
        assertEquals(down + "/tdx/certification/v4/qe/identity", e.location().orElseThrow());
    }

    @Test
    void onlyTheConfiguredHostJoinsTheAllowListAndOnlyItMayBePlainHttp() {
        HttpCollateralSource s = source(CollateralEndpoints.builder().nvidiaRim(server.uri("/")).build());
        server.route("/other", Reply.ok(new byte[] {1}));
        // Same loopback host, but asked for directly instead of through the configured route: plain
        // http is refused (the operator configured http only for the RIM mirror's URLs).
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> s.fetch(CollateralRequest.certificate(server.uri("/other"))));
        assertTrue(e.getMessage().contains("plain http"), e.getMessage());
        CollateralUnavailableException off = assertThrows(CollateralUnavailableException.class,
                () -> s.fetch(CollateralRequest.certificate(URI.create("https://evil.example/x"))));
        assertTrue(off.getMessage().contains("allowed hosts"), off.getMessage());
        assertEquals(0, server.requestCount("/other"));
    }

    @Test
    void unconfiguredServicesAndOtherHostsAreNotRouted() {
        CollateralEndpoints e = CollateralEndpoints.builder().kds(URI.create("https://kds.proxy.internal:8443/")).build();
        assertTrue(e.route(URI.create("https://api.trustedservices.intel.com/tdx/certification/v4/qe/identity"))
                .isEmpty());
        assertTrue(e.route(URI.create("http://kdsintf.amd.com/vcek")).isEmpty(), "only the vendor's https URLs");
        assertTrue(e.route(URI.create("https://kdsintf.amd.com:8443/vcek")).isEmpty(), "only the vendor's port");
        assertEquals(Set.of("kds.proxy.internal:8443"), e.hosts());
        assertEquals(URI.create("https://kds.proxy.internal:8443/vcek/v1/Genoa/cert_chain"),
                e.route(URI.create("https://KDSINTF.amd.com/vcek/v1/Genoa/cert_chain")).orElseThrow().uri());
        assertTrue(CollateralEndpoints.vendor().route(VCEK).isEmpty());
    }

    @Test
    void badEndpointUrlsAreRefused() {
        for (String bad : List.of("ftp://host", "/relative", "https://host/?q=1", "https://user@host",
                "https://host/#f", "https:///nohost")) {
            assertThrows(IllegalArgumentException.class,
                    () -> CollateralEndpoints.builder().kds(URI.create(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> CollateralEndpoints.builder().pccsApiKey("a b"));
        assertFalse(CollateralEndpoints.builder().build().configured().size() > 0);
    }
}
