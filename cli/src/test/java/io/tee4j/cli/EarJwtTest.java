package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.coco.token.EarSigner;
import io.tee4j.coco.token.SigningKeys;
import io.tee4j.coco.token.TokenKeys;
import io.tee4j.coco.token.TokenVerifier;
import io.tee4j.coco.token.VerifiedToken;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed EAR results: {@code verify --json --format ear-jwt --signing-key F} and the sidecar's
 * {@code "format": "ear-jwt"} with its {@code /.well-known/jwks.json}, each read back by the coco
 * token verifier. The real TDX sample with its MRTD pinned reaches {@code affirming}, so the
 * signed EAR passes every token check.
 */
class EarJwtTest {
    static final String AT = "2025-07-04T10:24:00Z";

    @TempDir
    Path dir;

    Path keyFile() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] pkcs8 = g.generateKeyPair().getPrivate().getEncoded();
        return Files.writeString(dir.resolve("ear-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
    }

    static TokenVerifier verifierAt(String jwks, String at) throws Exception {
        return TokenVerifier.builder(TokenKeys.ofJwks(jwks.getBytes(StandardCharsets.UTF_8)))
                .clock(Clock.fixed(Instant.parse(at), ZoneOffset.UTC)).build();
    }

    @Test
    void verifyCommandSignsTheEarWithTheGivenKey() throws Exception {
        Path key = keyFile();
        Path quote = Files.write(dir.resolve("q.dat"), DemoSamples.resource("tdx/quote.dat"));
        Path collateral = Files.write(dir.resolve("c.json"), DemoSamples.resource("tdx/collateral.json"));
        Cli.Result r = Cli.run("verify", "--tee", "tdx", "--evidence", quote.toString(), "--collateral",
                collateral.toString(), "--offline", "--at", AT, "--json", "--format", "ear-jwt", "--signing-key",
                key.toString());
        assertEquals(0, r.rc(), r.err());
        String jwt = r.out().strip();
        assertEquals(3, jwt.split("\\.").length, jwt);
        EarSigner signer = EarSigning.read(key);
        // Without a pinned MRTD the executables are unrecognised (33): a warning, refused by default.
        PolicyViolationException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyViolationException.class,
                () -> verifierAt(signer.jwksJson(), AT).verify(jwt));
        assertEquals(List.of("ear.status"), e.ruleIds());
        VerifiedToken t = TokenVerifier.builder(TokenKeys.ofJwks(signer.jwksJson().getBytes())).acceptWarning(true)
                .clock(Clock.fixed(Instant.parse(AT), ZoneOffset.UTC)).build().verify(jwt);
        assertEquals(Map.of("cpu0", "warning"), t.submodStatuses());
    }

    @Test
    void signingKeyAndEarJwtGoTogether() throws Exception {
        Path key = keyFile();
        assertEquals(1, Cli.run("verify", "--tee", "tdx", "--evidence", key.toString(), "--format", "ear-jwt").rc());
        assertEquals(1, Cli.run("verify", "--tee", "tdx", "--evidence", key.toString(), "--signing-key",
                key.toString()).rc());
        Path notAKey = Files.writeString(dir.resolve("k.pem"), "-----BEGIN EC PRIVATE KEY-----\nAA==\n");
        Cli.Result r = Cli.run("verify", "--tee", "tdx", "--evidence", key.toString(), "--json", "--format",
                "ear-jwt", "--signing-key", notAKey.toString());
        assertEquals(1, r.rc());
        assertTrue(r.err().contains("openssl pkcs8"), r.err());
    }

    @Test
    void sidecarSignsEarJwtAndServesItsJwks() throws Exception {
        Path collateral = Files.write(dir.resolve("c.json"), DemoSamples.resource("tdx/collateral.json"));
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 2, 8, null, true,
                false, List.of(), Map.of(TeeType.TDX, List.of(collateral)), Clock.systemUTC(), type -> null);
        try (Sidecar sidecar = new Sidecar(config)) {
            sidecar.start();
            ObjectNode req = Json.MAPPER.createObjectNode().put("tee", "tdx").put("at", AT)
                    .put("evidence", Base64.getEncoder().encodeToString(DemoSamples.resource("tdx/quote.dat")));
            String mrTd = SidecarLoadTest.json(SidecarLoadTest.post(sidecar, "/v1/verify", req.toString(), null))
                    .findValue("mrTd").asText();
            req.put("format", "ear-jwt");
            HttpResponse<String> unsigned = SidecarLoadTest.post(sidecar, "/v1/verify", req.toString(), null);
            assertEquals(400, unsigned.statusCode(), unsigned.body());
            assertEquals(404, get(sidecar, "/.well-known/jwks.json").statusCode());

            sidecar.earSigner(EarSigning.read(keyFile()));
            req.putObject("policy").putArray("mrtd").add(mrTd);
            HttpResponse<String> signed = SidecarLoadTest.post(sidecar, "/v1/verify", req.toString(), null);
            assertEquals(200, signed.statusCode(), signed.body());
            String jwt = SidecarLoadTest.json(signed).get("token").asText();
            HttpResponse<String> jwks = get(sidecar, "/.well-known/jwks.json");
            assertEquals(200, jwks.statusCode());
            VerifiedToken t = verifierAt(jwks.body(), AT).verify(jwt);
            assertEquals(Map.of("cpu0", "affirming"), t.submodStatuses());
            JsonNode vector = Json.MAPPER.valueToTree(((Map<?, ?>) ((Map<?, ?>) t.claims().get("submods"))
                    .get("cpu0")).get("ear.trustworthiness-vector").toString());
            assertTrue(vector.asText().contains("executables=2"), vector.asText());
        }
    }

    static HttpResponse<String> get(Sidecar s, String path) throws Exception {
        return SidecarLoadTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
