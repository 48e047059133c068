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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host allow-list of {@link HttpCollateralSource} over real loopback sockets: a URL, or a
 * redirect, to a host or port off the list is refused before any connection (no SSRF, no port
 * scan through a URL taken from a certificate), and {@link CollateralSources#online} fetches from
 * the vendor hosts only.
 */
class HttpCollateralSourceHostsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2023-06-10T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private FaultyHttpServer server;
    private FaultyHttpServer other;

    @BeforeEach
    void start() throws IOException {
        server = FaultyHttpServer.start();
        other = FaultyHttpServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
        other.close();
    }

    private HttpCollateralSource.Builder source(String... allowed) {
        return HttpCollateralSource.builder().allowPlainHttp().clock(CLOCK).sleeper(d -> { })
                .requestTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2))
                .allowedHosts(List.of(allowed));
    }

    private static String hostPort(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    @Test
    void aHostOffTheListIsRefusedWithoutARequest() {
        server.route("/vcek", Reply.ok(new byte[] {1}));
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source("kdsintf.amd.com").build().fetch(CollateralRequest.certificate(server.uri("/vcek"))));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("allowed hosts"), e.getMessage());
        assertEquals(0, server.requestCount("/vcek"));
    }

    @Test
    void anAllowedHostWithoutAPortPermitsOnlyTheDefaultPort() {
        server.route("/vcek", Reply.ok(new byte[] {1}));
        assertThrows(CollateralUnavailableException.class,
                () -> source("127.0.0.1").build().fetch(CollateralRequest.certificate(server.uri("/vcek"))));
        assertEquals(0, server.requestCount("/vcek"));
    }

    @Test
    void anAllowedHostAndPortIsFetched() throws Exception {
        server.route("/vcek", Reply.ok(new byte[] {7}));
        FetchedCollateral got = source(hostPort(server.uri("/")))
                .build().fetch(CollateralRequest.certificate(server.uri("/vcek")));
        assertArrayEquals(new byte[] {7}, got.body());
    }

    @Test
    void aRedirectWithinTheListIsFollowedAndCheckedPerHop() throws Exception {
        server.route("/old", Reply.status(302).header("Location", "/new"));
        server.route("/new", Reply.ok(new byte[] {9}));
        FetchedCollateral got = source(hostPort(server.uri("/")))
                .build().fetch(CollateralRequest.certificate(server.uri("/old")));
        assertArrayEquals(new byte[] {9}, got.body());
        assertEquals(1, server.requestCount("/new"));
    }

    @Test
    void aRedirectToAHostOffTheListIsNotFollowed() {
        server.route("/old", Reply.status(301).header("Location", other.uri("/elsewhere").toString()));
        other.route("/elsewhere", Reply.ok(new byte[] {1}));
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source(hostPort(server.uri("/"))).build().fetch(CollateralRequest.certificate(server.uri("/old"))));
        assertFalse(e.isRetryable());
        assertEquals(1, server.requestCount("/old"), "refused after the first answer, not retried");
        assertEquals(0, other.requestCount("/elsewhere"));
    }

    @Test
    void redirectLoopsEndAfterFiveHops() {
        server.route("/loop", Reply.status(307).header("Location", "/loop"));
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> source(hostPort(server.uri("/"))).build().fetch(CollateralRequest.certificate(server.uri("/loop"))));
        assertTrue(e.getMessage().contains("more than 5 redirects"), e.getMessage());
        assertEquals(6, server.requestCount("/loop"));
    }

    @Test
    void a307KeepsThePostAndA303TurnsItIntoAGet() throws Exception {
        server.route("/ocsp", Reply.status(307).header("Location", "/ocsp2"));
        server.route("/ocsp2", Reply.status(303).header("Location", "/ocsp3"));
        server.route("/ocsp3", Reply.ok(new byte[] {3}));
        CollateralRequest post = CollateralRequest.builder(server.uri("/ocsp"), CollateralKind.OCSP_RESPONSE)
                .post(new byte[] {0x30, 0}, "application/ocsp-request").cacheKey("ocsp:1").build();
        source(hostPort(server.uri("/"))).build().fetch(post);
        assertEquals("POST", server.requests("/ocsp2").get(0).method());
        assertArrayEquals(new byte[] {0x30, 0}, server.requests("/ocsp2").get(0).body());
        assertEquals("GET", server.requests("/ocsp3").get(0).method());
    }

    @Test
    void aClientThatFollowsRedirectsItselfCannotBeCombinedWithTheList() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        assertThrows(IllegalStateException.class,
                () -> HttpCollateralSource.builder().httpClient(following).allowedHosts(Set.of("kdsintf.amd.com")).build());
        assertThrows(IllegalArgumentException.class, () -> HttpCollateralSource.builder().allowedHosts(Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> HttpCollateralSource.builder().allowedHosts(Set.of("https://kdsintf.amd.com/")));
    }

    /** The SSRF probe: a certificate's AIA naming a loopback port. The online factory never connects. */
    @Test
    void theOnlineFactoryConnectsToVendorHostsOnly() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            URI probe = URI.create("https://127.0.0.1:" + listener.getLocalPort() + "/ocsp");
            CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                    () -> CollateralSources.online(tmp, CLOCK).fetch(CollateralRequest.certificate(probe)));
            assertFalse(e.isRetryable());
            assertNull(accepted(listener), "the source connected to a host off the vendor list");
        }
    }

    /** A connection the client made, or null: a completed handshake waits in the backlog until accepted. */
    static Socket accepted(ServerSocket listener) throws IOException {
        listener.setSoTimeout(300);
        try {
            Socket s = listener.accept();
            s.close();
            return s;
        } catch (SocketTimeoutException none) {
            return null;
        }
    }
}
