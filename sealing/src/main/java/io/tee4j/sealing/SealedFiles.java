package io.tee4j.sealing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Sealed files, written crash-safely. A file holds one sealed stream (so a file of any size
 * seals and unseals in constant memory).
 *
 * <p>{@link #write} and {@link #unseal(Sealer, Path, Path, byte[])} write through
 * {@link CrashSafeFiles#replace}: into a new owner-only temporary file beside the target, forced
 * to the device, renamed over the target atomically, then the directory forced. A crash leaves
 * the target either as it was or wholly new, never torn; it may leave the temporary file (a
 * prefix of the sealed stream, or of the authenticated plaintext when unsealing), which the next
 * write to the same target deletes. A target that exists and is not a regular file (a device
 * such as {@code /dev/null}, a FIFO, a directory, a symbolic link) is refused before anything is
 * written. A file system without atomic rename is refused, not worked around.
 *
 * <p>Not guaranteed: freshness (an older copy of the file put back in place unseals; see
 * {@link Sealer}). The file's path is not bound unless the caller puts it into the associated
 * data.
 *
 * @since 0.1
 */
public final class SealedFiles {
    private SealedFiles() {
    }

    /** Seals {@code plaintext} into {@code target}, atomically replacing it. */
    public static void write(Sealer sealer, Path target, byte[] plaintext, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        write(sealer, target, new ByteArrayInputStream(plaintext), associatedData);
    }

    /**
     * Seals everything {@code plaintext} yields into {@code target}, atomically replacing it.
     *
     * @throws java.nio.file.FileSystemException when {@code target} exists and is not a regular
     *     file (nothing is written then)
     */
    public static void write(Sealer sealer, Path target, InputStream plaintext, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(sealer, "sealer");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        CrashSafeFiles.replace(Objects.requireNonNull(target, "target"),
                out -> sealer.sealStream(plaintext, out, associatedData));
    }

    /**
     * Unseals {@code file} into {@code target} in constant memory, replacing the target only once
     * the whole file authenticated (crash-safely, as {@link #write} does). When this throws, the
     * target is as it was and no plaintext is left behind (but see the class description for a
     * crash).
     *
     * @throws java.nio.file.FileSystemException when {@code target} exists and is not a regular
     *     file (nothing is written then)
     */
    public static void unseal(Sealer sealer, Path file, Path target, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(sealer, "sealer");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(associatedData, "associatedData");
        CrashSafeFiles.replace(Objects.requireNonNull(target, "target"),
                out -> read(sealer, file, out, associatedData));
    }

    /**
     * Reads and unseals a whole sealed file into memory.
     *
     * @throws SealingException when the file does not unseal; nothing of it is returned then
     */
    public static byte[] read(Sealer sealer, Path file, byte[] associatedData) throws SealingException, IOException {
        Objects.requireNonNull(sealer, "sealer");
        long size = Files.size(Objects.requireNonNull(file, "file"));
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("sealed file too large to read into memory; use read(sealer, file, out, aad)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size, 1 << 20));
        read(sealer, file, out, associatedData);
        return out.toByteArray();
    }

    /**
     * Unseals a sealed file into {@code out} in constant memory. Plaintext is written as it
     * authenticates: when this throws, {@code out} may hold a prefix that must be discarded.
     */
    public static void read(Sealer sealer, Path file, OutputStream out, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(sealer, "sealer");
        try (InputStream in = Files.newInputStream(Objects.requireNonNull(file, "file"))) {
            sealer.unsealStream(in, out, associatedData);
        }
    }

    /** Opens a sealed file for streaming reads; see {@link SealingInputStream} for its guarantees. */
    public static SealingInputStream open(Sealer sealer, Path file, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(sealer, "sealer");
        InputStream in = Files.newInputStream(Objects.requireNonNull(file, "file"));
        try {
            return sealer.newUnsealingStream(in, associatedData);
        } catch (SealingException | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Whether {@code file} was sealed at versions other than the current ones (reads only its header). */
    public static boolean needsReseal(Sealer sealer, Path file) throws SealingException, IOException {
        Objects.requireNonNull(sealer, "sealer");
        return sealer.needsReseal(SealedDataInfo.read(Objects.requireNonNull(file, "file")));
    }

    /**
     * Unseals {@code file} and seals it again at the current versions, replacing it atomically,
     * in constant memory. When the file does not unseal, it is left exactly as it was.
     */
    public static void reseal(Sealer sealer, Path file, byte[] associatedData) throws SealingException, IOException {
        try (SealingInputStream in = open(sealer, file, associatedData)) {
            write(sealer, file, in, associatedData);
        }
    }
}
