package io.tee4j.se.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;

/**
 * One 80-byte keyslot of an ARCB: the public host-key hash (PHKH, SHA-256 of the host key's
 * 80-byte-padded X ‖ Y), the ARPK wrapped with AES-256-GCM under the ECDH-derived KEK, and that
 * wrapping's tag. Nothing here unwraps or checks the tag.
 *
 * @param phkh the 32-byte host-key hash this slot is addressed to
 * @param wrappedKey the 32-byte encrypted ARPK
 * @param tag the 16-byte GCM tag of the wrapping
 * @since 0.3
 */
public record Keyslot(byte[] phkh, byte[] wrappedKey, byte[] tag) {
    /** Size of one keyslot in bytes. */
    public static final int SIZE = 80;

    public Keyslot {
        phkh = phkh.clone();
        wrappedKey = wrappedKey.clone();
        tag = tag.clone();
    }

    @Override
    public byte[] phkh() {
        return phkh.clone();
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    @Override
    public byte[] tag() {
        return tag.clone();
    }

    /** Reads one keyslot at the reader's position. */
    public static Keyslot read(ByteReader r, int index) throws MalformedEvidenceException {
        return new Keyslot(r.bytes(32, "keyslot PHKH ", index), r.bytes(32, "keyslot wrapped key ", index),
                r.bytes(16, "keyslot tag ", index));
    }

    /** The 80 bytes of this keyslot. */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        System.arraycopy(phkh, 0, out, 0, 32);
        System.arraycopy(wrappedKey, 0, out, 32, 32);
        System.arraycopy(tag, 0, out, 64, 16);
        return out;
    }
}
