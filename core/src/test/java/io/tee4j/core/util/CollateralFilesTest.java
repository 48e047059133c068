package io.tee4j.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.FailureClass;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollateralFilesTest {
    @TempDir
    Path dir;

    @Test
    void directoriesStandForTheirRegularFilesSortedAndFilesForThemselves() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("d"));
        Files.write(sub.resolve("b.pem"), new byte[] {2});
        Files.write(sub.resolve("a.pem"), new byte[] {1});
        Files.createDirectory(sub.resolve("nested"));
        Path single = Files.write(dir.resolve("single.crl"), new byte[] {3});
        assertEquals(List.of(single, sub.resolve("a.pem"), sub.resolve("b.pem")),
                CollateralFiles.expand(List.of(single, sub)));
        List<byte[]> all = CollateralFiles.readAll(List.of(sub, single));
        assertEquals(3, all.size());
        assertArrayEquals(new byte[] {1}, all.get(0));
        assertArrayEquals(new byte[] {3}, all.get(2));
    }

    @Test
    void aFileAtTheCapIsReadAndOneByteMoreIsRefused() throws Exception {
        Path ok = dir.resolve("ok");
        Path big = dir.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(ok.toFile(), "rw")) {
            f.setLength(CollateralFiles.MAX_FILE_BYTES);
        }
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(CollateralFiles.MAX_FILE_BYTES + 1L);
        }
        assertEquals(CollateralFiles.MAX_FILE_BYTES, CollateralFiles.read(ok).length);
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> CollateralFiles.read(big));
        assertTrue(e.getMessage().contains("larger than " + CollateralFiles.MAX_FILE_BYTES), e.getMessage());
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
        assertFalse(e.isRetryable());
        assertEquals(big.toString(), e.location().orElseThrow());
    }

    @Test
    void moreThanTheFileCapInAllIsRefusedEvenAcrossDirectories() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        for (int i = 0; i < CollateralFiles.MAX_FILES / 2; i++) {
            Files.write(a.resolve("f" + i), new byte[0]);
            Files.write(b.resolve("f" + i), new byte[0]);
        }
        assertEquals(CollateralFiles.MAX_FILES, CollateralFiles.expand(List.of(a, b)).size());
        Path extra = Files.write(dir.resolve("extra"), new byte[0]);
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> CollateralFiles.expand(List.of(a, b, extra)));
        assertTrue(e.getMessage().contains("more than " + CollateralFiles.MAX_FILES), e.getMessage());
    }

    @Test
    void missingDirectoryAndSpecialFilesAreTypedFailures() throws Exception {
        assertThrows(CollateralUnavailableException.class, () -> CollateralFiles.read(dir.resolve("absent")));
        assertThrows(CollateralUnavailableException.class, () -> CollateralFiles.read(dir));
        Path devZero = Path.of("/dev/zero");
        assumeTrue(Files.exists(devZero));
        // a character device reports size 0 and never ends: refused, not read without bound
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> CollateralFiles.read(devZero));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }
}
