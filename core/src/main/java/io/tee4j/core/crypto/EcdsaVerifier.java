package io.tee4j.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA verification for one public key, through Bouncy Castle's lightweight API on its custom
 * curve implementations, except a P-384 key's first verification and its kept-key comb, which run
 * on this package's own 64-bit-limb field and point arithmetic ({@code FastEcdsa}; variable time,
 * verification only), measured 1.2 times faster than Bouncy Castle's.
 *
 * <p>Keep the instance for a key you will see again (a VCEK, a CPAK, a GPU leaf, a TDX
 * attestation key): Bouncy Castle stores the key point's precomputed multiples on the point
 * itself, so every later verification with the same instance skips that work.
 * {@link #keep()} goes further for a key that verifies many signatures: it precomputes fixed-base
 * comb tables for the key and the generator (a variable-time method, sound only because
 * verification has no secret input; this class never signs), measured here 1.3-1.4 times faster
 * again in CPU time (P-384 and P-256); a kept P-256 key's tables run on Bouncy Castle's raw 32-bit
 * field words without point objects ({@code P256KeptKeyEcdsa}).
 *
 * <p>Security guarantees: the public key is checked to be a valid point of the curve and not the
 * point at infinity when the instance is made; r and s must lie in [1, n-1]; DER signatures must
 * be the unique DER encoding (no BER, no trailing bytes, no negative or padded integers); raw
 * signatures must have exactly twice the field size. Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class EcdsaVerifier {
    private final EcCurve curve;
    private final ECPublicKeyParameters key;
    private final byte[] encodedPoint;
    /** Whether {@link #keep()} asked for comb tables (built on the second verification). */
    private final boolean kept;
    /** Fixed-base comb tables of a kept key, or null for Bouncy Castle's default path. */
    private volatile KeptKeyEcdsa tables;
    /** Set by a kept verifier's first verification; tables are built by the second. */
    private volatile boolean verifiedOnce;
    /** Set when the bound refused tables, so the refusal is not retried per verification. */
    private volatile boolean refused;
    /** Set by the first verification without tables: later ones reuse Bouncy Castle's cached multiples. */
    private volatile boolean verifiedWithoutTables;

    private EcdsaVerifier(EcCurve curve, ECPoint point) {
        this.curve = curve;
        ECPoint normalized = point.normalize();
        this.key = new ECPublicKeyParameters(normalized, curve.domain());
        this.encodedPoint = normalized.getEncoded(false);
        this.kept = false;
    }

    private EcdsaVerifier(EcdsaVerifier plain, boolean eager) {
        this.curve = plain.curve;
        this.key = plain.key;
        this.encodedPoint = plain.encodedPoint;
        this.kept = true;
        this.tables = eager ? KeptKeyEcdsa.unbounded(curve, key.getQ()) : null;
    }

    /**
     * A verifier for the same key that keeps fixed-base comb tables for it (and, once per curve,
     * for the generator), for a key that is kept and verifies many signatures: a VCEK, a GPU leaf, a
     * CPAK, a TDX attestation key. The tables are built by the instance's second verification (so a
     * key seen once costs nothing extra), cost about two verifications to build and about 39 KB
     * to hold on P-384, about 25 verifications (1.3 ms of CPU here) and 48 KB on P-256; at most
     * {@code tee4j.crypto.keptKeyTables} keys (default 128) hold tables at once, and beyond that
     * the instance stays on the default path. Verdicts are identical on both paths. The comb runs in variable time, which is sound only because
     * verification has no secret input. Returns this instance when it is kept already.
     */
    public EcdsaVerifier keep() {
        return kept ? this : new EcdsaVerifier(this, false);
    }

    /** Kept with tables built now and never refused by the bound: for tests comparing the paths. */
    EcdsaVerifier keepUnbounded() {
        return new EcdsaVerifier(this, true);
    }

    /** Whether this instance verifies with kept-key comb tables now. */
    boolean usesKeptKeyTables() {
        return tables != null;
    }

    /** The comb tables to verify with, or null: none before a kept key's second verification. */
    private KeptKeyEcdsa tablesForThisVerification() {
        KeptKeyEcdsa t = tables;
        if (t != null || !kept || refused) {
            return t;
        }
        if (!verifiedOnce) {
            verifiedOnce = true;
            return null;
        }
        synchronized (this) {
            if (tables == null && !refused) {
                tables = KeptKeyEcdsa.tryCreate(this, curve, key.getQ());
                refused = tables == null;
            }
            return tables;
        }
    }

    /**
     * A verifier for an uncompressed SEC1 point ({@code 04 || X || Y}).
     *
     * @throws InvalidKeyException when the bytes are not a point of the curve
     */
    public static EcdsaVerifier fromUncompressedPoint(EcCurve curve, byte[] point) throws InvalidKeyException {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(point, "point");
        if (point.length != 1 + 2 * curve.fieldBytes() || point[0] != 0x04) {
            throw new InvalidKeyException("expected an uncompressed " + curve.curveName() + " point of "
                    + (1 + 2 * curve.fieldBytes()) + " bytes");
        }
        return fromPoint(curve, () -> curve.domain().getCurve().decodePoint(point));
    }

    /** A verifier for big-endian affine coordinates. */
    public static EcdsaVerifier fromCoordinates(EcCurve curve, BigInteger x, BigInteger y) throws InvalidKeyException {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        return fromPoint(curve, () -> curve.domain().getCurve().createPoint(x, y));
    }

    /** A verifier for a JCA EC public key on P-256, P-384 or P-521 (as found in an X.509 certificate). */
    public static EcdsaVerifier fromPublicKey(PublicKey publicKey) throws InvalidKeyException {
        Objects.requireNonNull(publicKey, "publicKey");
        if (!(publicKey instanceof ECPublicKey)) {
            throw new InvalidKeyException("not an EC public key: " + publicKey.getAlgorithm());
        }
        ECPublicKey ec = (ECPublicKey) publicKey;
        EcCurve curve;
        try {
            curve = EcCurve.forFieldSize(ec.getParams().getCurve().getField().getFieldSize());
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException(e.getMessage());
        }
        if (!curve.order().equals(ec.getParams().getOrder())) {
            throw new InvalidKeyException("EC key is not on a NIST curve of its size");
        }
        return fromCoordinates(curve, ec.getW().getAffineX(), ec.getW().getAffineY());
    }

    private interface PointSupplier {
        ECPoint get();
    }

    private static EcdsaVerifier fromPoint(EcCurve curve, PointSupplier supplier) throws InvalidKeyException {
        ECPoint p;
        try {
            p = supplier.get();
        } catch (RuntimeException e) {
            throw new InvalidKeyException("not a point of " + curve.curveName() + ": " + e.getMessage());
        }
        if (p.isInfinity() || !p.isValid()) {
            throw new InvalidKeyException("not a valid point of " + curve.curveName());
        }
        return new EcdsaVerifier(curve, p);
    }

    /** The curve of the key. */
    public EcCurve curve() {
        return curve;
    }

    /** The key as an uncompressed SEC1 point. */
    public byte[] uncompressedPoint() {
        return encodedPoint.clone();
    }

    /** Verifies a raw big-endian {@code r || s} signature (IEEE P1363, JOSE/COSE) over {@code message}. */
    public boolean verifyP1363(byte[] message, byte[] signature) {
        return verifyP1363(message, 0, message.length, signature);
    }

    /** Verifies a raw big-endian {@code r || s} signature over {@code message[offset, offset+length)}. */
    public boolean verifyP1363(byte[] message, int offset, int length, byte[] signature) {
        int n = curve.fieldBytes();
        if (signature.length != 2 * n) {
            return false;
        }
        KeptKeyEcdsa t = tables;
        if (t != null && t.verifiesP1363Directly()) {
            // A kept P-256 key with its tables built: r, s and the digest go to the table path as
            // bytes, with no BigInteger (the TDX quote signature's warm path).
            return t.verifyP1363(digest(message, offset, length), signature);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, n));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, n, 2 * n));
        return verifyDigest(digest(message, offset, length), r, s);
    }

    /** Verifies a DER-encoded signature ({@code SEQUENCE { r INTEGER, s INTEGER }}), strictly. */
    public boolean verifyDer(byte[] message, byte[] der) {
        return verifyDer(message, 0, message.length, der);
    }

    /** Verifies a DER-encoded signature over {@code message[offset, offset+length)}, strictly. */
    public boolean verifyDer(byte[] message, int offset, int length, byte[] der) {
        BigInteger[] rs;
        try {
            // StandardDSAEncoding re-encodes what it decoded and rejects any difference, so BER
            // variants and trailing bytes fail here. It casts the SEQUENCE's elements to INTEGER
            // unchecked, so other element types (BOOLEAN, NULL, a nested SEQUENCE) surface as
            // ClassCastException: every runtime failure of the decoder means "not a signature".
            rs = StandardDSAEncoding.INSTANCE.decode(curve.order(), der);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return verifyDigest(digest(message, offset, length), rs[0], rs[1]);
    }

    /**
     * Verifies a signature whose r and s are little-endian integers (AMD's SNP report format, 72
     * bytes each, high bytes zero) over {@code message[offset, offset+length)}.
     */
    public boolean verifyLittleEndian(byte[] message, int offset, int length, byte[] rLittleEndian,
            byte[] sLittleEndian) {
        return verifyDigest(digest(message, offset, length), littleEndian(rLittleEndian), littleEndian(sLittleEndian));
    }

    /** Verifies r and s over an already computed digest of the message. */
    public boolean verifyDigest(byte[] digest, BigInteger r, BigInteger s) {
        BigInteger n = curve.order();
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
            return false;
        }
        KeptKeyEcdsa t = tablesForThisVerification();
        if (t != null) {
            return t.verify(digest, r, s);
        }
        if (!verifiedWithoutTables && FastEcdsa.field(curve) != null) {
            // An instance's first P-384 verification (a key decoded for one signature, such as
            // CCA's per-token RAK): 1.2x faster than Bouncy Castle's path, which would first build
            // its precomputed multiples of the key. Later verifications reuse those multiples,
            // which measured faster than recomputing this path's (benchmarks/README.md).
            verifiedWithoutTables = true;
            return FastEcdsa.verify(curve, FastEcdsa.oddMultiples(curve, key.getQ()), digest, r, s);
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, key);
        return signer.verifySignature(digest, r, s);
    }

    /** The paired hash of {@code message[offset, offset+length)}. */
    public byte[] digest(byte[] message, int offset, int length) {
        MessageDigest md = newDigest(curve.digestName());
        md.update(message, offset, length);
        return md.digest();
    }

    private static BigInteger littleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    static MessageDigest newDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "EcdsaVerifier[" + curve.curveName() + "]";
    }
}
