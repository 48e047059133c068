package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void versionPrintsTheProjectVersion() {
        String out = captureOut(() -> assertEquals(0, Main.run("version")));
        assertTrue(out.startsWith("tee4j "), out);
        assertTrue(!out.contains("unknown"), "version was filtered in: " + out);
    }

    @Test
    void unknownTeeIsAUsageError() {
        assertEquals(1, Main.run("show", "--tee", "sgx", "--evidence", "/nonexistent"));
    }

    @Test
    void missingFileIsAUsageError(@TempDir Path dir) {
        assertEquals(1, Main.run("verify", "--tee", "sev-snp", "--evidence", dir.resolve("none.bin").toString()));
    }

    @Test
    void badInstantIsAUsageError(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("r.bin"), new byte[] {1, 2, 3});
        assertEquals(1, Main.run("verify", "--tee", "sev-snp", "--evidence", f.toString(), "--at", "yesterday"));
    }

    static String captureOut(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
