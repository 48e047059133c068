package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's verified replies, written straight from the result ({@link SuccessReplyWriter}),
 * are byte for byte the tree path's: {@link ResultJson#success}, scrubbed by {@link SafeMessages},
 * written compact by {@link NodeWriter}. Checked on the results the real backends give for the
 * request seeds (SEV-SNP, TDX, CCA, NVIDIA) and on a result whose claims probe every value form
 * and every scrub rule, with server paths to scrub.
 */
class SuccessReplyWriterTest {
    private static final String SERVER_PATH = "/srv/tee4j/secret-collateral";
    private static final SafeMessages MESSAGES = new SafeMessages(List.of(Path.of(SERVER_PATH)));

    @TempDir
    Path dir;

    private static byte[] treePath(AttestationResult result, SafeMessages messages) {
        return NodeWriter.writeCompactBytes(messages.scrub(ResultJson.success(result)));
    }

    @Test
    void theRealBackendsResultsAreWrittenAsTheTreePathWritesThem() throws Exception {
        AtomicReference<AttestationResult> last = new AtomicReference<>();
        Map<TeeType, TeeBackend> recording = new EnumMap<>(TeeType.class);
        Backends.all().forEach((type, backend) -> recording.put(type, recordingBackend(backend, last)));
        Path tdx = Files.write(dir.resolve("tdx-collateral.json"), DemoSamples.resource("tdx/collateral.json"));
        Path cca = Files.write(dir.resolve("cca-rv.json"), DemoSamples.resource("cca/rv.json"));
        Clock clock = Clock.fixed(Instant.parse("2025-07-04T10:24:00Z"), ZoneOffset.UTC);
        Sidecar.Config config = new Sidecar.Config(InetAddress.getLoopbackAddress(), 0, 1 << 20, 1, 1, null, true,
                false, List.of(), Map.of(TeeType.TDX, List.of(tdx), TeeType.CCA, List.of(cca)), clock, type -> null,
                null, dir.resolve("cache"));
        SafeMessages messages = new SafeMessages(List.of(tdx, cca, dir));
        VerifyEndpoint endpoint = new VerifyEndpoint(recording, config,
                SidecarCollateral.open(true, dir.resolve("cache"), clock, null), messages);
        List<String> written = new ArrayList<>();
        for (String seed : List.of("snp-milan.json", "snp-debug-policy.json", "tdx.json", "tdx-nonce.json", "cca.json",
                "nvidia.json")) {
            last.set(null);
            Sidecar.Reply reply = endpoint.reply(seed(seed));
            assertEquals(200, reply.status(), seed + ": " + reply.body());
            AttestationResult result = last.get();
            assertNotNull(result, seed);
            assertEquals(result.tee(), reply.verifiedTee(), seed);
            assertArrayEquals(treePath(result, messages), reply.compactBytes(), seed);
            written.add(result.tee().id());
        }
        assertEquals(List.of("sev-snp", "sev-snp", "tdx", "tdx", "cca", "nvidia-gpu"), written);
    }

