package io.tee4j.cca.abi;

import io.tee4j.core.crypto.EcCurve;

/**
 * The Realm Attestation Key (realm claim 44237) as carried: its encoding, the exact claim bytes
 * (which the platform token's challenge hashes) and the key as an uncompressed SEC1 point.
 * Decoding checks the encoding only; whether the point lies on its curve is checked when the
 * realm signature is verified.
 *
 * @since 0.1
 */
public final class RealmPublicKey {

    /** How the key is encoded in the claim. */
    public enum Encoding {
        /** A raw uncompressed SEC1 point {@code 04 || X || Y} (RMM 1.0 tokens). */
        SEC1_POINT,
        /** The CBOR encoding of a COSE_Key {@code {1: 2, -1: crv, -2: x, -3: y}} (2023 and later profiles). */
        COSE_KEY
    }

    private final Encoding encoding;
    private final byte[] encoded;
    private final EcCurve curve;
    private final byte[] point;

    RealmPublicKey(Encoding encoding, byte[] encoded, EcCurve curve, byte[] point) {
        this.encoding = encoding;
        this.encoded = encoded.clone();
        this.curve = curve;
        this.point = point.clone();
    }

    public Encoding encoding() {
        return encoding;
    }

    /** The claim's bytes exactly as carried; the binding hash covers these. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The value without copying, for tee4j's verifier; callers must not modify it. */
    public byte[] encodedUnsafe() {
        return encoded;
    }

    /** The curve of the key. */
    public EcCurve curve() {
        return curve;
    }

    /** The key as an uncompressed SEC1 point. */
    public byte[] uncompressedPoint() {
        return point.clone();
    }

    /** The value without copying, for tee4j's verifier; callers must not modify it. */
    public byte[] pointUnsafe() {
        return point;
    }

    @Override
    public String toString() {
        return "RealmPublicKey[" + encoding + ", " + curve.curveName() + "]";
    }
}
