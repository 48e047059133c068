package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command block of README.md runs as written, in order, in a fresh directory (issue 14 item
 * 26: the sidecar examples failed as written). Each {@code sh} block runs in its own
 * {@code bash -e -o pipefail} in one shared directory, where {@code ./tee4j} is a stand-in that
 * runs this build's command classes ({@code java -cp <test class path> io.tee4j.cli.Main}), so
 * nothing is fetched and nothing is built.
 *
 * <p>The one marker: an HTML comment {@code <!-- readme-test: skip (reason) -->} on the line
 * before a block's opening fence leaves that block out. It is for blocks that need hardware (a TEE,
 * a key broker) or the network, and for {@code mvn -B verify} itself; the reason is required.
 * The only rewrite is the sidecar's port: {@code 8080} becomes a free port, so the test does not
 * depend on 8080 being free. A block that leaves a process running has it killed when it ends.
 */
class ReadmeTest {
    private static final Pattern FENCE = Pattern.compile(
            "(?m)(^<!-- readme-test: skip \\((?<reason>[^)]+)\\) -->\\n)?^```(?<lang>\\w*)\\n(?<body>.*?)^```$",
            Pattern.DOTALL);
    private static final List<String> COMMAND_LANGUAGES = List.of("sh", "bash", "shell", "console");

    /** One fenced block of the README. */
    record Block(int index, String lang, String body, String skipReason) {
        boolean isCommands() {
            return COMMAND_LANGUAGES.contains(lang);
        }
    }

    static List<Block> blocks(String readme) {
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(readme);
        while (m.find()) {
            out.add(new Block(out.size(), m.group("lang"), m.group("body"), m.group("reason")));
        }
        return out;
    }

    static String readme() throws IOException {
        return Files.readString(Paths.get(System.getProperty("user.dir")).getParent().resolve("README.md"));
    }

    @Test
    void everyCommandBlockRunsAsWrittenInOrder(@TempDir Path clone) throws Exception {
        List<Block> blocks = blocks(readme());
        Path shim = clone.resolve("tee4j");
        Files.writeString(shim, "#!/bin/sh\nexec '" + Cli.java() + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                + Cli.classPath() + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        String port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = String.valueOf(s.getLocalPort());
        }
        // The Azure and GCP blocks verify the vTPM vectors the README names; a user has them in the
        // repository, the fresh directory gets a copy (the test's only fixture).
        for (String sample : List.of("trustee-evidence-v1.json", "go-tpm-tools-gce-cos-85-nonce9009.pb")) {
            VtpmCommandTest.copy(clone, sample);
        }
        int ran = 0;
        StringBuilder transcript = new StringBuilder();
        for (Block b : blocks) {
            if (!b.isCommands()) {
                assertTrue(List.of("xml", "java", "json").contains(b.lang()), "block " + b.index()
                        + " has no language the test knows (sh blocks run; xml, java, json are shown): " + b.lang());
                continue;
            }
            if (b.skipReason() != null) {
                continue;
            }
            String script = "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + b.body().replace("8080", port);
            Cli.Result r = Cli.exec(List.of("bash", "-e", "-o", "pipefail", "-c", script), clone, Map.of(),
                    Duration.ofMinutes(3));
            transcript.append("$ block ").append(b.index()).append('\n').append(r.out());
            assertEquals(0, r.rc(), "README block " + b.index() + " failed as written:\n" + b.body() + "\n" + r);
            // Commands print indented JSON, the sidecar compact JSON: both are compared without the spaces.
            assertFalse(r.out().replace(" ", "").contains("\"verified\":false"), "block " + b.index() + ": " + r);
            ran++;
        }
        assertTrue(ran >= 3, "the simulated attest/verify, sealing and sidecar blocks ran: " + ran);
        String all = transcript.toString();
        assertTrue(all.contains("VERIFIED sev-snp") && all.contains("VERIFIED tdx") && all.contains("VERIFIED cca")
                && all.contains("VERIFIED nvidia-gpu"), all);
        assertTrue(all.replace(" ", "").contains("\"verified\":true"), "the sidecar's /v1/verify example verifies: " + all);
        assertEquals("a note\n", Files.readString(clone.resolve("note.out")));
    }

    @Test
    void skippedBlocksSayWhyAndOnlyThoseNeedingHardwareAreSkipped() throws IOException {
        List<Block> skipped = blocks(readme()).stream().filter(b -> b.skipReason() != null).toList();
        for (Block b : skipped) {
            assertTrue(b.isCommands(), "only command blocks are marked: " + b);
            assertTrue(b.skipReason().length() > 10, "a reason is given: " + b);
        }
        assertTrue(skipped.size() <= 2, "only the hardware sealing block and 'mvn -B verify' are skipped: " + skipped);
    }
}
