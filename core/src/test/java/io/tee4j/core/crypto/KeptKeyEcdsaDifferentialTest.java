package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Differential test of the kept-key comb ({@link EcdsaVerifier#keep()}) and of an instance's first
 * verification (P-384: {@link FastEcdsa}'s NAF path) against the JDK's SunEC verifier and against
 * Bouncy Castle's default path, over random (key, message, signature,
 * corruption) cases on P-256 and P-384: a fresh key every 25 cases, a random message, the JDK's
 * signature, then one of nine corruptions (none, a message bit, a signature bit, a random r, s
 * replaced by n - s, r or s out of range, another key's signature, a truncated message, random
 * bytes). All three must agree on every case. The normal run does {@value #DEFAULT_CASES} cases
 * per curve; {@code -Dtee4j.differential.cases=100000} runs the full count.
 */
class KeptKeyEcdsaDifferentialTest {
    private static final int DEFAULT_CASES = 1000;
    private static final int CASES_PER_KEY = 25;

    @ParameterizedTest
    @EnumSource(value = EcCurve.class, names = {"P256", "P384"})
    void keptKeyCombAgreesWithTheJdkOnRandomCases(EcCurve curve) throws Exception {
        int cases = Integer.getInteger("tee4j.differential.cases", DEFAULT_CASES);
        long seed = Long.getLong("tee4j.differential.seed", 0x7ee4_1234L);
        SplittableRandom random = new SplittableRandom(seed ^ curve.ordinal());
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec(curve.curveName()));
        String alg = "SHA" + (curve.fieldBytes() * 8) + "withECDSAinP1363Format";
        KeyPair keys = null;
        KeyPair other = kpg.generateKeyPair();
        EcdsaVerifier kept = null;
        EcdsaVerifier plain = null;
        int accepted = 0;
        for (int i = 0; i < cases; i++) {
            if (i % CASES_PER_KEY == 0) {
                keys = kpg.generateKeyPair();
                plain = EcdsaVerifier.fromPublicKey(keys.getPublic());
                kept = plain.keepUnbounded();
                assertTrue(kept.usesKeptKeyTables());
            }
            byte[] msg = new byte[random.nextInt(0, 300)];
            random.nextBytes(msg);
            int corruption = random.nextInt(9);
            byte[] sig = sign(alg, corruption == 6 ? other : keys, msg);
            msg = corrupt(curve, corruption, msg, sig, random);
            Signature jdk = Signature.getInstance(alg);
            jdk.initVerify(keys.getPublic());
            jdk.update(msg);
            boolean expected = jdk.verify(sig);
            String what = "seed " + seed + " case " + i + " corruption " + corruption;
            assertEquals(expected, kept.verifyP1363(msg, sig), "comb vs JDK, " + what);
            assertEquals(expected, plain.verifyP1363(msg, sig), "default path vs JDK, " + what);
            // A fresh instance: its first verification, which P-384 runs on the 64-bit-limb NAF path.
            assertEquals(expected, EcdsaVerifier.fromPublicKey(keys.getPublic()).verifyP1363(msg, sig),
                    "first verification vs JDK, " + what);
            accepted += expected ? 1 : 0;
        }
        // Corruptions 0 and 4 keep the signature valid: roughly 2/9 of the cases.
        assertTrue(accepted > cases / 9 && accepted < cases / 2, accepted + " of " + cases + " accepted");
    }

    private static byte[] sign(String alg, KeyPair keys, byte[] msg) throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        s.initSign(keys.getPrivate());
        s.update(msg);
        return s.sign();
    }

    /** Applies corruption {@code kind} to the signature in place and returns the message to verify. */
    private static byte[] corrupt(EcCurve curve, int kind, byte[] msg, byte[] sig, SplittableRandom random) {
        int n = curve.fieldBytes();
        switch (kind) {
            case 1:
                if (msg.length == 0) {
                    return new byte[] {0};
                }
                msg[random.nextInt(msg.length)] ^= (byte) (1 << random.nextInt(8));
                return msg;
            case 2:
                sig[random.nextInt(sig.length)] ^= (byte) (1 << random.nextInt(8));
                return msg;
            case 3:
                byte[] r = new byte[n];
                random.nextBytes(r);
                System.arraycopy(r, 0, sig, 0, n);
                return msg;
            case 4:
                BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, n, 2 * n));
                put(curve.order().subtract(s), sig, n, n);
                return msg;
            case 5:
                int half = random.nextBoolean() ? 0 : n;
                BigInteger v = new BigInteger(1, Arrays.copyOfRange(sig, half, half + n));
                BigInteger[] choices = {BigInteger.ZERO, curve.order(), v.add(curve.order())};
                BigInteger chosen = choices[random.nextInt(choices.length)];
                if (chosen.bitLength() > 8 * n) {
                    chosen = curve.order();
                }
                put(chosen, sig, half, n);
                return msg;
            case 7:
                return Arrays.copyOf(msg, msg.length == 0 ? 1 : msg.length - 1);
            case 8:
                random.nextBytes(sig);
                return msg;
            default:
                return msg;
        }
    }

    private static void put(BigInteger value, byte[] out, int offset, int length) {
        byte[] b = value.toByteArray();
        int copy = Math.min(b.length, length);
        Arrays.fill(out, offset, offset + length, (byte) 0);
        System.arraycopy(b, b.length - copy, out, offset + length - copy, copy);
    }
}
