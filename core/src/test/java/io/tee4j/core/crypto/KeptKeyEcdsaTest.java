package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The comb's {@code u1*G + u2*Q} against Bouncy Castle's {@code sumOfTwoMultiplies} on the scalars
 * and keys where a comb goes wrong first (zero, one, n-1, single bits at every row and column
 * boundary, all-ones columns; Q = G, Q = -G, Q = 2G, so table additions hit doubling and
 * cancellation), and the bound on live key tables.
 */
class KeptKeyEcdsaTest {

    @ParameterizedTest
    @EnumSource(EcCurve.class)
    void combMatchesBouncyCastleOnEdgeScalarsAndKeys(EcCurve curve) {
        ECPoint g = curve.domain().getG();
        BigInteger n = curve.order();
        List<ECPoint> keys = List.of(g, g.negate(), g.twice(), g.multiply(BigInteger.valueOf(0xC0FFEE)));
        List<BigInteger> scalars = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                n.subtract(BigInteger.ONE), n.subtract(BigInteger.TWO), n.shiftRight(1)));
        int spacing = (n.bitLength() + 7) / 8;
        for (int row = 0; row < 8; row++) {
            for (int column : new int[] {0, 1, spacing - 1}) {
                BigInteger bit = BigInteger.ONE.shiftLeft(row * spacing + column);
                if (bit.compareTo(n) < 0) {
                    scalars.add(bit);
                    scalars.add(n.subtract(bit));
                }
            }
        }
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 8; i++) {
            scalars.add(new BigInteger(n.bitLength() + 8, new java.util.Random(random.nextLong())).mod(n));
        }
        for (ECPoint q : keys) {
            KeptKeyEcdsa comb = KeptKeyEcdsa.unbounded(curve, q);
            List<BigInteger> partners = List.of(BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE),
                    scalars.get(scalars.size() - 1));
            for (BigInteger u : scalars) {
                for (BigInteger v : partners) {
                    check(comb, g, q, u, v, curve);
                    check(comb, g, q, v, u, curve);
                }
            }
        }
    }

    private static void check(KeptKeyEcdsa comb, ECPoint g, ECPoint q, BigInteger u1, BigInteger u2, EcCurve curve) {
        ECPoint expected = ECAlgorithms.sumOfTwoMultiplies(g, u1, q, u2).normalize();
        ECPoint actual = comb.sumOfProducts(u1, u2).normalize();
        assertEquals(expected, actual, curve + " u1=" + u1.toString(16) + " u2=" + u2.toString(16));
    }

    @Test
    void keptKeyBuildsTablesOnItsSecondVerificationUntilTheBound() throws Exception {
        EcdsaVerifier plain = EcdsaVerifier.fromUncompressedPoint(EcCurve.P256,
                EcCurve.P256.domain().getG().multiply(BigInteger.TEN).getEncoded(false));
        byte[] sig = new byte[64];
        sig[31] = 1;
        sig[63] = 1;
        byte[] msg = {1, 2, 3};
        List<EcdsaVerifier> held = new ArrayList<>();
        int max = KeptKeyEcdsa.maxLiveTables();
        EcdsaVerifier last = null;
        for (int i = 0; i <= max; i++) {
            last = plain.keep();
            held.add(last);
            assertFalse(last.verifyP1363(msg, sig));
            assertFalse(last.usesKeptKeyTables(), "tables built for a key verified once");
            assertFalse(last.verifyP1363(msg, sig));
            assertTrue(KeptKeyEcdsa.liveTables() <= max);
        }
        assertTrue(held.get(0).usesKeptKeyTables(), "a kept key got no tables on its second verification");
        assertFalse(last.usesKeptKeyTables(), "key " + (max + 1) + " got tables beyond the bound");
        assertFalse(last.verifyP1363(msg, sig));
        assertFalse(plain.usesKeptKeyTables());
        assertSame(last, last.keep());
        held.clear();
    }

    /** Many threads on one kept key: every verdict right, and one table slot taken at most. */
    @Test
    void keptKeyVerifiedConcurrentlyTakesOneSlotAndKeepsVerdicts() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = gen.generateKeyPair();
        byte[] msg = {4, 5, 6};
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(keys.getPrivate());
        signer.update(msg);
        byte[] good = signer.sign();
        byte[] bad = good.clone();
        bad[63] ^= 1;
        EcdsaVerifier kept = EcdsaVerifier.fromPublicKey(keys.getPublic()).keep();
        // Another test may have filled the bound with owners not yet collected: slots come back by GC.
        for (int i = 0; i < 100 && KeptKeyEcdsa.liveTables() >= KeptKeyEcdsa.maxLiveTables(); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(KeptKeyEcdsa.liveTables() < KeptKeyEcdsa.maxLiveTables(), "no table slot came back after GC");
        int before = KeptKeyEcdsa.liveTables();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    boolean ok = true;
                    for (int i = 0; i < 20; i++) {
                        ok &= kept.verifyP1363(msg, good) && !kept.verifyP1363(msg, bad);
                    }
                    return ok;
                }));
            }
            start.countDown();
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "a verdict changed under concurrent verification");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(kept.usesKeptKeyTables(), "a kept key verified many times got no tables");
        assertTrue(KeptKeyEcdsa.liveTables() - before <= 1, "one kept key took more than one table slot");
    }
}
