package io.tee4j.se.abi;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;

/**
 * The public host-key hash (PHKH) that names a host key in keyslots and in the Ultravisor's
 * additional data: SHA-256 over X ‖ Y, each left-padded to 80 bytes (the customer key of a request
 * is written the same way). Computing it verifies nothing about the key.
 *
 * @since 0.3
 */
public final class HostKeyHash {
    /** Size of each padded coordinate. */
    public static final int COORDINATE_SIZE = 80;

    private HostKeyHash() {
    }

    /** X ‖ Y of {@code key}, each left-padded to 80 bytes. */
    public static byte[] coordinates(ECPublicKey key) {
        byte[] out = new byte[2 * COORDINATE_SIZE];
        pad(key.getW().getAffineX(), out, 0);
        pad(key.getW().getAffineY(), out, COORDINATE_SIZE);
        return out;
    }

    private static void pad(BigInteger v, byte[] out, int at) {
        byte[] b = v.toByteArray();
        int start = b.length > COORDINATE_SIZE ? b.length - COORDINATE_SIZE : 0;
        int len = b.length - start;
        System.arraycopy(b, start, out, at + COORDINATE_SIZE - len, len);
    }

    /** The PHKH of {@code key}. */
    public static byte[] of(ECPublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(coordinates(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JRE", e);
        }
    }
}
