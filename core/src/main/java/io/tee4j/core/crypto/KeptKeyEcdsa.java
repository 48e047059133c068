package io.tee4j.core.crypto;

import java.lang.ref.Cleaner;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat;

/**
 * ECDSA <em>verification</em> for a kept public key Q with fixed-base comb tables for both the
 * curve's generator G (built once per curve) and Q (built once per kept key): {@code u1*G + u2*Q}
 * costs {@code spacing} shared doublings and at most one mixed addition per column of each comb (for
 * P-384: 39 doublings, 39 additions for Q and 32 for G once the generator's wide comb exists) instead of the ~384 doublings of Bouncy Castle's interleaved wNAF. P-384 tables live
 * on {@link FastEcdsa}'s 64-bit field arithmetic ({@link LimbComb}), which measured 1.2-1.4 times
 * faster than Bouncy Castle's point arithmetic; P-256 tables live on Bouncy Castle's raw 32-bit
 * field words ({@link P256KeptKeyEcdsa}: combs of spacing 11, so 11 doublings); P-521
 * tables are Bouncy Castle points ({@link FixedBaseComb}).
 *
 * <p><b>Variable time, verification only.</b> See {@link FixedBaseComb}: table indices are the
 * scalars' bits. ECDSA verification's scalars are derived from the public message, signature and
 * key, so nothing secret leaks; this class must never be used with a secret scalar (signing, key
 * agreement). The accept/reject decision is the standard one (SEC 1 v2 section 4.1.4), identical to
 * Bouncy Castle's {@code ECDSASigner}: r and s in [1, n-1] (checked by the caller), the digest
 * truncated to the order's bit length, R not the point at infinity, x(R) mod n = r.
 *
 * <p><b>Memory bound.</b> A P-384 table is 1,023 affine points ({@link FastEcdsa#KEPT_TEETH} = 10
 * teeth), about 150 KB ({@code long[]} coordinates), so at most about 19 MB at the default bound; a P-256 key holds 3 x 255 affine points in two flat {@code int[]}s, 48 KB ({@link
 * P256Comb}). At most {@link #maxLiveTables()} key tables exist at once ({@code
 * tee4j.crypto.keptKeyTables}, default 128); {@link #tryCreate} refuses more and the caller keeps
 * the per-call path for that key. A table's slot is released when its owner becomes unreachable.
 */
final class KeptKeyEcdsa {
    private static final int DEFAULT_MAX_TABLES = 128;
    private static final int MAX_TABLES = Integer.getInteger("tee4j.crypto.keptKeyTables", DEFAULT_MAX_TABLES);
    private static final AtomicInteger LIVE_TABLES = new AtomicInteger();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final FixedBaseComb[] GENERATORS = new FixedBaseComb[EcCurve.values().length];

    private final EcCurve curve;
    /** Bouncy Castle point tables (P-256, P-521), or null. */
    private final FixedBaseComb key;
    /** 64-bit limb tables (P-384), or null. */
    private final LimbComb limbKey;
    /** Raw 32-bit word tables (P-256), or null. */
    private final P256KeptKeyEcdsa p256Key;

    private KeptKeyEcdsa(EcCurve curve, ECPoint q) {
        this.curve = curve;
        this.p256Key = curve == EcCurve.P256 ? P256KeptKeyEcdsa.of(q) : null;
        if (FastEcdsa.field(curve) != null) {
            this.key = null;
            this.limbKey = FastEcdsa.combOf(curve, q);
        } else {
            this.key = p256Key == null ? FixedBaseComb.of(q, curve.order().bitLength()) : null;
            this.limbKey = null;
        }
    }

    /** Tables for {@code q} without counting against the bound (tests compare paths with it). */
    static KeptKeyEcdsa unbounded(EcCurve curve, ECPoint q) {
        return new KeptKeyEcdsa(curve, q);
    }

