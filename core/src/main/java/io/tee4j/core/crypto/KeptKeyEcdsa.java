package io.tee4j.core.crypto;

import java.lang.ref.Cleaner;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECDSA <em>verification</em> for a kept P-256 or P-384 public key Q with fixed-base comb tables
 * for both the curve's generator G (built once per curve) and Q (built once per kept key): {@code
 * u1*G + u2*Q} costs {@code spacing} shared doublings and at most {@code 2 * spacing} mixed
 * additions (48 and 96 for P-384) on {@link FastEcdsa}'s 64-bit field arithmetic, instead of the
 * ~384 doublings of a NAF.
 *
 * <p><b>Variable time, verification only.</b> See {@link FixedBaseComb}: table indices are the
 * scalars' bits. ECDSA verification's scalars are derived from the public message, signature and
 * key, so nothing secret leaks; this class must never be used with a secret scalar (signing, key
 * agreement). The accept/reject decision is {@link FastEcdsa}'s, the standard one.
 *
 * <p><b>Memory bound.</b> Each table is 255 affine points as {@code long[]} coordinates (about 37
 * KB for P-384 and 29 KB for P-256). At most {@link #maxLiveTables()} key tables exist at once
 * ({@code tee4j.crypto.keptKeyTables}, default 128); {@link #tryCreate} refuses more and the caller
 * keeps the per-call path for that key. A table's slot is released when its owner becomes
 * unreachable. P-521 keys get no tables.
 */
final class KeptKeyEcdsa {
    private static final int DEFAULT_MAX_TABLES = 128;
    private static final int MAX_TABLES = Integer.getInteger("tee4j.crypto.keptKeyTables", DEFAULT_MAX_TABLES);
    private static final AtomicInteger LIVE_TABLES = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create();

    private final EcCurve curve;
    private final FixedBaseComb key;

    private KeptKeyEcdsa(EcCurve curve, FixedBaseComb key) {
        this.curve = curve;
        this.key = key;
    }

    /** Whether keys of {@code curve} can have tables (P-256 and P-384). */
    static boolean covers(EcCurve curve) {
        return FastEcdsa.field(curve) != null;
    }

    /** Tables for {@code q} on a covered curve without counting against the bound (tests compare paths). */
    static KeptKeyEcdsa unbounded(EcCurve curve, ECPoint q) {
        return new KeptKeyEcdsa(curve, FastEcdsa.combOf(curve, q));
    }

    /**
     * Tables for {@code q}, owned by {@code owner}, or null when the curve is not covered or {@link
     * #maxLiveTables()} tables are alive already (the caller then verifies on the per-call path).
     */
    static KeptKeyEcdsa tryCreate(Object owner, EcCurve curve, ECPoint q) {
        if (!covers(curve)) {
            return null;
        }
        if (LIVE_TABLES.incrementAndGet() > MAX_TABLES) {
            LIVE_TABLES.decrementAndGet();
            return null;
        }
        KeptKeyEcdsa tables;
        try {
            tables = unbounded(curve, q);
        } catch (RuntimeException | Error e) {
            LIVE_TABLES.decrementAndGet();
            throw e;
        }
        CLEANER.register(owner, LIVE_TABLES::decrementAndGet);
        return tables;
    }

    /** The most key tables alive at once. */
    static int maxLiveTables() {
        return MAX_TABLES;
    }

    /** Key tables alive now (owners not yet collected). */
    static int liveTables() {
        return LIVE_TABLES.get();
    }

    /** Verifies r and s (each already checked to lie in [1, n-1]) over {@code digest}. */
    boolean verify(byte[] digest, BigInteger r, BigInteger s) {
        return FastEcdsa.verifyKept(curve, key, digest, r, s);
    }

    /** {@code u1*G + u2*Q} for u1, u2 in [0, n), as a Bouncy Castle point (tests compare it). */
    ECPoint sumOfProducts(BigInteger u1, BigInteger u2) {
        JacobianPoints acc = new JacobianPoints(FastEcdsa.field(curve));
        FastEcdsa.sumOfProducts(FastEcdsa.generator(curve), key, u1, u2, acc);
        return FastEcdsa.toBouncyCastle(curve, acc);
    }
}
