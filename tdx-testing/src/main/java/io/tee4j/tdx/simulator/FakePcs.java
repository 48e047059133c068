package io.tee4j.tdx.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tee4j.tdx.collateral.IntelPcs;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Intel PCS on loopback HTTP serving a {@link TdxSimulator}'s collateral at the PCS v4
 * paths: {@code /tdx/certification/v4/tcb?fmspc=} (with the {@code TCB-Info-Issuer-Chain} header),
 * {@code /tdx/certification/v4/qe/identity} ({@code SGX-Enclave-Identity-Issuer-Chain}),
 * {@code /sgx/certification/v4/pckcrl?ca=platform} ({@code SGX-PCK-CRL-Issuer-Chain}) and the root
 * CA CRL at {@code /IntelSGXRootCA.der} and at a PCCS's {@code /sgx/certification/v4/rootcacrl}. Unknown FMSPCs, CAs and paths answer 404. For tests only.
 *
 * @since 0.1
 */
public final class FakePcs implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] pckCrl;
    private volatile byte[] rootCrl;

    private FakePcs(TdxSimulator sim, String fmspcHex) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String chain = URLEncoder.encode(sim.tcbIssuerChainPem(), StandardCharsets.UTF_8);
        byte[] tcb = sim.tcbInfoResponse();
        byte[] qe = sim.qeIdentityResponse();
        pckCrl = sim.pckCrl();
        rootCrl = sim.rootCaCrl();
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
            switch (path) {
                case "/tdx/certification/v4/tcb":
                    if (query.toLowerCase(Locale.ROOT).contains("fmspc=" + fmspcHex)) {
                        send(ex, tcb, "TCB-Info-Issuer-Chain", chain);
                        return;
                    }
                    break;
                case "/tdx/certification/v4/qe/identity":
                    send(ex, qe, "SGX-Enclave-Identity-Issuer-Chain", chain);
                    return;
                case "/sgx/certification/v4/pckcrl":
                    if (query.contains("ca=platform")) {
                        send(ex, pckCrl, "SGX-PCK-CRL-Issuer-Chain", chain);
                        return;
                    }
                    break;
                case "/IntelSGXRootCA.der":
                case "/sgx/certification/v4/rootcacrl":
                    send(ex, rootCrl, null, null);
                    return;
                default:
                    break;
            }
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    /** Starts serving the simulator's collateral on an ephemeral loopback port. */
    public static FakePcs start(TdxSimulator sim, byte[] fmspc) throws IOException {
        return new FakePcs(sim, HexFormat.of().formatHex(fmspc));
    }

    private static void send(HttpExchange ex, byte[] body, String header, String value) throws IOException {
        if (header != null) {
            ex.getResponseHeaders().add(header, value);
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Serves {@code der} as the PCK CRL from now on (e.g. a stale or revoking CRL from
     * {@link TdxSimulator#pckCrl(Instant, Instant, BigInteger...)}),
     * the other documents unchanged.
     *
     * @param der the CRL to serve, DER (not checked: any bytes are served as they are)
     */
    public void servePckCrl(byte[] der) {
        pckCrl = der.clone();
    }

    /**
     * Serves {@code der} as the root CA CRL from now on, the other documents unchanged.
     *
     * @param der the CRL to serve, DER (not checked: any bytes are served as they are)
     */
    public void serveRootCaCrl(byte[] der) {
        rootCrl = der.clone();
    }

    /** The base URL to give {@link io.tee4j.tdx.collateral.IntelPcs#at}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Where the root CA CRL is served. */
    public URI rootCaCrlUri() {
        return URI.create(baseUri() + "/IntelSGXRootCA.der");
    }

    /** How many requests were served. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
