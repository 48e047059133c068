package io.tee4j.measure.tdx;

import java.util.Objects;

/**
 * One digest extended into an RTMR, with the input that produced it ("kernel (QEMU-patched,
 * Authenticode SHA-384)", "EV_SEPARATOR", "ACPI tables"...).
 *
 * @param label  what produced the digest
 * @param digest the 48-byte SHA-384 digest extended
 * @since 0.1
 */
public record RtmrEvent(String label, byte[] digest) {
    public RtmrEvent {
        Objects.requireNonNull(label, "label");
        if (Objects.requireNonNull(digest, "digest").length != 48) {
            throw new IllegalArgumentException("an RTMR event digest is 48 bytes, not " + digest.length);
        }
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public String toString() {
        return label + " " + java.util.HexFormat.of().formatHex(digest);
    }
}
