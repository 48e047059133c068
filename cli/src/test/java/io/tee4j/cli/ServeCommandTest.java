package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code tee4j serve} with flags it cannot serve with (issue 14 item 19): one line saying what is
 * wrong, exit 1, no stack trace, and nothing left listening.
 */
class ServeCommandTest {

    /** Runs the command in the background: a wrongly accepted flag would serve forever. */
    private static void assertUsageError(String expected, String... args) throws Exception {
        AtomicInteger exit = new AtomicInteger(-1);
        String err = SealCommandTest.captureErr(() -> {
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(args));
            try {
                exit.set(run.get(20, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("serve " + String.join(" ", args) + " did not end: " + e);
            }
        });
        assertEquals(1, exit.get(), err);
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line: " + err);
        assertTrue(lines.get(0).startsWith("tee4j: ") && lines.get(0).contains(expected), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    @Test
    void outOfRangePortsAreUsageErrors() throws Exception {
        assertUsageError("--port: must be 0..65535", "serve", "--port", "99999");
        assertUsageError("--port: must be 0..65535", "serve", "--port", "-5");
    }

    @Test
    void zeroConcurrencyIsAUsageError() throws Exception {
        assertUsageError("--concurrency: must be 1..", "serve", "--concurrency", "0", "--port", "0");
    }

    @Test
    void nonPositiveBodyCapsAreUsageErrors() throws Exception {
        assertUsageError("--max-body-bytes: must be", "serve", "--max-body-bytes", "-1", "--port", "0");
        assertUsageError("--max-body-bytes: must be", "serve", "--max-body-bytes", "0", "--port", "0");
    }

    @Test
    void aBusyPortIsAUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertUsageError("in use", "serve", "--offline", "--port", Integer.toString(taken.getLocalPort()));
        }
    }
}
