package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.coco.token.TokenKeys;
import io.tee4j.coco.token.TokenVerifier;
import io.tee4j.coco.token.VerifiedToken;
import io.tee4j.core.AttestationException;
import io.tee4j.core.MalformedEvidenceException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j token verify --token F [--jwks F | --trust-root F] [--nonce HEX] [--json]}: checks
 * an attestation token with {@link TokenVerifier}, its key from the given JWK Set or its header
 * key endorsed by the given root, never from the token alone. Exit 0 verified, 2 key or
 * signature, 5 a claim (exp, nbf, iat, iss, eat_profile, eat_nonce, ear.status), 6 unreadable.
 */
@Command(name = "verify", description = "Verify an attestation token (JWT) against a configured key set or trust root.",
        footer = {"", "Examples:", "  tee4j token verify --token ear.jwt --trust-root trustee-as-root.pem",
                "  tee4j token verify --token ear.jwt --jwks veraison-key.jwk --nonce 15e8812f --json"})
final class TokenVerifyCommand implements Callable<Integer> {
    @Option(names = "--token", required = true, paramLabel = "FILE", description = "The token (JWS compact) file.")
    Path token;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyOptions keys;

    static final class KeyOptions {
        @Option(names = "--jwks", paramLabel = "FILE", required = true,
                description = "Keys to trust: a JWK Set, one JWK, or Veraison's .well-known verification document.")
        Path jwks;

        @Option(names = "--trust-root", paramLabel = "FILE", required = true,
                description = "PEM root(s) that a header jwk's x5c chain must reach (trustee's AS tokens).")
        Path trustRoot;
    }

    @Option(names = "--nonce", paramLabel = "HEX", description = "The nonce the token's eat_nonce must carry.")
    String nonce;

    @Option(names = "--at", paramLabel = "ISO-8601-INSTANT", description = "Verify as of this instant (default now).")
    String at;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TokenVerifier.Builder b = TokenVerifier.builder(readKeys());
        if (at != null) {
            b.clock(Clock.fixed(Instants.parse(at, "--at"), ZoneOffset.UTC));
        }
        byte[] expectedNonce = nonce == null ? null : nonceBytes(nonce);
        String text = new String(InputFiles.read(token, "token", InputFiles.MAX_FILE_BYTES), StandardCharsets.US_ASCII);
        try {
            print(b.build().verify(text, expectedNonce));
            return ExitCodes.OK;
        } catch (AttestationException e) {
            if (json) {
                ObjectNode out = Json.MAPPER.createObjectNode().put("verified", false)
                        .put("failureClass", e.failureClass().name()).put("exitCode", e.failureClass().exitCode())
                        .put("error", CliWording.forCommandLine(e.getMessage()));
                System.out.println(Json.write(out));
            } else {
                ExitCodes.print(new PrintWriter(System.err, true), e);
            }
            return e.failureClass().exitCode();
        }
    }

    private TokenKeys readKeys() throws UsageException {
        try {
            if (keys.jwks != null) {
                return TokenKeys.ofJwks(InputFiles.read(keys.jwks, "JWK Set", InputFiles.MAX_FILE_BYTES));
            }
            return TokenKeys.ofTrustRoots(InputFiles.readCertificates(keys.trustRoot, "trust root"));
        } catch (MalformedEvidenceException e) {
            throw new UsageException((keys.jwks != null ? keys.jwks : keys.trustRoot) + ": " + e.getMessage(), e);
        }
    }

    private static byte[] nonceBytes(String hex) throws UsageException {
        try {
            byte[] raw = HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
            if (raw.length == 0 || raw.length > 64) {
                throw new UsageException("--nonce: 1 to 64 bytes, got " + raw.length);
            }
            return raw;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--nonce: expected hex");
        }
    }

    private void print(VerifiedToken t) {
        if (json) {
            ObjectNode out = Json.MAPPER.createObjectNode().put("verified", true).put("alg", t.alg())
                    .put("keySource", t.keySource());
            t.profile().ifPresent(p -> out.put("profile", p));
            t.issuer().ifPresent(i -> out.put("issuer", i));
            t.expiresAt().ifPresent(e -> out.put("expiresAt", e.toString()));
            ObjectNode submods = out.putObject("submods");
            t.submodStatuses().forEach(submods::put);
            out.put("signedContentDigest", t.signedContentDigest());
            out.set("claims", Json.value(plain(t.claims())));
            System.out.println(Json.write(out));
            return;
        }
        StringBuilder line = new StringBuilder("VERIFIED token ").append(t.alg()).append(", key: ")
                .append(t.keySource());
        t.profile().ifPresent(p -> line.append(", profile ").append(p));
        t.issuer().ifPresent(i -> line.append(", iss ").append(i));
        t.expiresAt().ifPresent(e -> line.append(", expires ").append(e));
        System.out.println(line);
        t.submodStatuses().forEach((name, status) -> System.out.println("  submod " + name + ": " + status));
    }

    /** The token's claims with the JSON reader's null marker as a real null, for Jackson. */
    private static Object plain(Object v) {
        if (v == io.tee4j.json.Json.NULL) {
            return null;
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List) {
            return ((List<?>) v).stream().map(TokenVerifyCommand::plain).toList();
        }
        return v;
    }
}
