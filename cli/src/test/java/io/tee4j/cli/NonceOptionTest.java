package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.tdx.abi.TdxQuote;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tee4j verify --nonce}: on every real sample, the nonce the evidence carries verifies (exit
 * 0), another one is refused (SEV-SNP, TDX: exit 5, a policy violation; CCA, NVIDIA: exit 2, a freshness failure), a
 * malformed one or one given twice is a usage error (exit 1).
 */
class NonceOptionTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The challenge each sample was made with, read from the evidence with the library's parsers. */
    private static Map<String, byte[]> carried() throws Exception {
        return Map.of(
                "sev-snp", AttestationReport.parse(DemoSamples.resource("snp/genoa-report.bin")).reportData(),
                "tdx", TdxQuote.parse(DemoSamples.resource("tdx/quote.dat")).body().reportData(),
                "cca", CcaToken.decode(DemoSamples.resource("cca/token.cbor")).realmClaims().challenge(),
                "nvidia-gpu", HEX.parseHex("931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb"));
    }

    private static int verify(String tee, Path dir, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee));
        args.addAll(PolicyFilesTest.verifyArgs(tee, dir));
        args.addAll(List.of(extra));
        int[] rc = new int[1];
        String err = SealCommandTest.captureErr(() -> MainTest.captureOut(
                () -> rc[0] = Main.run(args.toArray(new String[0]))));
        System.out.println("NonceOptionTest " + tee + " " + List.of(extra) + " -> " + rc[0] + " " + err.strip());
        return rc[0];
    }

    @Test
    void theCarriedNonceVerifiesAndAnotherIsAPolicyViolation(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, byte[]> e : carried().entrySet()) {
            String tee = e.getKey();
            String policy = tee.equals("nvidia-gpu") ? "{\"allowUnappraisedMeasurements\": true}" : "{}";
            Path file = Files.writeString(dir.resolve(tee + "-policy.json"), policy);
            byte[] right = e.getValue();
            byte[] wrong = right.clone();
            wrong[0] ^= 1;
            assertEquals(0, verify(tee, dir, "--policy", file.toString(), "--nonce", HEX.formatHex(right)), tee);
            // SEV-SNP and TDX compare report data as a policy rule (POLICY_VIOLATION, exit 5); CCA and
            // NVIDIA check their challenge as freshness of the signed evidence (VERIFICATION_FAILED, 2)
            int mismatch = tee.equals("nvidia-gpu") || tee.equals("cca") ? 2 : 5;
            assertEquals(mismatch, verify(tee, dir, "--policy", file.toString(), "--nonce", HEX.formatHex(wrong)), tee);
        }
    }

    @Test
    void aShortNonceIsZeroPaddedForReportData(@TempDir Path dir) throws Exception {
        byte[] carried = carried().get("tdx");
        int end = carried.length;
        while (end > 1 && carried[end - 1] == 0) {
            end--;
        }
        byte[] trimmed = Arrays.copyOf(carried, end);
        assertEquals(0, verify("tdx", dir, "--nonce", HEX.formatHex(trimmed)));
        if (end < carried.length) {
            byte[] longer = Arrays.copyOf(carried, end + 1);
            longer[end] = 1;
            assertEquals(5, verify("tdx", dir, "--nonce", HEX.formatHex(longer)));
        }
    }

    @Test
    void malformedOrDoubleNoncesAreUsageErrors(@TempDir Path dir) throws Exception {
        assertEquals(1, verify("sev-snp", dir, "--nonce", "zz"));
        assertEquals(1, verify("sev-snp", dir, "--nonce", "00".repeat(65)));
        assertEquals(1, verify("nvidia-gpu", dir, "--nonce", "00".repeat(31)));
        Path policy = Files.writeString(dir.resolve("p.json"), "{\"reportData\": \"" + "00".repeat(64) + "\"}");
        assertEquals(1, verify("tdx", dir, "--policy", policy.toString(), "--nonce", "01"));
        assertTrue(NonceOption.bytes(io.tee4j.core.TeeType.CCA, "0x0102").length == 2, "0x prefix accepted");
    }

    @Test
    void theKeyAndLengthsComeFromTheBackendNotTheCommand() throws Exception {
        // Issue 15 item 5: each backend declares its nonce binding; NonceOption names no key, no TEE.
        String source = Files.readString(Path.of("src/main/java/io/tee4j/cli/NonceOption.java"));
        // Every backend on the class path (four hardware ones and the three vTPM ones at least) declares one.
        assertTrue(Backends.all().size() >= 7, Backends.all().keySet().toString());
        for (TeeBackend b : Backends.all().values()) {
            String key = b.nonceBinding().orElseThrow().policyKey();
            assertFalse(source.contains("\"" + key + "\""), key);
        }
        assertFalse(source.contains("TeeType."), "NonceOption names no TEE");
    }
}
