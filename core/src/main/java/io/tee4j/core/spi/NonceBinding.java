package io.tee4j.core.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a backend's policy expects a caller's nonce, so that a tool (the {@code --nonce} option,
 * the sidecar's {@code nonce} field) can add it without naming any backend's key: the policy key,
 * the lengths the nonce may have, and the length it is zero-padded to on the right (as the
 * attesters pad what they are given), if any.
 *
 * <p>It only shapes the expected value; the backend's policy or verifier compares it with the
 * evidence, and decides whether a mismatch is a policy violation or a freshness failure.
 *
 * @param policyKey the policy JSON key holding the expected nonce (hex)
 * @param minBytes the fewest bytes a nonce may have (at least 1)
 * @param maxBytes the most bytes a nonce may have
 * @param padTo the length a shorter nonce is zero-padded to on the right; 0 for no padding
 * @since 0.2
 */
public record NonceBinding(String policyKey, int minBytes, int maxBytes, int padTo) {

    /** Checks the key is named and the lengths are consistent. */
    public NonceBinding {
        Objects.requireNonNull(policyKey, "policyKey");
        if (minBytes < 1 || maxBytes < minBytes || padTo != 0 && padTo < maxBytes) {
            throw new IllegalArgumentException("inconsistent nonce lengths " + minBytes + ".." + maxBytes + ", pad to "
                    + padTo);
        }
    }

    /** A nonce of exactly {@code bytes} bytes, not padded. */
    public static NonceBinding exactly(String policyKey, int bytes) {
        return new NonceBinding(policyKey, bytes, bytes, 0);
    }

    /** A nonce of 1 to {@code bytes} bytes, zero-padded on the right to {@code bytes}. */
    public static NonceBinding padded(String policyKey, int bytes) {
        return new NonceBinding(policyKey, 1, bytes, bytes);
    }

    /** A nonce of 1 to {@code bytes} bytes, left as given (the backend pads it itself). */
    public static NonceBinding upTo(String policyKey, int bytes) {
        return new NonceBinding(policyKey, 1, bytes, 0);
    }

    /**
     * The value the policy key should hold for {@code nonce}: the nonce, zero-padded when this
     * binding pads.
     *
     * @throws IllegalArgumentException when the nonce's length is outside the allowed range (the
     *     message says the range)
     */
    public byte[] expectedValue(byte[] nonce) {
        if (nonce.length < minBytes || nonce.length > maxBytes) {
            throw new IllegalArgumentException((minBytes == maxBytes ? "exactly " + maxBytes
                    : minBytes + " to " + maxBytes) + " bytes, got " + nonce.length);
        }
        return padTo == 0 ? nonce.clone() : Arrays.copyOf(nonce, padTo);
    }
}
