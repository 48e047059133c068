package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.coco.testing.AaApiFake;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tee4j cdh get-resource} against the loopback fake of the pod-local CoCo API. */
class CdhGetResourceCommandTest {
    private static final byte[] SECRET = "decrypted by the data hub\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void theSecretGoesToStandardOutputOrCrashSafelyToAFile() throws Exception {
        try (AaApiFake api = new AaApiFake("resource")) {
            api.resources.put("default/key/db", SECRET);
            String url = api.uri().toString();
            Cli.Result r = Cli.run("cdh", "get-resource", "kbs:///default/key/db", "--aa-url", url);
            assertEquals(0, r.rc(), r.toString());
            assertEquals(new String(SECRET, StandardCharsets.UTF_8), r.out());
            Path file = dir.resolve("db.key");
            Files.writeString(file, "old");
            r = Cli.run("cdh", "get-resource", "kbs:///default/key/db", "--aa-url", url, "--out", file.toString());
            assertEquals(0, r.rc(), r.toString());
            assertArrayEquals(SECRET, Files.readAllBytes(file));
            assertEquals("", r.out());
        }
    }

    @Test
    void unreachableIsThreeAndNoApiIsSeven() throws Exception {
        URI gone;
        try (AaApiFake api = new AaApiFake("resource")) {
            gone = api.uri();
            Cli.Result missing = Cli.run("cdh", "get-resource", "kbs:///default/key/none", "--aa-url", gone.toString());
            assertEquals(3, missing.rc(), missing.toString());
            assertTrue(missing.err().contains("kbs returned 404"), missing.err());
        }
        Cli.Result none = Cli.run("cdh", "get-resource", "kbs:///default/key/db", "--aa-url", gone.toString());
        assertEquals(7, none.rc(), none.toString());
        try (AaApiFake attestationOnly = new AaApiFake("attestation")) {
            Cli.Result off = Cli.run("cdh", "get-resource", "kbs:///default/key/db", "--aa-url",
                    attestationOnly.uri().toString());
            assertEquals(7, off.rc(), off.toString());
            assertTrue(off.err().contains("guest_components_rest_api"), off.err());
        }
    }

    @Test
    void badUrisUrlsAndTargetsAreUsageErrorsBeforeAnythingIsFetched() throws Exception {
        try (AaApiFake api = new AaApiFake("resource")) {
            api.resources.put("default/key/db", SECRET);
            String url = api.uri().toString();
            for (String bad : new String[] {"kbs://kbs.example/default/key/db", "kbs:///default/key", "kbs:///../key/db",
                "kbs:///default/key/db/x", "kbs:///default/key/db?x=1", "https:///default/key/db", "kbs:///a%2F/b/c"}) {
                Cli.Result r = Cli.run("cdh", "get-resource", bad, "--aa-url", url);
                assertEquals(1, r.rc(), bad + ": " + r);
                assertEquals("", r.out());
            }
            for (String aa : new String[] {"http://192.0.2.1:8006", "https://127.0.0.1:8006", "http://vm:8006"}) {
                assertEquals(1, Cli.run("cdh", "get-resource", "kbs:///default/key/db", "--aa-url", aa).rc(), aa);
            }
            Path directory = Files.createDirectory(dir.resolve("target-dir"));
            Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("elsewhere"));
            for (Path target : new Path[] {directory, link}) {
                Cli.Result r = Cli.run("cdh", "get-resource", "kbs:///default/key/db", "--aa-url", url, "--out",
                        target.toString());
                assertEquals(1, r.rc(), r.toString());
            }
            assertTrue(Files.isSymbolicLink(link) && Files.notExists(dir.resolve("elsewhere")));
        }
    }
}
