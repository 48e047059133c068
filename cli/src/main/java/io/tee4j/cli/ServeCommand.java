package io.tee4j.cli;

import io.tee4j.core.Tee;
import io.tee4j.core.TeeType;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tee4j serve}: the HTTP sidecar. */
@Command(name = "serve",
        description = "Run the HTTP sidecar: POST /v1/attest, POST /v1/verify, GET /healthz, GET /metrics.",
        footer = {"", "Examples:",
                "  tee4j serve --port 8080 --collateral tdx=tdx-collateral.json",
                "  curl -s localhost:8080/v1/verify -d '{\"tee\":\"sev-snp\",\"evidence\":\"<base64>\"}'",
                "  tee4j serve --bind 0.0.0.0 --token-file token.txt   # beyond loopback a token is required",
                "  tee4j simulator init sim && tee4j serve --simulate sim   # development only",
                "  curl -s localhost:8080/v1/attest -d '{\"tee\":\"tdx\",\"reportData\":\"00ff\"}'",
                "  tee4j serve --tls attested --port 8443 --simulate sim   # clients: tee4j atls connect",
                "  tee4j serve --pccs-url https://pccs.internal:8081 --cache-dir /shared/tee4j-cache   # a fleet member"})
final class ServeCommand implements Callable<Integer> {
    /** Less is surely a slip: not even an SNP report (1184 bytes, 1580 in base64) fits in 1 KiB. */
    static final int MIN_BODY = 1024;
    /**
     * Verification is CPU-bound, so more slots add threads, not throughput; each slot also brings
     * four waiting connection threads, so this bounds the threads too.
     */
    static final int MAX_CONCURRENCY = 256;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "Sign results asked for with \"format\": \"ear-jwt\" (ES256 for a P-256 key; PKCS#8 PEM or "
                    + "private JWK) and serve the public key at /.well-known/jwks.json.")
    Path signingKey;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default loopback).")
    String bind;

    @Option(names = "--port", defaultValue = "8080", description = "Port, 0..65535 (0 picks a free one).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Bearer token required for /v1/attest; mandatory when binding beyond loopback, where it"
                    + " then guards every endpoint but /healthz.")
    Path tokenFile;

    @Option(names = "--max-body-bytes", defaultValue = "1048576",
            description = "Largest request body accepted, " + MIN_BODY + ".." + Sidecar.MAX_BODY_LIMIT + " bytes.")
    int maxBodyBytes;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "Requests verified at once, 1.." + MAX_CONCURRENCY + "; more wait up to 2 s, then get 503.")
    int concurrency;

    @Option(names = "--collateral", paramLabel = "[TEE=]FILE|DIR",
            description = "Collateral offered to every verification, or with a TEE= prefix (tdx=bundle.json) only to"
                    + " that TEE's.")
    List<String> collateral = new ArrayList<>();

    @Option(names = "--offline", description = "Never touch the network.")
    boolean offline;

    @Option(names = "--no-revocation-check", description = "INSECURE: skip revocation checks for every request.")
    boolean noRevocationCheck;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Collateral cache, safe to share between sidecars on one volume (default "
                    + "$XDG_CACHE_HOME/tee4j/collateral or ~/.cache/tee4j/collateral).")
    Path cacheDir;

    @Mixin
    CollateralOptions services = new CollateralOptions();

    @Option(names = "--simulate", paramLabel = "DIR",
            description = "Answer /v1/attest from the simulators in DIR ('tee4j simulator init DIR'; NOT secure).")
    Path simulate;

    @Option(names = "--tls", paramLabel = "MODE",
            description = "'attested': serve HTTPS with attested TLS (the certificate carries this TEE's evidence, "
                    + "bound to a nonce the client sends; clients: 'tee4j atls connect').")
    String tls;

    @Option(names = "--http-server", paramLabel = "KIND", defaultValue = "blocking",
            description = "'blocking' (default): one thread per connection answers each request itself, strict "
                    + "HTTP/1.1 framing; 'jdk': the JDK's built-in server of earlier releases (kept for one release).")
    String httpServer;

    @Option(names = "--tee", paramLabel = "TEE",
            description = "With --tls attested: the TEE that attests the server (default: detected; sev-snp with "
                    + "--simulate).")
    String tee;

    @Override
    public Integer call() throws Exception {
        checkLimits();
        Sidecar.Transport transport = transport();
        javax.net.ssl.SSLContext tlsContext = attestedTls();
        Sidecar.AttesterResolver attesters;
        if (simulate != null) {
            Simulators sims = Simulators.load(simulate, Clock.systemUTC());
            System.err.println("tee4j: WARNING: /v1/attest answers with SIMULATED evidence from " + simulate
                    + " (NOT secure; 'auto' is sev-snp).");
            attesters = type -> sims.attester(type == null ? TeeType.SEV_SNP : type);
        } else {
            attesters = type -> type == null ? Tee.detect() : Tee.attester(type);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: unknown address " + bind);
        }
        String token = tokenFile == null ? null
                : new String(InputFiles.read(tokenFile), StandardCharsets.UTF_8).trim();
        if (!address.isLoopbackAddress() && (token == null || token.isEmpty())) {
            throw new UsageException("binding to " + bind + " (beyond loopback) requires --token-file");
        }
        if (noRevocationCheck) {
            System.err.println("tee4j: WARNING: revocation is not checked for any request (--no-revocation-check).");
        }
        List<Path> everyTee = new ArrayList<>();
        Map<TeeType, List<Path>> perTee = new EnumMap<>(TeeType.class);
        for (String c : collateral) {
            int eq = c.indexOf('=');
            Path p = Path.of(eq < 0 ? c : c.substring(eq + 1));
            if (!Files.exists(p)) {
                throw new UsageException("--collateral: " + p + " does not exist");
            }
            if (eq < 0) {
                everyTee.add(p);
            } else {
                perTee.computeIfAbsent(Backends.parseType(c.substring(0, eq)), t -> new ArrayList<>()).add(p);
            }
        }
        Sidecar.Config config = new Sidecar.Config(address, port, maxBodyBytes, concurrency, concurrency * 4, token,
                offline, noRevocationCheck, everyTee, perTee, Clock.systemUTC(), attesters, null, cacheDir,
                services.settings());
        io.tee4j.coco.token.EarSigner signer = signingKey == null ? null : EarSigning.read(signingKey);
        try (Sidecar sidecar = open(config, tlsContext, transport)) {
            if (signer != null) {
                sidecar.earSigner(signer);
            }
            sidecar.start();
            System.err.println("tee4j: sidecar listening on " + (tlsContext == null ? "" : "https (attested TLS) ")
                    + address.getHostAddress() + ":" + sidecar.port());
            new CountDownLatch(1).await();
        }
        return ExitCodes.OK;
    }

    /** The numeric flags, each checked against its range before anything starts. */
    private void checkLimits() throws UsageException {
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port: must be 0..65535 (0 picks a free port), got " + port);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new UsageException("--concurrency: must be 1.." + MAX_CONCURRENCY + ", got " + concurrency);
        }
        if (maxBodyBytes < MIN_BODY || maxBodyBytes > Sidecar.MAX_BODY_LIMIT) {
            throw new UsageException("--max-body-bytes: must be " + MIN_BODY + ".." + Sidecar.MAX_BODY_LIMIT
                    + ", got " + maxBodyBytes);
        }
    }

    private Sidecar.Transport transport() throws UsageException {
        switch (httpServer) {
            case "blocking":
                return Sidecar.Transport.BLOCKING;
            case "jdk":
                return Sidecar.Transport.JDK;
            default:
                throw new UsageException("--http-server: 'blocking' or 'jdk', got '" + httpServer + "'");
        }
    }

    /** The attested TLS server context for {@code --tls attested}, or null without {@code --tls}. */
    private javax.net.ssl.SSLContext attestedTls() throws Exception {
        if (tls == null) {
            if (tee != null) {
                throw new UsageException("--tee is for --tls attested (the TEE that attests the server)");
            }
            return null;
        }
        if (!tls.equals("attested")) {
            throw new UsageException("--tls: the only mode is 'attested', got '" + tls + "'");
        }
        TeeType type = tee == null ? null : Backends.parseType(tee);
        io.tee4j.core.Attester attester;
        if (simulate != null) {
            attester = Simulators.load(simulate, Clock.systemUTC()).attester(type == null ? TeeType.SEV_SNP : type);
            System.err.println("tee4j: WARNING: the attested TLS certificate carries SIMULATED evidence (NOT secure).");
        } else {
            attester = type == null ? Tee.detect() : Tee.attester(type);
        }
        return io.tee4j.atls.AttestedTls.server(attester, io.tee4j.atls.AtlsServerOptions.defaults());
    }

    /** Binds the port; a port in use or an address that is not this host's is a usage error. */
    private Sidecar open(Sidecar.Config config, javax.net.ssl.SSLContext tlsContext, Sidecar.Transport transport)
            throws UsageException {
        String where = config.bind().getHostAddress() + ":" + config.port();
        try {
            return new Sidecar(config, tlsContext, transport);
        } catch (BindException e) {
            String reason = e.getMessage() == null ? "cannot bind" : e.getMessage().toLowerCase(Locale.ROOT);
            throw new UsageException("cannot listen on " + where + ": " + reason
                    + (reason.contains("in use") ? " (another process has it; pick another --port)" : ""));
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + where + ": " + e.getMessage());
        }
    }
}
