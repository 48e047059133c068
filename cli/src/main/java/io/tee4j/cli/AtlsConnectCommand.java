package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.atls.AtlsPolicy;
import io.tee4j.atls.AttestedPeer;
import io.tee4j.atls.AttestedTls;
import io.tee4j.atls.AttestedTlsException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tee4j atls connect}: a curl for attested endpoints. Verifies the server's evidence during
 * the handshake (before the request is sent) and prints the verified claims as JSON on standard
 * output, then the response body. A refused peer exits with its failure class.
 */
@Command(name = "connect", description = "GET an attested HTTPS endpoint: verify the server's TEE evidence in the "
        + "handshake, print its verified claims (JSON), then the response body.",
        footer = {"", "Examples:",
                "  tee4j atls connect https://10.0.0.5:8443/healthz --tee sev-snp --policy snp-policy.json",
                "  tee4j atls connect https://localhost:8443/healthz --tee tdx --trust-root sim/tdx-root.pem \\",
                "      --collateral sim/tdx-collateral.json --offline   # a simulated server"})
final class AtlsConnectCommand implements Callable<Integer> {
    private static final long MAX_BODY = 16L << 20;

    @Parameters(index = "0", paramLabel = "URL", description = "https://host:port/path")
    String url;

    @Option(names = "--tee", required = true, description = "The TEE the server must run in: sev-snp, tdx, cca or "
            + "nvidia-gpu.")
    String tee;

    @Option(names = "--trust-root", paramLabel = "FILE", description = "Trust this root instead of the vendor's "
            + "(e.g. a simulator's root).")
    List<Path> trustRoots = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE", description = "The TEE's policy JSON (as for tee4j verify).")
    Path policy;

    @Option(names = "--collateral", paramLabel = "FILE|DIR", description = "Collateral files (a CRL, a TDX bundle).")
    List<Path> collateral = new ArrayList<>();

    @Option(names = "--offline", description = "Never fetch collateral; use only the files given and the cache.")
    boolean offline;

    @Option(names = "--no-revocation-check", description = "INSECURE: do not check revocation.")
    boolean noRevocationCheck;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the response (default 30).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        URI uri = parseUrl();
        TeeType type = Backends.parseType(tee);
        AtlsPolicy.Builder pb = AtlsPolicy.builder(type);
        if (policy != null) {
            pb.backendPolicy(PolicyFiles.readTree(policy));
        }
        SSLContext ctx = AttestedTls.client(prepare(type), pb.build());
        HttpClient client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(timeoutSeconds))
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeoutSeconds)).GET().build();
        HttpResponse<java.io.InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            AttestedTlsException refused = AttestedTls.failureOf(e).orElse(null);
            if (refused != null && refused.reason() == AttestedTlsException.Reason.POLICY_INVALID) {
                throw new UsageException("--policy: " + refused.getMessage(), refused);
            }
            if (refused != null) {
                throw refused;
            }
            throw new UsageException("cannot reach " + uri + ": " + e.getMessage(), e);
        }
        AttestedPeer peer = AttestedTls.peer(response.sslSession().orElseThrow()).orElseThrow(
                () -> new IllegalStateException("a handshake passed without the attested trust manager"));
        ObjectNode out = ResultJson.success(peer.result());
        out.put("certificateFormat", peer.format().name());
        out.put("freshness", peer.freshness().name());
        out.put("httpStatus", response.statusCode());
        System.out.println(Json.write(out));
        // At most MAX_BODY bytes are read: the peer is attested, not trusted to bound its answer.
        byte[] body;
        try (java.io.InputStream in = response.body()) {
            body = in.readNBytes((int) MAX_BODY);
        }
        System.out.write(body, 0, body.length);
        System.out.println();
        System.out.flush();
        return ExitCodes.OK;
    }

    private URI parseUrl() throws UsageException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("URL: " + e.getMessage());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException("URL: expected https://host:port/path, got " + url);
        }
        return uri;
    }

    private PreparedVerifier prepare(TeeType type) throws Exception {
        VerifierConfiguration.Builder b = VerifierConfiguration.builder().offline(offline)
                .collateralSource(CliCollateral.source(offline, null, Clock.systemUTC()))
                .revocationMode(noRevocationCheck ? RevocationMode.SKIP_INSECURE : RevocationMode.REQUIRE);
        for (Path p : trustRoots) {
            b.addTrustRoot(InputFiles.read(p));
        }
        for (Path p : collateral) {
            b.addCollateral(p);
        }
        if (noRevocationCheck) {
            System.err.println("tee4j: WARNING: revocation is not checked (--no-revocation-check).");
        }
        return Backends.forType(type).prepare(b.build());
    }
}
