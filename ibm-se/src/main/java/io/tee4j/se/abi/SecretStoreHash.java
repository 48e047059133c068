package io.tee4j.se.abi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The secret-store hash an Ultravisor reports: SHA-512 over the 16-byte GCM tags (each request's
 * last 16 bytes) of every successful Add-secret request, in the order added, followed by one byte,
 * 1 when the store is locked and 0 otherwise. Computing it verifies nothing about the requests.
 *
 * @since 0.3
 */
public final class SecretStoreHash {
    /** Magic of an Add-secret request ("asrcbM" and two zero bytes). */
    private static final byte[] ASRCB_MAGIC = {'a', 's', 'r', 'c', 'b', 'M', 0, 0};

    private SecretStoreHash() {
    }

    /** The tag of an Add-secret request: its last 16 bytes. */
    public static byte[] tagOf(byte[] addSecretRequest) {
        if (addSecretRequest.length < 0x40 || !Arrays.equals(Arrays.copyOf(addSecretRequest, 8), ASRCB_MAGIC)) {
            throw new IllegalArgumentException("not an Add-secret request (magic asrcbM)");
        }
        return Arrays.copyOfRange(addSecretRequest, addSecretRequest.length - 16, addSecretRequest.length);
    }

    /** The hash over {@code tags} (16 bytes each, in the order added) and the lock state. */
    public static byte[] of(List<byte[]> tags, boolean locked) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            for (byte[] tag : tags) {
                if (tag.length != 16) {
                    throw new IllegalArgumentException("an Add-secret tag is 16 bytes, not " + tag.length);
                }
                sha.update(tag);
            }
            sha.update((byte) (locked ? 1 : 0));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JRE", e);
        }
    }
}
