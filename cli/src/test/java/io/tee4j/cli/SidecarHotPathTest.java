package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.TeeType;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-request shortcuts of {@code /v1/verify} (issue 15, sidecar throughput) answer exactly as
 * the work they skip: base64 without a regex, certificate entries parsed once per distinct bytes,
 * the last {@code at} parsed once, root-set keys over the request's own arrays.
 */
class SidecarHotPathTest {
    @TempDir
    Path dir;

    private VerifyEndpoint endpoint() {
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 2, 4, null, true,
                false, List.of(), Map.of(), Clock.systemUTC(), type -> null, null, dir.resolve("cache"));
        return new VerifyEndpoint(Backends.all(), config,
                SidecarCollateral.open(true, dir.resolve("cache"), Clock.systemUTC(), null), new SafeMessages(List.of()));
    }

    private static String snpRequest(String at, String vcekBase64) throws Exception {
        ObjectNode snp = Json.MAPPER.createObjectNode();
        snp.put("tee", "sev-snp");
        snp.put("evidence", SidecarLoadTest.b64(DemoSamples.resource("snp/genoa-report.bin")));
        snp.putArray("certificates").add(vcekBase64);
        snp.put("at", at);
        snp.put("noRevocationCheck", true);
        return Json.MAPPER.writeValueAsString(snp);
    }

    private static Sidecar.Reply reply(VerifyEndpoint e, String body) {
        return e.reply(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void base64WithoutRegexDecodesAsTheRegexVersionDid() {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 3);
        }
        String plain = Base64.getEncoder().encodeToString(data);
        String url = Base64.getUrlEncoder().encodeToString(data);
        assertArrayEquals(data, RequestFields.strictBase64(plain));
        assertArrayEquals(data, RequestFields.strictBase64(url));
        assertArrayEquals(data, RequestFields.strictBase64(Base64.getMimeEncoder().encodeToString(data)));
        String spaced = " \t" + plain.substring(0, 10) + "\u000B\f\r\n" + plain.substring(10) + "\n ";
        assertArrayEquals(data, RequestFields.strictBase64(spaced));
        assertArrayEquals(data, RequestFields.strictBase64(url.substring(0, 50) + "\n" + url.substring(50)));
        assertEquals(spaced.replaceAll("[\\s]", ""), RequestFields.withoutWhiteSpace(spaced));
        // Not white space for \s, so not skipped: refused as before.
        assertThrows(IllegalArgumentException.class, () -> RequestFields.strictBase64(plain + "\u00A0"));
        assertThrows(IllegalArgumentException.class, () -> RequestFields.strictBase64("*" + plain));
        // Every outcome equals the regex version's, refusals included.
        for (String text : List.of(plain, url, spaced, plain.substring(1), plain.substring(3), "", " ", "=", "A===",
                "AB==\n", "AB\n==", "AB=\u2028=", url + "+", "-" + plain, "AA AA", "A\u0085A==", "AB_-")) {
            assertEquals(outcome(() -> regexVersion(text)), outcome(() -> RequestFields.strictBase64(text)), text);
        }
    }

    /** The former implementation, kept here as the reference. */
    private static byte[] regexVersion(String text) {
        String compact = text.replaceAll("[\\s]", "");
        boolean url = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
        return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
    }

    private static String outcome(java.util.function.Supplier<byte[]> decode) {
        try {
            return java.util.HexFormat.of().formatHex(decode.get());
        } catch (IllegalArgumentException e) {
            return "refused";
        }
    }

    @Test
    void aRepeatedCertificateEntryIsParsedOnceAndStillChecked() throws Exception {
        VerifyEndpoint e = endpoint();
        String vcek = SidecarLoadTest.b64(DemoSamples.resource("snp/genoa-vcek.der"));
        for (int i = 0; i < 3; i++) {
            Sidecar.Reply r = reply(e, snpRequest("2025-09-01T00:00:00Z", vcek));
            assertEquals(true, r.body().path("verified").asBoolean(), r.body().toString());
        }
        assertEquals(1, e.parsedCertificateEntries());
        // An entry that does not parse is refused every time, and never kept.
        String bad = SidecarLoadTest.b64("not a certificate".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 2; i++) {
            Sidecar.Reply r = reply(e, snpRequest("2025-09-01T00:00:00Z", bad));
            assertEquals(400, r.status(), r.body().toString());
            assertEquals(true, r.body().path("error").path("message").asText().startsWith("$.certificates[0]"),
                    r.body().toString());
        }
        assertEquals(1, e.parsedCertificateEntries());
    }

    @Test
    void theRememberedAtNeverAnswersForAnotherOne() throws Exception {
        VerifyEndpoint e = endpoint();
        String vcek = SidecarLoadTest.b64(DemoSamples.resource("snp/genoa-vcek.der"));
        for (String at : List.of("2025-09-01T00:00:00Z", "2025-09-02T00:00:00Z", "2025-09-01T00:00:00Z",
                "2025-09-02T00:00:00Z")) {
            Sidecar.Reply r = reply(e, snpRequest(at, vcek));
            assertEquals(at, r.body().path("verifiedAt").asText(), r.body().toString());
        }
        // A bad one is still refused after a good one was remembered, and the good one still answers.
        assertEquals(400, reply(e, snpRequest("2025-13-01T00:00:00Z", vcek)).status());
        assertEquals(400, reply(e, snpRequest("0001-01-01T00:00:00Z", vcek)).status());
        assertEquals("2025-09-02T00:00:00Z",
                reply(e, snpRequest("2025-09-02T00:00:00Z", vcek)).body().path("verifiedAt").asText());
        assertEquals(TeeType.SEV_SNP.id(), reply(e, snpRequest("2025-09-02T00:00:00Z", vcek)).body().path("tee").asText());
    }
}
