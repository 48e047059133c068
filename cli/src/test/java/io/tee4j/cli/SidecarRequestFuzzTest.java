package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.TeeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Any bytes POSTed to the sidecar's {@code /v1/verify} or {@code /v1/attest} get a JSON answer
 * with a status the sidecar documents, and never reach the HTTP layer's catch-all (a 500
 * "INTERNAL" from an unchecked exception). The request handling is driven without HTTP through
 * {@link Sidecar#verifyReply} and {@link Sidecar#attestReply}, the same code the endpoints run.
 *
 * <p>The sidecar is offline (no collateral fetch), has the real TDX collateral and CCA reference
 * values of the demo samples loaded, and answers {@code /v1/attest} from freshly initialised
 * simulators of every TEE. Seeds: a well-formed request for each real sample (SEV-SNP Milan,
 * TDX, CCA, NVIDIA H100, at its pinned time), attest requests, and malformed variants.
 */
class SidecarRequestFuzzTest {
    private static final Set<Integer> VERIFY_STATUSES = Set.of(200, 400, 413, 503);
    private static final Set<Integer> ATTEST_STATUSES = Set.of(200, 400, 413, 500, 503);
    private static final Sidecar SIDECAR = open();

    @FuzzTest(maxDuration = "30s")
    void verifyRequest(byte[] body) {
        check(SIDECAR.verifyReply(body), VERIFY_STATUSES);
    }

    @FuzzTest(maxDuration = "30s")
    void attestRequest(byte[] body) {
        check(SIDECAR.attestReply(body), ATTEST_STATUSES);
    }

    /** The seeds are meaningful: each real sample's request verifies, each attest request is answered. */
    @Test
    void seedRequestsReachTheirVerdicts() throws IOException {
        Map<String, Boolean> verified = Map.of("snp-milan.json", true, "snp-milan-ear.json", true,
                "snp-debug-policy.json", true, "tdx.json", true, "cca.json", true, "nvidia.json", true, "tdx-nonce.json", true,
                "tdx-wrong-nonce.json", false);
        for (Map.Entry<String, Boolean> e : verified.entrySet()) {
            Sidecar.Reply reply = SIDECAR.verifyReply(seed("verifyRequest/" + e.getKey()));
            assertEquals(200, reply.status(), e.getKey() + ": " + reply.body());
            boolean ok = reply.body().has("eat_profile")
                    ? reply.body().toString().contains("\"ear.status\":\"affirming\"")
                            || reply.body().toString().contains("\"ear.status\":\"warning\"")
                    : reply.body().path("verified").asBoolean(false);
            assertEquals(e.getValue(), ok, e.getKey() + ": " + reply.body());
        }
        for (String tee : List.of("sev-snp", "tdx", "cca", "nvidia-gpu", "auto")) {
            Sidecar.Reply reply = SIDECAR.attestReply(seed("attestRequest/" + tee + ".json"));
            assertEquals(200, reply.status(), tee + ": " + reply.body());
        }
        assertEquals(400, SIDECAR.verifyReply(seed("verifyRequest/unknown-key.json")).status());
        assertEquals(400, SIDECAR.attestReply(seed("attestRequest/not-hex.json")).status());
    }

    private static byte[] seed(String name) throws IOException {
        try (var in = SidecarRequestFuzzTest.class.getResourceAsStream("SidecarRequestFuzzTestInputs/" + name)) {
            if (in == null) {
                throw new IOException("missing seed " + name);
            }
            return in.readAllBytes();
        }
    }

    private static void check(Sidecar.Reply reply, Set<Integer> allowed) {
        if (!allowed.contains(reply.status())) {
            throw new AssertionError("undocumented status " + reply.status() + ": " + reply.body());
        }
        JsonNode body = reply.body();
        if (body == null || !body.isObject()) {
            throw new AssertionError("answer is not a JSON object: " + body);
        }
        boolean classified = body.path("error").path("class").isTextual() // a refused request
                || body.path("failureClass").isTextual() // a native verification failure
                || body.path("eat_profile").isTextual(); // an EAR, which carries its own status
        if (reply.status() != 200 && !classified) {
            throw new AssertionError("a refusal without its class: " + body);
        }
    }

    private static Sidecar open() {
        try {
            Path dir = Files.createTempDirectory("tee4j-sidecar-fuzz");
            dir.toFile().deleteOnExit();
            Path tdxCollateral = copySample(dir, "tdx/collateral.json");
            Path ccaValues = copySample(dir, "cca/rv.json");
            Clock clock = Clock.fixed(Instant.parse("2025-07-04T10:24:00Z"), ZoneOffset.UTC);
            Simulators sims = Simulators.init(dir.resolve("sim"), clock);
            Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 64 * 1024, 1, 1, null,
                    true, false, List.of(), Map.of(TeeType.TDX, List.of(tdxCollateral), TeeType.CCA, List.of(ccaValues)),
                    clock, type -> sims.attester(type == null ? TeeType.SEV_SNP : type));
            return new Sidecar(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UsageException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path copySample(Path dir, String name) throws IOException {
        Path target = dir.resolve(name.replace('/', '-'));
        Files.write(target, DemoSamples.resource(name));
        return target;
    }
}
