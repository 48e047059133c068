package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key checks and signature handling of {@link EcdsaVerifier} beyond the Wycheproof files. */
class EcdsaVerifierTest {

    private static final class Signed {
        final EcdsaVerifier verifier;
        final ECPublicKey key;
        final byte[] message;
        final byte[] p1363;
        final byte[] der;

        Signed(EcCurve curve, long seed) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve.curveName()));
            KeyPair pair = g.generateKeyPair();
            key = (ECPublicKey) pair.getPublic();
            message = new byte[200];
            new Random(seed).nextBytes(message);
            String hash = curve.digestName().replace("-", "");
            Signature s = Signature.getInstance(hash + "withECDSAinP1363Format");
            s.initSign(pair.getPrivate());
            s.update(message);
            p1363 = s.sign();
            Signature d = Signature.getInstance(hash + "withECDSA");
            d.initSign(pair.getPrivate());
            d.update(message);
            der = d.sign();
            verifier = EcdsaVerifier.fromPublicKey(key);
        }
    }

    @ParameterizedTest
    @EnumSource(EcCurve.class)
    void jdkSignaturesVerifyOnEveryCurve(EcCurve curve) throws Exception {
        Signed s = new Signed(curve, 1);
        assertEquals(curve, s.verifier.curve());
        assertTrue(s.verifier.verifyP1363(s.message, s.p1363));
        assertTrue(s.verifier.verifyDer(s.message, s.der));
        assertFalse(s.verifier.verifyDer(s.message, s.p1363));
        assertFalse(s.verifier.verifyP1363(s.message, s.der));
        // Same key rebuilt from its uncompressed point and from its coordinates.
        byte[] point = s.verifier.uncompressedPoint();
        assertTrue(EcdsaVerifier.fromUncompressedPoint(curve, point).verifyP1363(s.message, s.p1363));
        assertTrue(EcdsaVerifier.fromCoordinates(curve, s.key.getW().getAffineX(), s.key.getW().getAffineY())
                .verifyP1363(s.message, s.p1363));
    }

    @Test
    void everyFlippedBitOfSignatureOrMessageFails() throws Exception {
        Signed s = new Signed(EcCurve.P384, 2);
        for (int i = 0; i < s.p1363.length * 8; i++) {
            byte[] sig = s.p1363.clone();
            sig[i / 8] ^= (byte) (1 << (i % 8));
            assertFalse(s.verifier.verifyP1363(s.message, sig), "signature bit " + i);
        }
        for (int i = 0; i < s.message.length; i++) {
            byte[] msg = s.message.clone();
            msg[i] ^= (byte) (1 << (i % 8));
            assertFalse(s.verifier.verifyP1363(msg, s.p1363), "message byte " + i);
        }
        for (int i = 0; i < s.der.length; i++) {
            byte[] der = s.der.clone();
            der[i] ^= (byte) (1 << (i % 8));
            assertFalse(s.verifier.verifyDer(s.message, der), "DER byte " + i);
        }
    }

    @Test
    void derWithTrailingByteOrBerLengthRejected() throws Exception {
        Signed s = new Signed(EcCurve.P256, 3);
        assertFalse(s.verifier.verifyDer(s.message, Arrays.copyOf(s.der, s.der.length + 1)));
        // Long-form length 0x81 for a short body is BER, not DER.
        byte[] ber = new byte[s.der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        System.arraycopy(s.der, 1, ber, 2, s.der.length - 1);
        assertFalse(s.verifier.verifyDer(s.message, ber));
        assertFalse(s.verifier.verifyDer(s.message, new byte[0]));
    }

    @Test
    void rAndSOutOfRangeRejected() throws Exception {
        Signed s = new Signed(EcCurve.P256, 4);
        byte[] digest = s.verifier.digest(s.message, 0, s.message.length);
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(s.p1363, 0, 32));
        BigInteger sv = new BigInteger(1, Arrays.copyOfRange(s.p1363, 32, 64));
        BigInteger n = EcCurve.P256.order();
        assertTrue(s.verifier.verifyDigest(digest, r, sv));
        assertFalse(s.verifier.verifyDigest(digest, r.add(n), sv));
        assertFalse(s.verifier.verifyDigest(digest, r, sv.add(n)));
        assertFalse(s.verifier.verifyDigest(digest, BigInteger.ZERO, sv));
        assertFalse(s.verifier.verifyDigest(digest, r, BigInteger.ZERO));
        assertFalse(s.verifier.verifyDigest(digest, r.negate(), sv));
    }

    @Test
    void littleEndianFieldsAsInSnpReports() throws Exception {
        Signed s = new Signed(EcCurve.P384, 5);
        byte[] r = new byte[72];
        byte[] sv = new byte[72];
        for (int i = 0; i < 48; i++) {
            r[i] = s.p1363[47 - i];
            sv[i] = s.p1363[95 - i];
        }
        byte[] report = new byte[s.message.length + 10];
        System.arraycopy(s.message, 0, report, 10, s.message.length);
        assertTrue(s.verifier.verifyLittleEndian(report, 10, s.message.length, r, sv));
        r[71] = 1; // a non-zero high byte makes r >= n
        assertFalse(s.verifier.verifyLittleEndian(report, 10, s.message.length, r, sv));
    }

    @Test
    void badKeysRefused() throws Exception {
        Signed s = new Signed(EcCurve.P384, 6);
        byte[] point = s.verifier.uncompressedPoint();
        byte[] offCurve = point.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromUncompressedPoint(EcCurve.P384, offCurve));
        byte[] compressed = point.clone();
        compressed[0] = 0x02;
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromUncompressedPoint(EcCurve.P384, compressed));
        assertThrows(InvalidKeyException.class,
                () -> EcdsaVerifier.fromUncompressedPoint(EcCurve.P256, point)); // wrong size for P-256
        assertThrows(InvalidKeyException.class,
                () -> EcdsaVerifier.fromUncompressedPoint(EcCurve.P384, Arrays.copyOf(point, point.length - 1)));
        assertThrows(InvalidKeyException.class,
                () -> EcdsaVerifier.fromCoordinates(EcCurve.P384, BigInteger.ZERO, BigInteger.ZERO));
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromCoordinates(EcCurve.P384,
                s.key.getW().getAffineX(), s.key.getW().getAffineY().add(EcCurve.P384.order())));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThrows(InvalidKeyException.class, () -> EcdsaVerifier.fromPublicKey(rsa.generateKeyPair().getPublic()));
        // The returned point is a copy.
        point[1] ^= 1;
        assertFalse(Arrays.equals(point, s.verifier.uncompressedPoint()));
        assertArrayEquals(s.verifier.uncompressedPoint(), s.verifier.uncompressedPoint());
    }
}
