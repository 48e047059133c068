package io.tee4j.core.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.collateral.internal.DirectoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache directory shared by many processes on one volume (issue 22) is never a way to make the
 * cache read or overwrite something else: entry files that are symbolic links, FIFOs or folders
 * are treated as absent on read and never replaced on write, and an entries folder that is a
 * symbolic link is not used at all.
 */
class DirectoryStoreLinksTest {
    private static final String KEY = "https://kdsintf.amd.com/vcek/v1/Milan/cert_chain";

    @TempDir
    Path tmp;

    private DirectoryStore store() {
        return new DirectoryStore(tmp.resolve("cache"));
    }

    @Test
    void aBodyThatIsASymbolicLinkIsNotFollowedOnRead() throws IOException {
        CollateralDirectory dir = CollateralDirectory.at(tmp.resolve("cache"));
        dir.put(KEY, CollateralKind.CERTIFICATE, new byte[] {1, 2, 3});
        assertTrue(store().read(KEY, "CERTIFICATE", 1024).isPresent());
        // The same bytes, but behind a link: served before, absent now.
        Path elsewhere = Files.write(tmp.resolve("elsewhere"), new byte[] {1, 2, 3});
        Path body = dir.bodyFile(KEY);
        Files.delete(body);
        Files.createSymbolicLink(body, elsewhere);
        assertTrue(store().read(KEY, "CERTIFICATE", 1024).isEmpty());
    }

    @Test
    void aFifoInPlaceOfTheMetadataDoesNotHangTheReader() throws Exception {
        CollateralDirectory dir = CollateralDirectory.at(tmp.resolve("cache"));
        dir.put(KEY, CollateralKind.CERTIFICATE, new byte[] {1});
        Path meta = dir.metadataFile(KEY);
        Files.delete(meta);
        Process p = new ProcessBuilder("mkfifo", meta.toString()).start();
        assertEquals(0, p.waitFor());
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertTrue(store().read(KEY, "CERTIFICATE", 1024).isEmpty()));
    }

    @Test
    void aLinkInPlaceOfAnEntryFileIsNeitherReplacedNorWrittenThrough() throws IOException {
        CollateralDirectory dir = CollateralDirectory.at(tmp.resolve("cache"));
        dir.put("https://other.example/x", CollateralKind.CERTIFICATE, new byte[] {0});
        Path victim = Files.write(tmp.resolve("victim"), new byte[] {9, 9});
        Path body = dir.bodyFile(KEY);
        Files.createSymbolicLink(body, victim);
        assertThrows(IOException.class, () -> dir.put(KEY, CollateralKind.CERTIFICATE, new byte[] {4, 5}));
        assertTrue(Files.isSymbolicLink(body), "the link is left as it was");
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(victim));
    }

    @Test
    void anEntriesFolderThatIsASymbolicLinkIsNotUsed() throws IOException {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Path root = Files.createDirectories(tmp.resolve("cache"));
        Files.createSymbolicLink(root.resolve(DirectoryStore.LAYOUT), target);
        CollateralDirectory dir = CollateralDirectory.at(root);
        assertThrows(IOException.class, () -> dir.put(KEY, CollateralKind.CERTIFICATE, new byte[] {1}));
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(0, files.count(), "nothing written through the link");
        }
        assertFalse(Files.exists(root.resolve(DirectoryStore.LAYOUT).resolve("x"), LinkOption.NOFOLLOW_LINKS));
    }
}
