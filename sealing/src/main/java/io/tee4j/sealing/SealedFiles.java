package io.tee4j.sealing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Sealed files, written crash-safely. A file holds one sealed stream (so a file of any size
 * seals and unseals in constant memory).
 *
 * <p>{@link #write} seals into a new temporary file in the target's directory (named
 * {@code .<target>.<random>.tmp}, created owner-only on POSIX systems), forces it to the device,
 * renames it over the target with {@link StandardCopyOption#ATOMIC_MOVE}, then forces the
 * directory. A crash at any point leaves the target either as it was or wholly new, never torn;
 * a crash before the rename may leave the temporary file behind (it is deleted on every failure
 * this process survives). A file system without atomic rename is refused, not worked around.
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

    /** Seals everything {@code plaintext} yields into {@code target}, atomically replacing it. */
    public static void write(Sealer sealer, Path target, InputStream plaintext, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(sealer, "sealer");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        Path absolute = Objects.requireNonNull(target, "target").toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IOException("not a file path: " + target);
        }
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new UnclosedChannelStream(Channels.newOutputStream(channel));
                sealer.sealStream(plaintext, out, associatedData);
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically;"
                        + " refusing to write a sealed file that a crash could tear", e);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
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

    private static void forceDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return; // directories cannot be opened for fsync there; NTFS journals the rename
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Lets the channel be forced before it is closed. */
    private static final class UnclosedChannelStream extends java.io.FilterOutputStream {
        UnclosedChannelStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
