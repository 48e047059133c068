package io.tee4j.snp.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.TcbVersion;
import io.tee4j.snp.collateral.KdsUrls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fake AMD KDS on loopback HTTP, serving the certificates of {@link SimulatedAmdChain}s as AMD's
 * KDS does: {@code /vcek/v1/<Product>/<chip id hex>?...SPL=..} (DER; 64-byte chip id for
 * Milan/Genoa, 8-byte with {@code fmcSPL} for Turin; 404 for an unknown chip or TCB),
 * {@code /{vcek,vlek}/v1/<Product>/cert_chain} (PEM, ASK or ASVK then ARK) and
 * {@code /{vcek,vlek}/v1/<Product>/crl} (DER, the CRL given with {@link #crl}; 404 until one is).
 * {@link #failNext} injects error statuses (429, 500, ...). Point a {@link io.tee4j.snp.collateral.KdsClient}
 * at {@link #urls()}. <b>Simulation only.</b>
 *
 * @since 0.1
 */
public final class SimulatedKds implements AutoCloseable {
    private final HttpServer server;
    private final Map<ProductLine, SimulatedAmdChain> chains = new EnumMap<>(ProductLine.class);
    private final Map<ProductLine, byte[]> crls = new EnumMap<>(ProductLine.class);
    private final Deque<Integer> failures = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();

    private SimulatedKds(HttpServer server) {
        this.server = server;
    }

    /** Starts a fake KDS on 127.0.0.1 (ephemeral port) serving the given chains (one per product line). */
    public static SimulatedKds start(SimulatedAmdChain... chains) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SimulatedKds kds = new SimulatedKds(s);
        for (SimulatedAmdChain c : chains) {
            kds.chains.put(c.product(), c);
        }
        s.createContext("/", kds::handle);
        s.start();
        return kds;
    }

    /** Serves {@code crl} as the CRL of the product line (for both VCEK and VLEK paths). */
    public synchronized SimulatedKds crl(ProductLine product, X509CRL crl) {
        try {
            crls.put(Objects.requireNonNull(product), crl.getEncoded());
        } catch (CRLException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Answers the next {@code times} requests with {@code status} and no body. */
    public synchronized SimulatedKds failNext(int status, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(status);
        }
        return this;
    }

    /** The paths (with queries) requested so far. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** KDS URLs under {@link #baseUri()}. */
    public KdsUrls urls() {
        return KdsUrls.at(baseUri());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String query = ex.getRequestURI().getRawQuery();
            Integer failure;
            synchronized (this) {
                requests.add(path + (query == null ? "" : "?" + query));
                failure = failures.poll();
            }
            if (failure != null) {
                reply(ex, failure, new byte[0], "text/plain");
                return;
            }
            String[] p = path.split("/");
            // ["", "vcek", "v1", "Milan", "<x>"]
            if (p.length != 5 || !(p[1].equals("vcek") || p[1].equals("vlek")) || !p[2].equals("v1")) {
                reply(ex, 404, new byte[0], "text/plain");
                return;
            }
            ProductLine product = ProductLine.fromName(p[3]).filter(x -> x.kdsName().equals(p[3])).orElse(null);
            SimulatedAmdChain chain = product == null ? null : chains.get(product);
            if (chain == null) {
                reply(ex, 404, new byte[0], "text/plain");
                return;
            }
            boolean vlek = p[1].equals("vlek");
            if (p[4].equals("cert_chain")) {
                String pem = Certificates.toPem(vlek ? chain.asvk() : chain.ask()) + Certificates.toPem(chain.ark());
                reply(ex, 200, pem.getBytes(StandardCharsets.US_ASCII), "application/x-pem-file");
            } else if (p[4].equals("crl")) {
                byte[] crl;
                synchronized (this) {
                    crl = crls.get(product);
                }
                reply(ex, crl == null ? 404 : 200, crl == null ? new byte[0] : crl, "application/pkix-crl");
            } else if (!vlek && vcekMatches(chain, p[4], query)) {
                reply(ex, 200, chain.vcek().getEncoded(), "application/pkix-cert");
            } else {
                reply(ex, 404, new byte[0], "text/plain");
            }
        } catch (CertificateEncodingException | RuntimeException e) {
            reply(ex, 500, new byte[0], "text/plain");
        }
    }

    private static boolean vcekMatches(SimulatedAmdChain chain, String hex, String query) {
        boolean turin = chain.product() == ProductLine.TURIN;
        String want = HexFormat.of().formatHex(chain.chipId(), 0, turin ? 8 : 64);
        if (!want.equals(hex) || query == null) {
            return false;
        }
        Map<String, String> q = new LinkedHashMap<>();
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                q.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        TcbVersion t = chain.tcb();
        Map<String, String> expected = new LinkedHashMap<>();
        if (turin) {
            expected.put("fmcSPL", String.valueOf(t.fmc()));
        }
        expected.put("blSPL", String.valueOf(t.bootloader()));
        expected.put("teeSPL", String.valueOf(t.tee()));
        expected.put("snpSPL", String.valueOf(t.snp()));
        expected.put("ucodeSPL", String.valueOf(t.microcode()));
        return q.equals(expected);
    }

    private static void reply(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "SimulatedKds[" + baseUri() + ", " + chains.keySet() + ", SIMULATED]";
    }
}
