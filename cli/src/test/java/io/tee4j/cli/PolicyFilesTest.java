package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.tdx.validate.TdxPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy-file format the README documents: the example file of each TEE uses every option its
 * backend reads; each example parses; each key on its own changes the resulting policy (so none is
 * silently ignored); the README names every key; and malformed files are rejected by
 * {@code tee4j verify --policy} with exit code 1 and the JSON path of the bad key.
 */
class PolicyFilesTest {

    interface Reader {
        Object read(PolicyDocument d) throws PolicyFormatException;
    }

    static final Map<String, Reader> READERS = Map.of(
            "sev-snp", SnpPolicy::fromDocument,
            "tdx", TdxPolicy::fromDocument,
            "cca", CcaPolicy::fromDocument,
            "nvidia-gpu", NvGpuPolicy::fromDocument);

    static byte[] example(String tee) throws IOException {
        try (InputStream in = PolicyFilesTest.class.getResourceAsStream("policies/" + tee + ".json")) {
            return in.readAllBytes();
        }
    }

    /** Every field of a policy object, deeply, byte arrays as hex: equal iff the policies are equal. */
    static String fingerprint(Object o) throws IllegalAccessException {
        if (o == null) {
            return "null";
        }
        if (o instanceof byte[]) {
            return HexFormat.of().formatHex((byte[]) o);
        }
        if (o instanceof byte[][]) {
            List<String> out = new ArrayList<>();
            for (byte[] b : (byte[][]) o) {
                out.add(fingerprint(b));
            }
            return out.toString();
        }
        if (o instanceof Collection) {
            List<String> out = new ArrayList<>();
            for (Object e : (Collection<?>) o) {
                out.add(fingerprint(e));
            }
            if (!(o instanceof List)) {
                out.sort(null);
            }
            return out.toString();
        }
        if (o instanceof Map) {
            Map<String, String> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                out.put(String.valueOf(e.getKey()), fingerprint(e.getValue()));
            }
            return out.toString();
        }
        if (o instanceof int[]) {
            return java.util.Arrays.toString((int[]) o);
        }
        if (o.getClass().getName().startsWith("java.") || o instanceof Enum) {
            return String.valueOf(o);
        }
        StringBuilder sb = new StringBuilder(o.getClass().getSimpleName()).append('{');
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                sb.append(f.getName()).append('=').append(fingerprint(f.get(o))).append(';');
            }
        }
        return sb.append('}').toString();
    }

    @Test
    void everyExampleParsesAndEveryKeyChangesThePolicy() throws Exception {
        for (Map.Entry<String, Reader> e : READERS.entrySet()) {
            String tee = e.getKey();
            Reader reader = e.getValue();
            PolicyDocument full = VerifyCommand.parsePolicy(example(tee));
            String defaults = fingerprint(reader.read(VerifyCommand.parsePolicy("{}".getBytes(StandardCharsets.UTF_8))));
            assertNotEquals(defaults, fingerprint(reader.read(full)), tee);
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(example(tee));
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                ObjectNode single = Json.MAPPER.createObjectNode();
                single.set(field.getKey(), field.getValue());
                Object p = reader.read(VerifyCommand.parsePolicy(Json.MAPPER.writeValueAsBytes(single)));
                assertNotEquals(defaults, fingerprint(p), tee + ": key " + field.getKey() + " changed nothing");
            }
        }
    }

    @Test
    void theReadmeDocumentsEveryKey() throws Exception {
        String readme = Files.readString(Paths.get(System.getProperty("user.dir")).getParent().resolve("README.md"));
        for (String tee : READERS.keySet()) {
            JsonNode node = Json.MAPPER.readTree(example(tee));
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String key = it.next();
                assertTrue(readme.contains("`" + key + "`"), "README.md does not document " + tee + " key " + key);
            }
            assertTrue(readme.contains("policies/" + tee + ".json"), "README.md links the " + tee + " example");
        }
    }

    /** Sample evidence for each TEE, so that verify reaches the policy. */
    static List<String> verifyArgs(String tee, Path dir) throws IOException {
        switch (tee) {
            case "sev-snp": {
                Path ev = Files.write(dir.resolve("snp.bin"), DemoSamples.resource("snp/genoa-report.bin"));
                Path vcek = Files.write(dir.resolve("vcek.der"), DemoSamples.resource("snp/genoa-vcek.der"));
                return List.of("--evidence", ev.toString(), "--cert", vcek.toString(), "--at", "2025-09-01T00:00:00Z",
                        "--offline", "--no-revocation-check");
            }
            case "tdx": {
                Path ev = Files.write(dir.resolve("quote.dat"), DemoSamples.resource("tdx/quote.dat"));
                Path col = Files.write(dir.resolve("collateral.json"), DemoSamples.resource("tdx/collateral.json"));
                return List.of("--evidence", ev.toString(), "--collateral", col.toString(), "--at",
                        "2025-07-04T10:24:00Z", "--offline");
            }
            case "cca": {
                Path ev = Files.write(dir.resolve("token.cbor"), DemoSamples.resource("cca/token.cbor"));
                Path ta = Files.write(dir.resolve("ta.json"), DemoSamples.resource("cca/ta.json"));
                return List.of("--evidence", ev.toString(), "--trust-root", ta.toString(), "--at", "2025-01-01T00:00:00Z",
                        "--offline");
            }
            default: {
                Path ev = Files.write(dir.resolve("report.hex"), DemoSamples.resource("nvidia-gpu/report.hex"));
                Path chain = Files.write(dir.resolve("chain.pem"), DemoSamples.resource("nvidia-gpu/chain.pem"));
                return List.of("--evidence", ev.toString(), "--cert", chain.toString(), "--at", "2025-06-01T00:00:00Z",
                        "--offline", "--no-revocation-check");
            }
        }
    }

    private static void rejected(String tee, Path dir, String policyJson, String expectedPath) throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.json"), policyJson);
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--policy", policy.toString()));
        args.addAll(verifyArgs(tee, dir));
        int[] rc = new int[1];
        String err = SealCommandTest.captureErr(() -> MainTest.captureOut(
                () -> rc[0] = Main.run(args.toArray(new String[0]))));
        assertEquals(1, rc[0], tee + " " + policyJson + ": " + err);
        assertTrue(err.contains(expectedPath), tee + " " + policyJson + " should name " + expectedPath + ": " + err);
    }

    @Test
    void malformedPolicyFilesAreRejectedWithThePathOfTheBadKey(@TempDir Path dir) throws Exception {
        // unknown keys, at the top and nested
        rejected("sev-snp", dir, "{\"allowDebugg\": true}", "$.allowDebugg");
        rejected("sev-snp", dir, "{\"minimumTcb\": {\"snpp\": 8}}", "$.minimumTcb.snpp");
        rejected("tdx", dir, "{\"mrTd\": []}", "$.mrTd");
        rejected("tdx", dir, "{\"xfam\": {\"value\": 1, \"maks\": 1}}", "$.xfam.maks");
        rejected("cca", dir, "{\"challenge\": \"00\"}", "$.challenge");
        rejected("nvidia-gpu", dir, "{\"nonce\": \"00\"}", "$.nonce");
        // wrong types
        rejected("sev-snp", dir, "{\"allowDebug\": \"yes\"}", "$.allowDebug");
        rejected("sev-snp", dir, "{\"minimumGuestSvn\": -1}", "$.minimumGuestSvn");
        rejected("sev-snp", dir, "{\"measurements\": \"ab\"}", "$.measurements");
        rejected("tdx", dir, "{\"acceptedTcbStatuses\": \"UpToDate\"}", "$.acceptedTcbStatuses");
        rejected("tdx", dir, "{\"minimumQeSvn\": 70000}", "$.minimumQeSvn");
        rejected("cca", dir, "{\"requireReferenceValues\": 1}", "$.requireReferenceValues");
        rejected("nvidia-gpu", dir, "{\"allowedDriverVersions\": [550]}", "$.allowedDriverVersions");
        // bad hex lengths and bad hex
        rejected("sev-snp", dir, "{\"reportData\": \"00\"}", "$.reportData");
        rejected("sev-snp", dir, "{\"measurements\": [\"" + "ab".repeat(47) + "\"]}", "$.measurements");
        rejected("tdx", dir, "{\"rtmr2\": \"" + "ab".repeat(32) + "\"}", "$.rtmr2");
        rejected("cca", dir, "{\"expectedPersonalizationValue\": \"zz\"}", "$.expectedPersonalizationValue");
        rejected("nvidia-gpu", dir, "{\"expectedNonce\": \"" + "00".repeat(31) + "\"}", "$.expectedNonce");
        // null anywhere (core's reader does not expect null in lists: found by PolicyFuzzTest)
        rejected("sev-snp", dir, "{\"measurements\": [null]}", "$.measurements[0]");
        rejected("tdx", dir, "{\"allowDebug\": null}", "$.allowDebug");
        // not an object at all, and not JSON
        rejected("sev-snp", dir, "[1, 2]", "$");
        rejected("tdx", dir, "{\"allowDebug\": tru", "policy");
    }

    @Test
    void theFullExamplesAreAcceptedByVerifyAsFiles(@TempDir Path dir) throws Exception {
        // The example files parse as policies (exit code is then a verdict, never a usage error).
        for (String tee : READERS.keySet()) {
            Path policy = Files.write(dir.resolve(tee + ".json"), example(tee));
            List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--policy", policy.toString()));
            args.addAll(verifyArgs(tee, dir));
            int[] rc = new int[1];
            String err = SealCommandTest.captureErr(() -> MainTest.captureOut(
                    () -> rc[0] = Main.run(args.toArray(new String[0]))));
            assertNotEquals(1, rc[0], tee + ": " + err);
        }
    }

    /** Runs verify with the policy text and returns the result. */
    private static Cli.Result verifyWithPolicy(String tee, Path dir, byte[] policyJson) throws IOException {
        Path policy = Files.write(dir.resolve("policy.json"), policyJson);
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--policy", policy.toString()));
        args.addAll(verifyArgs(tee, dir));
        return Cli.run(args.toArray(new String[0]));
    }

    private static void refusedWithPath(String tee, Path dir, String policyJson, String path, String problem)
            throws IOException {
        Cli.Result r = verifyWithPolicy(tee, dir, policyJson.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.rc(), policyJson + ": " + r);
        assertTrue(r.err().contains(path), policyJson + " should name " + path + ": " + r);
        assertTrue(r.err().contains(problem), policyJson + " should say " + problem + ": " + r);
        // Jackson's own location text and class names stay out of the message (issue 14 item 28).
        assertTrue(!r.err().contains("[Source") && !r.err().contains("line:") && !r.err().contains("Exception"), r.err());
    }

    @Test
    void policyJsonIsParsedStrictly(@TempDir Path dir) throws Exception {
        // Issue 14 item 3: a duplicate key took the last value (a debug guest accepted), content
        // after the first value was dropped (the measurement rule with it), comments were errors
        // with Jackson's location text.
        refusedWithPath("sev-snp", dir, "{\"allowDebug\": false, \"allowDebug\": true}", "$.allowDebug",
                "given twice");
        refusedWithPath("sev-snp", dir, "{\"minimumTcb\": {\"snp\": 8, \"snp\": 0}}", "$.minimumTcb.snp",
                "given twice");
        refusedWithPath("tdx", dir, "{\"mrtd\": [\"" + "ab".repeat(48) + "\"], \"mrtd\": [\"" + "cd".repeat(48)
                + "\"]}", "$.mrtd", "given twice");
        refusedWithPath("sev-snp", dir, "{\"vmpl\": 0} {\"measurements\": [\"" + "ab".repeat(48) + "\"]}", "$",
                "content after the first JSON value");
        refusedWithPath("cca", dir, "{\"requireReferenceValues\": true} x", "$", "content after the first JSON value");
        refusedWithPath("sev-snp", dir, "{\"vmpl\": 0 /* the guest's level */}", "$", "comments are not allowed");
        refusedWithPath("nvidia-gpu", dir, "// nonce\n{\"requireNonce\": true}", "$", "comments are not allowed");
        refusedWithPath("tdx", dir, "{\"allowDebug\": tru", "$", "not valid JSON");
    }

    @Test
    void policyFilesAreCappedAtOneMebibyte(@TempDir Path dir) throws Exception {
        byte[] padded = ("{\"allowDebug\": false" + " ".repeat(PolicyFiles.MAX_POLICY_BYTES) + "}")
                .getBytes(StandardCharsets.UTF_8);
        Cli.Result r = verifyWithPolicy("sev-snp", dir, padded);
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("larger than " + PolicyFiles.MAX_POLICY_BYTES + " bytes"), r.err());
    }

    @Test
    void aHugeNumberIsRefusedAtOnce(@TempDir Path dir) throws Exception {
        // A million-digit number cost 21 s of CPU (issue 14 item 3); numbers are capped at 20 digits
        // in JSON and in integer strings alike.
        String digits = "9".repeat(1_000_000);
        for (String policy : List.of("{\"minimumGuestSvn\": " + digits + "}", "{\"minimumGuestSvn\": \"" + digits + "\"}",
                "{\"minimumTcb\": {\"snp\": -" + digits + "}}", "{\"minimumGuestSvn\": 1" + "0".repeat(20) + "}")) {
            long start = System.nanoTime();
            Cli.Result r = verifyWithPolicy("sev-snp", dir, policy.getBytes(StandardCharsets.UTF_8));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, r.rc(), r.toString().substring(0, Math.min(2000, r.toString().length())));
            assertTrue(r.err().contains("20 digits"), r.err().substring(0, Math.min(500, r.err().length())));
            assertTrue(r.err().contains("$.minimumGuestSvn") || r.err().contains("$.minimumTcb.snp"), r.err());
            assertTrue(r.err().length() < 500, "the number is not echoed back");
            assertTrue(millis < 3000, "refused in " + millis + " ms");
        }
        // Twenty digits still read: the largest unsigned 64-bit value.
        Cli.Result r = verifyWithPolicy("sev-snp", dir,
                "{\"requiredCurrentMitigations\": 18446744073709551615}".getBytes(StandardCharsets.UTF_8));
        assertNotEquals(1, r.rc(), r.toString());
    }

    @Test
    void anEmptyListIsAUsageErrorForEveryListKeyOfEveryBackend(@TempDir Path dir) throws Exception {
        // Issue 14 item 4: [] accepted anything (measurements, mrtd, allowedInitialMeasurements),
        // rejected everything (acceptedTcbStatuses) or was an error of its own (productLines).
        String[][] keys = {
            {"sev-snp", "measurements"}, {"sev-snp", "productLines"}, {"sev-snp", "trustedAuthorKeyHashes"},
            {"sev-snp", "allowedSigningKeys"}, {"tdx", "mrtd"}, {"tdx", "mrseam"}, {"tdx", "acceptedTcbStatuses"},
            {"tdx", "rejectedAdvisoryIds"}, {"cca", "allowedInitialMeasurements"}, {"cca", "allowedLifecycleStates"},
            {"nvidia-gpu", "allowedDriverVersions"}, {"nvidia-gpu", "allowedVbiosVersions"}};
        for (String[] k : keys) {
            refusedWithPath(k[0], dir, "{\"" + k[1] + "\": []}", "$." + k[1], "an empty list is not allowed");
        }
    }
}
