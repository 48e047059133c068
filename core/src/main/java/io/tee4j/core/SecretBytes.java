package io.tee4j.core;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret key material (a derived sealing key, a released key-encryption key). The bytes are only
 * reachable through {@link #toByteArray(SecretAccess)}, so every read of a secret is visible in
 * the caller's code; {@link #toString()} never shows them; {@link #destroy()} zeroes the copy
 * held here.
 *
 * @since 0.1
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes a copy of {@code key}; the caller should zero its own array afterwards. */
    public static SecretBytes copyOf(byte[] key, SecretAccess access) {
        Objects.requireNonNull(access, "access");
        return new SecretBytes(Objects.requireNonNull(key, "key").clone());
    }

    /** A copy of the secret. The caller owns the copy and should zero it when done. */
    public byte[] toByteArray(SecretAccess access) {
        Objects.requireNonNull(access, "access");
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
        return bytes.clone();
    }

    /** The number of secret bytes. */
    public int size() {
        return bytes.length;
    }

    /** Constant-time comparison. */
    public boolean equalsSecret(SecretBytes other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Zeroes the bytes held here. Further reads fail. */
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
