package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB generated stream (not stored: it goes through an OS pipe) seals and unseals in a child
 * JVM whose heap is capped at 64 MiB: streaming really is constant-memory. About 7 s on the
 * shared 2-core build machine; {@code -Dtee4j.sealing.bigStreamBytes=N} changes the size.
 */
class BigStreamTest {
    @Test
    void largeStreamInSixtyFourMiBHeap() throws Exception {
        long size = Long.getLong("tee4j.sealing.bigStreamBytes", 1L << 30);
        Process p = ChildJvm.start(List.of("-Xmx64m", "-XX:+UseSerialGC"), BigStreamChild.class, Long.toString(size));
        StringBuilder all = new StringBuilder();
        String result = null;
        try (BufferedReader r = ChildJvm.lines(p)) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        assertEquals(0, p.exitValue(), all.toString());
        assertNotNull(result, all.toString());
        String[] f = result.split(" ");
        assertEquals(size, Long.parseLong(f[1]));
        assertEquals(f[2], f[3], "CRC of plaintext in and out");
        assertTrue(Long.parseLong(f[4]) <= 64L << 20, "child heap not capped: " + f[4]);
        System.out.println("big stream: " + size + " bytes sealed and unsealed in " + f[5] + " ms with -Xmx64m");
    }
}
