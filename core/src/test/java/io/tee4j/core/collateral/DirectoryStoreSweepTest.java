package io.tee4j.core.collateral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.collateral.internal.DirectoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary files left by a writer that was killed between creating and renaming them are swept
 * when the same entry is written again, once they are clearly abandoned; a recent one (a write that
 * may still be in flight in another process) and other entries' files are left alone.
 */
class DirectoryStoreSweepTest {
    @TempDir
    Path tmp;

    @Test
    void anAbandonedTemporaryFileOfTheEntryIsSweptOnItsNextWrite() throws Exception {
        String key = "https://kds.example/vcek";
        String stem = DirectoryStore.stem(key);
        Path v1 = Files.createDirectories(tmp.resolve(DirectoryStore.LAYOUT));
        Path abandoned = Files.write(v1.resolve("." + stem + "-111.tmp"), new byte[] {1, 2});
        Path recent = Files.write(v1.resolve("." + stem + "-222.tmp"), new byte[] {3});
        Path otherEntry = Files.write(v1.resolve("." + DirectoryStore.stem("https://other") + "-333.tmp"), new byte[] {4});
        Instant old = Instant.now().minus(Duration.ofHours(2));
        Files.setLastModifiedTime(abandoned, FileTime.from(old));
        Files.setLastModifiedTime(otherEntry, FileTime.from(old));

        CollateralDirectory dir = CollateralDirectory.at(tmp);
        dir.put(key, CollateralKind.CERTIFICATE, new byte[] {9, 9});

        assertFalse(Files.exists(abandoned), "abandoned temporary file of the entry");
        assertTrue(Files.exists(recent), "a recent one may belong to a write in flight");
        assertTrue(Files.exists(otherEntry), "another entry's files are swept by that entry's writes");
        assertArrayEquals(new byte[] {9, 9}, CollateralSources.offline(tmp,
                java.time.Clock.fixed(Instant.now(), ZoneOffset.UTC)).fetch(CollateralRequest.builder(
                        java.net.URI.create(key), CollateralKind.CERTIFICATE).build()).body());
        try (Stream<Path> files = Files.list(v1)) {
            assertEquals(4, files.count(), "body, metadata, the recent and the other entry's temporary file");
        }
    }
}