    /**
     * Tables for {@code q}, owned by {@code owner}, or null when {@link #maxLiveTables()} tables are
     * alive already (the caller then verifies on the per-call path).
     */
    static KeptKeyEcdsa tryCreate(Object owner, EcCurve curve, ECPoint q) {
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

    private static FixedBaseComb generatorComb(EcCurve curve) {
        synchronized (GENERATORS) {
            FixedBaseComb comb = GENERATORS[curve.ordinal()];
            if (comb == null) {
                comb = FixedBaseComb.of(curve.domain().getG(), curve.order().bitLength());
                GENERATORS[curve.ordinal()] = comb;
            }
            return comb;
        }
    }

    /** Verifies r and s (each already checked to lie in [1, n-1]) over {@code digest}. */
    boolean verify(byte[] digest, BigInteger r, BigInteger s) {
        if (p256Key != null) {
            return p256Key.verify(digest, r, s);
        }
        if (limbKey != null) {
            return FastEcdsa.verifyKept(curve, limbKey, digest, r, s);
        }
        BigInteger[] u = FastEcdsa.scalars(curve, digest, r, s);
        ECPoint point = sumOfProducts(u[0], u[1]);
        return !point.isInfinity() && xMatches(point, r, curve.order());
    }

    /**
     * Verifies a raw 64-byte {@code r || s} signature over a 32-byte SHA-256 digest on the P-256
     * tables without {@code BigInteger}s (r and s range-checked here); false for other curves' tables,
     * which callers do not ask ({@link #verifiesP1363Directly()}).
     */
    boolean verifyP1363(byte[] digest, byte[] signature) {
        return p256Key != null && p256Key.verifyP1363(digest, signature);
    }

    /** Whether {@link #verifyP1363} covers this key (P-256 tables). */
    boolean verifiesP1363Directly() {
        return p256Key != null;
    }

    /** {@code u1*G + u2*Q} for u1, u2 in [0, n), not normalized. */
    ECPoint sumOfProducts(BigInteger u1, BigInteger u2) {
        if (p256Key != null) {
            return p256Key.sumOfProducts(u1, u2);
        }
        if (limbKey != null) {
            JacobianPoints acc = new JacobianPoints(FastEcdsa.field(curve));
            FastEcdsa.sumOfProducts(FastEcdsa.generator(curve), limbKey, u1, u2, acc);
            return FastEcdsa.toBouncyCastle(curve, acc);
        }
        FixedBaseComb generator = generatorComb(curve);
        int[] a = Nat.fromBigInteger(generator.scalarBits(), u1);
        int[] b = Nat.fromBigInteger(key.scalarBits(), u2);
        ECPoint acc = curve.domain().getCurve().getInfinity();
        for (int column = generator.spacing() - 1; column >= 0; column--) {
            acc = acc.twice();
            int i = generator.index(a, column);
            if (i != 0) {
                acc = acc.add(generator.entry(i));
            }
            int j = key.index(b, column);
            if (j != 0) {
                acc = acc.add(key.entry(j));
            }
        }
        return acc;
    }

    /**
     * Whether x(R) mod n equals r, without inverting Z: in Jacobian coordinates x = X / Z^2, so the
     * candidates x = r and x = r + n (when that is still a field element) are compared as
     * {@code r * Z^2 == X}.
     */
    private static boolean xMatches(ECPoint point, BigInteger r, BigInteger n) {
        ECCurve c = point.getCurve();
        if (c.getCoordinateSystem() != ECCurve.COORD_JACOBIAN) {
            return point.normalize().getAffineXCoord().toBigInteger().mod(n).equals(r);
        }
        ECFieldElement z = point.getZCoord(0);
        ECFieldElement zz = z.square();
        ECFieldElement x = point.getRawXCoord();
        for (BigInteger candidate = r; c.isValidFieldElement(candidate); candidate = candidate.add(n)) {
            if (c.fromBigInteger(candidate).multiply(zz).equals(x)) {
                return true;
            }
        }
        return false;
    }
}
