package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs {@code tee4j demo --json} in-process, as the README's first command, and checks every step. */
class DemoCommandTest {

    @Test
    void everyStepHasItsExpectedVerdict() throws Exception {
        int[] rc = new int[1];
        String out = MainTest.captureOut(() -> rc[0] = Main.run("demo", "--json"));
        assertEquals(0, rc[0], out);
        JsonNode root = Json.MAPPER.readTree(out);
        assertTrue(root.get("allAsExpected").asBoolean(), out);
        List<String> seen = new ArrayList<>();
        for (JsonNode s : root.get("steps")) {
            assertTrue(s.get("asExpected").asBoolean(), s.toString());
            seen.add(s.get("tee").asText() + " " + s.get("verdict").asText());
        }
        List<String> expected = List.of(
                "sev-snp VERIFIED (simulated)", "tdx VERIFIED (simulated)", "cca VERIFIED (simulated)",
                "nvidia-gpu VERIFIED (simulated)", "sev-snp REJECTED (verification failed)",
                "sev-snp VERIFIED @ 2025-08-01", "sev-snp VERIFIED @ 2025-09-01", "sev-snp VERIFIED @ 2025-08-01",
                "sev-snp REJECTED (policy)", "tdx VERIFIED @ 2025-07-04", "cca VERIFIED @ 2025-01-01",
                "nvidia-gpu VERIFIED @ 2025-06-01",
                "simulated SEALED + UNSEALED", "simulated REFUSED (as it should)",
                "sev-snp VERIFIED (simulated)", "tdx VERIFIED (simulated)", "sev-snp REFUSED (no evidence)",
                "sev-snp REFUSED (stale nonce)",
                "sev-snp MATCHED MANIFEST (simulated)",
                "ibm-se VERIFIED (simulated)", "ibm-se REJECTED (verification failed)",
                "sev-snp SECRET RELEASED (simulated)");

        assertEquals(expected, seen, out);
        for (JsonNode s : root.get("steps")) {
            if (s.get("verdict").asText().equals("VERIFIED (simulated)")) {
                assertTrue(s.get("detail").asText().contains("explicit anchors (simulator)"), s.toString());
                assertTrue(s.get("detail").asText().contains("nonce matched"), s.toString());
            }
        }
        assertTrue(root.get("steps").get(12).get("detail").asText().contains("bound to policy,measurement,guest-svn,tcb-version"),
                out);
    }

    @Test
    void tableOutputEndsWithTheSummaryLine() {
        int[] rc = new int[1];
        String out = MainTest.captureOut(() -> rc[0] = Main.run("demo"));
        assertEquals(0, rc[0], out);
        assertTrue(out.contains("Every step had the expected outcome."), out);
        assertTrue(out.contains("explicit anchors (simulator)"), out);
    }

    @Test
    void tableLinesFitOneHundredColumnsAndCutNothing() {
        // Issue 14 item 28: lines ran to 250 columns and verdicts were cut ("REJECTED (verificatio…").
        DemoStep step = new DemoStep("Section", "sev-snp", "simulated evidence vs bundled AMD roots", s -> null);
        String detail = "the signing certificate's signature does not verify with the key of CN=SEV-Genoa,"
                + "O=Advanced Micro Devices,ST=CA,L=Santa Clara,C=US,OU=Engineering; " + "word ".repeat(60) + "END";
        DemoStep.Outcome o = step.outcome("REJECTED (verification failed)", detail, true);
        String table = DemoTable.render(List.of(o));
        for (String line : table.split("\n")) {
            assertTrue(line.length() <= DemoTable.WIDTH, line.length() + ": " + line);
        }
        assertTrue(table.contains("REJECTED (verification failed)"), table);
        assertTrue(table.contains("simulated evidence vs bundled AMD roots"), table);
        assertEquals(detail.replaceAll("\\s+", " "), String.join(" ", table.lines().filter(l -> l.startsWith("    "))
                .map(String::strip).toList()), "every word of the detail, in order");
        String out = MainTest.captureOut(() -> Main.run("demo"));
        for (String line : out.split("\n")) {
            assertTrue(line.length() <= DemoTable.WIDTH, line.length() + ": " + line);
        }
        assertTrue(out.contains("REJECTED (verification failed)"), out);
    }
}
