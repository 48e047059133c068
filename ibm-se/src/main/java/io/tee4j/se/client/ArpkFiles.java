package io.tee4j.se.client;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Stores and loads an ARPK as a raw 32-byte file, as {@code pvattest create} writes it. Writing
 * happens only when called: the key goes to a new file created with mode 0600 next to the target
 * and is then moved over it, so an existing symbolic link, FIFO or device at the target is never
 * written through or replaced (refused), and no reader sees a partly written key.
 *
 * @since 0.3
 */
public final class ArpkFiles {
    /** Size of an ARPK file. */
    public static final int SIZE = 32;

    private ArpkFiles() {
    }

    /** Writes {@code arpk} to {@code target} with mode 0600. */
    public static void write(SecretBytes arpk, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " exists and is not a regular file; refusing to replace it with a key");
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".arpk", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        byte[] key = arpk.toByteArray(SecretAccess.INSECURE);
        try {
            Files.write(tmp, key);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads an ARPK file: a regular file of exactly 32 bytes. */
    public static SecretBytes read(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != SIZE) {
            throw new IOException(file + " is not a 32-byte ARPK file");
        }
        byte[] key = Files.readAllBytes(file);
        try {
            if (key.length != SIZE) {
                throw new IOException(file + " is not a 32-byte ARPK file");
            }
            return SecretBytes.copyOf(key, SecretAccess.INSECURE);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
