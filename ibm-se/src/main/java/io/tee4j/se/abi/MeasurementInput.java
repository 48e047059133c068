package io.tee4j.se.abi;

import java.nio.ByteBuffer;

/**
 * The message the Ultravisor's HMAC-SHA512 covers: header tags (208) ‖ CUID (16) ‖ user-data
 * length (u16 BE) ‖ two zero bytes ‖ additional-data length (u32 BE) ‖ user data ‖ nonce (if the
 * request had one) ‖ additional data. Building it verifies nothing.
 *
 * @since 0.3
 */
public final class MeasurementInput {
    /** Most user data the Ultravisor takes. */
    public static final int MAX_USER_DATA = 256;

    private MeasurementInput() {
    }

    /**
     * Encodes the input; {@code nonce} is {@code null} when the request had none.
     *
     * @throws IllegalArgumentException when a field has the wrong length
     */
    public static byte[] encode(HeaderTags tags, byte[] cuid, byte[] userData, byte[] nonce, byte[] additional) {
        if (cuid.length != 16 || userData.length > MAX_USER_DATA || (nonce != null && nonce.length != 16)) {
            throw new IllegalArgumentException("CUID must be 16 bytes, user data at most 256, nonce 16");
        }
        int nonceLength = nonce == null ? 0 : 16;
        ByteBuffer b = ByteBuffer.allocate(HeaderTags.SIZE + 16 + 8 + userData.length + nonceLength + additional.length);
        b.put(tags.toBytes()).put(cuid).putShort((short) userData.length).putShort((short) 0).putInt(additional.length);
        b.put(userData);
        if (nonce != null) {
            b.put(nonce);
        }
        return b.put(additional).array();
    }
}