    @Test
    void everyValueFormAndScrubRuleIsWrittenAsTheTreePathWritesIt() {
        Map<Object, Object> colliding = new LinkedHashMap<>();
        colliding.put(1, "first");
        colliding.put("1", "second, same key text");
        colliding.put("message", "a map's message at " + SERVER_PATH);
        Claims nested = Claims.builder()
                .put("error", "nested error at " + SERVER_PATH)
                .put("message", new byte[] {0x2f, 0x73})
                .put("violations", List.of("v at " + SERVER_PATH, 7L, List.of("not scrubbed " + SERVER_PATH),
                        Claims.builder().put("warnings", List.of("deep " + SERVER_PATH)).build()))
                .put("plain", "not a message key: " + SERVER_PATH)
                .put("list", List.of("kept " + SERVER_PATH, Claims.builder().put("message", SERVER_PATH).build()))
                .build();
        Claims claims = Claims.builder()
                .put("text", "quote \" backslash \\ tab \t nl \n ctl \u0001 del \u007f é 漢 \uD83D\uDE00")
                .put("lone", "lone \uD800 surrogate \uDC00 and \u2028 \u0000 end")
                .put("negative", -42L)
                .put("doubles", List.of(1e300, -0.0, Double.NaN, 3.0, 1e-7))
                .put("hex", new byte[] {0, 1, (byte) 0xab, (byte) 0xff})
                .put("emptyHex", new byte[0])
                .put("longHex", new byte[300])
                .put("bool", true)
                .put("int", Integer.MIN_VALUE)
                .put("long", Long.MAX_VALUE)
                .put("short", (short) -3)
                .put("byte", (byte) 9)
                .put("big", new BigInteger("123456789012345678901234567890"))
                .put("double", 0.1)
                .put("float", 1.5f)
                .put("status", TcbStatus.OUT_OF_DATE)
                .put("map", colliding)
                .put("nested", nested)
                .put("warnings", List.of("claims warning at " + SERVER_PATH))
                .put("message", 42L)
                .put("quote\"key", 1).put("ключ", 2).put("tab\tkey", 3).put("back\\slash", 4).put("", 5)
                .put("gpus", Claims.builder().put("devices", List.of(Claims.builder().put("message", SERVER_PATH)
                        .put("id", new byte[] {1}).build())).build())
                .build();
        AttestationResult probe = result(claims, List.of("warning at " + SERVER_PATH, "another"));
        byte[] tree = treePath(probe, MESSAGES);
        assertArrayEquals(tree, SuccessReplyWriter.write(probe, MESSAGES));
        String text = new String(tree, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"warning at [server path]\"") && text.contains("\"not a message key: " + SERVER_PATH),
                text);
        // Without server paths nothing is scrubbed, and top-level devices come from the claims.
        Claims flat = Claims.builder().put("devices", List.of("gpu0", "gpu1")).build();
        AttestationResult plain = result(flat, List.of());
        SafeMessages none = new SafeMessages(List.of());
        assertArrayEquals(treePath(plain, none), SuccessReplyWriter.write(plain, none));
        assertArrayEquals(treePath(probe, none), SuccessReplyWriter.write(probe, none));
    }

    @Test
    void aWrittenReplyReadsBackAsTheTreeItWasWrittenFrom() {
        Claims claims = Claims.builder().put("hex", new byte[] {1, 2}).put("n", 5L).build();
        AttestationResult result = result(claims, List.of("w"));
        Sidecar.Reply reply = Sidecar.Reply.verified(TeeType.TDX, SuccessReplyWriter.write(result, MESSAGES));
        assertEquals(ResultJson.success(result).toString(), reply.body().toString());
        assertEquals(TeeType.TDX, reply.verifiedTee());
        assertEquals(200, reply.status());
    }

    private static AttestationResult result(Claims claims, List<String> warnings) {
        VerificationInfo info = new VerificationInfo(Instant.parse("2026-01-02T03:04:05Z"),
                VerificationInfo.origin(true), true, TcbStatus.UP_TO_DATE, warnings);
        CommonClaims common = CommonClaims.builder(TeeType.TDX).tcbStatus(TcbStatus.UP_TO_DATE).debug(false).build();
        return new FixedResult(TeeType.TDX, common, claims, info);
    }

    private static byte[] seed(String name) throws Exception {
        try (var in = SuccessReplyWriterTest.class.getResourceAsStream("SidecarRequestFuzzTestInputs/verifyRequest/"
                + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    /** {@code backend} as it is, but every verifier it prepares puts each result it returns in {@code last}. */
    private static TeeBackend recordingBackend(TeeBackend backend, AtomicReference<AttestationResult> last) {
        return (TeeBackend) Proxy.newProxyInstance(SuccessReplyWriterTest.class.getClassLoader(),
                new Class<?>[] {TeeBackend.class}, (proxy, method, args) -> {
                    Object out = invoke(method, backend, args);
                    if (out instanceof PreparedVerifier) {
                        PreparedVerifier real = (PreparedVerifier) out;
                        return Proxy.newProxyInstance(SuccessReplyWriterTest.class.getClassLoader(),
                                new Class<?>[] {PreparedVerifier.class}, (p, m, a) -> {
                                    Object r = invoke(m, real, a);
                                    if (r instanceof AttestationResult) {
                                        last.set((AttestationResult) r);
                                    }
                                    return r;
                                });
                    }
                    return out;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args == null ? new Object[0] : Arrays.copyOf(args, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
