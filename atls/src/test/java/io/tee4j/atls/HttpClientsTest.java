package io.tee4j.atls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.tee4j.atls.AttestedTlsException.Reason;
import io.tee4j.core.TeeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JDK's two HTTP clients against the JDK's HTTPS server, all on attested TLS contexts: the
 * README's examples, run. {@code HttpClient} sets SNI to the URI's host on every connection; the
 * client context's engines keep the nonce regardless.
 */
class HttpClientsTest {
    private static HttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        SSLContext ctx = AttestedTls.server(SimulatedTees.get().attester(TeeType.SEV_SNP), AtlsServerOptions.defaults());
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/hello", ex -> {
            byte[] body = "attested hello".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI uri() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/hello");
    }

    @Test
    void javaNetHttpClient() throws Exception {
        SSLContext ctx = AttestedTls.client(SimulatedTees.get().verifier(TeeType.SEV_SNP, true),
                AtlsPolicy.builder(TeeType.SEV_SNP).build());
        HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("attested hello", r.body());
        assertEquals(TeeType.SEV_SNP, AttestedTls.peer(r.sslSession().orElseThrow()).orElseThrow().result().tee());
    }

    @Test
    void javaNetHttpClientRefusal() throws Exception {
        SSLContext ctx = AttestedTls.client(SimulatedTees.get().verifier(TeeType.TDX, true),
                AtlsPolicy.builder(TeeType.TDX).build());
        HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
        IOException e = assertThrows(IOException.class,
                () -> client.send(HttpRequest.newBuilder(uri()).build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(Reason.WRONG_TEE, AttestedTls.failureOf(e).orElseThrow().reason());
    }

    @Test
    void httpsUrlConnection() throws Exception {
        SSLContext ctx = AttestedTls.client(SimulatedTees.get().verifier(TeeType.SEV_SNP, true),
                AtlsPolicy.builder(TeeType.SEV_SNP).build());
        URL url = uri().toURL();
        HttpsURLConnection conn = (HttpsURLConnection) url.openConnection();
        conn.setSSLSocketFactory(ctx.getSocketFactory());
        try (InputStream in = conn.getInputStream()) {
            assertEquals("attested hello", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
        conn.disconnect();
    }
}
