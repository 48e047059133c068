package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A request body read by {@link FlatRequestScanner} answers every question of
 * {@link RequestFields} exactly as the strict tree reader's fields do: the same values, the same
 * errors with the same paths, in the same order. Checked on the request seeds, on bodies written
 * to sit on each edge of what the scanner takes, and on 20,000 random mutations of the seeds;
 * the scanner must also take the flat seeds, or this would compare the tree path with itself.
 */
class FlatRequestScannerTest {
    private static final Set<String> KEYS = Set.of("tee", "evidence", "certificates", "trustRoots", "rimTrustRoots",
            "policy", "nonce", "at", "format", "noRevocationCheck", "arpk");
    private static final String B64 = Base64.getEncoder().encodeToString("some evidence bytes!".getBytes(
            StandardCharsets.US_ASCII));

    /** Every answer of the fields for every key, errors as their status and message. */
    private static String answers(Supplier<RequestFields> read) {
        RequestFields f;
        try {
            f = read.get();
        } catch (BadRequest e) {
            return "read: " + e.status + " " + e.getMessage();
        }
        StringBuilder out = new StringBuilder();
        for (String key : KEYS.stream().sorted().toList()) {
            out.append(key).append(": node=").append(outcome(() -> String.valueOf(f.node(key))))
                    .append(" text=").append(outcome(() -> f.requiredText(key)))
                    .append(" optional=").append(outcome(() -> f.optionalText(key, "fallback")))
                    .append(" bool=").append(outcome(() -> String.valueOf(f.optionalBool(key))))
                    .append(" base64=").append(outcome(() -> Arrays.toString(f.base64(key))))
                    .append(" list=").append(outcome(() -> {
                        List<String> items = new ArrayList<>();
                        f.base64List(key).forEach(b -> items.add(Arrays.toString(b)));
                        return items.toString();
                    })).append('\n');
        }
        return out.toString();
    }

    private static String outcome(Supplier<String> s) {
        try {
            return s.get();
        } catch (BadRequest e) {
            return "error " + e.status + " " + e.getMessage();
        }
    }

    private static void sameAnswers(byte[] body) {
        String tree = answers(() -> new RequestFields(RequestJson.readObject(body), KEYS));
        String read = answers(() -> RequestFields.read(body, KEYS));
        assertEquals(tree, read, new String(body, StandardCharsets.ISO_8859_1));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Jazzer: any body answers the same from {@link RequestFields#read} as from the tree reader.
     * Seeds: the sidecar's verify request seeds (SEV-SNP, TDX, CCA, NVIDIA, policies, errors).
     */
    @FuzzTest(maxDuration = "30s")
    void flatRequestReadsAsTheTree(byte[] body) {
        sameAnswers(body);
    }

    @Test
    void theFlatSeedsAreScannedAndAnswerAsTheTreeDoes() throws IOException {
        for (String seed : List.of("snp-milan.json", "snp-milan-ear.json", "tdx.json", "tdx-nonce.json",
                "tdx-wrong-nonce.json", "cca.json")) {
            byte[] body = seed(seed);
            assertNotNull(FlatRequestScanner.scan(body), seed);
            sameAnswers(body);
        }
        // A policy (an object) or a number is left to the tree reader.
        for (String seed : List.of("nvidia.json", "snp-debug-policy.json", "bad-policy.json", "not-object.json",
                "unknown-key.json")) {
            byte[] body = seed(seed);
            assertNull(FlatRequestScanner.scan(body), seed);
            sameAnswers(body);
        }
    }

    @Test
    void bodiesOnEachEdgeOfTheScannerAnswerAsTheTreeDoes() {
        List<String> bodies = List.of(
                "{}", " \t\r\n{ } \n", "{\"tee\":\"tdx\",\"evidence\":\"" + B64 + "\"}",
                "{\"tee\":\"tdx\",\"evidence\":\"" + B64 + "\",\"tee\":\"sev-snp\"}",
                "{\"tee\":\"td\\u0078\"}", "{\"tee\":\"tdx\\n\"}", "{\"tee\":\"tdx\u0001\"}", "{\"tee\":\"tdx\u007f\"}",
                "{\"tee\":\"tdé\"}", "{\"evidence\":\"" + B64.substring(0, 8) + "\\/" + B64.substring(8) + "\"}",
                "{\"evidence\":\"" + B64.replace('+', '-') + "\"}", "{\"evidence\":\" " + B64 + " \"}",
                "{\"evidence\":\"" + B64.substring(0, B64.length() - 1) + "\"}", "{\"evidence\":\"*" + B64 + "\"}",
                "{\"evidence\":\"" + B64.replace("=", "") + "\"}", "{\"evidence\":\"" + B64 + "==\"}",
                "{\"evidence\":\"\"}", "{\"evidence\":\"a\tb\"}",
                "{\"trustRoots\":[]}", "{\"trustRoots\":[ \"" + B64 + "\" , \"" + B64 + "\" ]}",
                "{\"trustRoots\":[\"" + B64 + "\",]}", "{\"trustRoots\":[\"" + B64 + "\",1]}", "{\"trustRoots\":[1]}",
                "{\"trustRoots\":[\"%%\"]}", "{\"trustRoots\":\"" + B64 + "\"}", "{\"trustRoots\":[[\"x\"]]}",
                "{\"certificates\":null}", "{\"noRevocationCheck\":true}", "{\"noRevocationCheck\":false}",
                "{\"noRevocationCheck\":\"true\"}", "{\"noRevocationCheck\":truex}", "{\"noRevocationCheck\":tru}",
                "{\"noRevocationCheck\":nul}", "{\"at\":null}", "{\"at\":5}", "{\"at\":-1.5e3}", "{\"tee\":[\"tdx\"]}",
                "{\"format\":[]}", "{\"policy\":{\"allowDebug\":true}}", "{\"policy\":\"{}\"}", "{\"policy\":[\"x\"]}",
                "{\"nonce\":\"00ff\"}", "{\"bogus\":null}", "{\"\":true}", "{\"tee\":\"tdx\"} x", "{\"tee\":\"tdx\"}}",
                "{\"tee\":\"tdx\"", "{\"tee\" \"tdx\"}", "{\"tee\":\"tdx\",}", "{,}", "{\"tee\":\"tdx\" \"at\":null}",
                "[\"tee\"]", "\"tee\"", "", "   ", "null", "{\"tee\":'tdx'}", "{tee:\"tdx\"}", "\uFEFF{\"tee\":\"tdx\"}",
                "{\"tee\":\"tdx\"}/*c*/", "{\"tee\":\"tdx\"}\u0000", "{\"a\u0000\":1}", "{\"tee\":\"0123456\"}",
                "{\"tee\":\"01234567\"}", "{\"tee\":\"012345678\\\"\"}", "{\"tee\":\"\\\\\"}");
        for (String body : bodies) {
            sameAnswers(ascii(body));
        }
    }

    @Test
    void randomMutationsOfTheSeedsAnswerAsTheTreeDoes() throws IOException {
        byte[][] seeds = {seed("tdx.json"), seed("snp-milan.json"), seed("nvidia.json"),
                ascii("{\"tee\":\"tdx\",\"evidence\":\"" + B64 + "\",\"trustRoots\":[\"" + B64 + "\"],"
                        + "\"noRevocationCheck\":true,\"at\":null}")};
        byte[] alphabet = ascii("{}[]\":, \t\n\\/-_=+AZaz09tfnu\u007f");
        Random random = new Random(15);
        int scanned = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] body = seeds[i % seeds.length].clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(body.length);
                switch (random.nextInt(4)) {
                    case 0 -> body[at] = alphabet[random.nextInt(alphabet.length)];
                    case 1 -> body[at] = (byte) random.nextInt(256);
                    case 2 -> body = Arrays.copyOf(body, at);
                    default -> body[at] ^= (byte) (1 << random.nextInt(8));
                }
                if (body.length == 0) {
                    break;
                }
            }
            sameAnswers(body);
            scanned += FlatRequestScanner.scan(body) != null ? 1 : 0;
        }
        // About a fifth of the edited bodies stay flat (3,849 with this seed): both readings are compared.
        assertEquals(true, scanned > 2_000, "mutated bodies the scanner took: " + scanned);
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = FlatRequestScannerTest.class.getResourceAsStream(
                "SidecarRequestFuzzTestInputs/verifyRequest/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }
}
