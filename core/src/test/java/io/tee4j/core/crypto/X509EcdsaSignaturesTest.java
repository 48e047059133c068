package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.testing.TestCa;
import io.tee4j.core.testing.TestCa.KeyKind;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * The Bouncy Castle path for ECDSA certificate signatures agrees with the JDK's verification:
 * curve and hash pairings beyond the usual ones, every signature byte flipped, a wrong key.
 */
class X509EcdsaSignaturesTest {

    private static boolean jdkVerifies(X509Certificate c, PublicKey key) {
        try {
            c.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean ours(X509Certificate c, PublicKey key) throws Exception {
        assertTrue(X509EcdsaSignatures.handles(c.getSigAlgOID(), c.getSigAlgParams(), key));
        return X509EcdsaSignatures.verify(c.getSigAlgOID(), c.getTBSCertificate(), c.getSignature(), key);
    }

    @Test
    void agreesWithTheJdkOnEveryCurveAndHash() throws Exception {
        for (KeyKind kind : new KeyKind[] {KeyKind.EC_P256, KeyKind.EC_P384}) {
            for (String alg : new String[] {"SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA"}) {
                TestCa root = TestCa.root("CN=Root " + kind + " " + alg).key(kind).signatureAlgorithm(alg).build();
                TestCa leaf = root.issue("CN=Leaf").signatureAlgorithm(alg).build();
                PublicKey key = root.certificate().getPublicKey();
                assertTrue(jdkVerifies(leaf.certificate(), key), kind + " " + alg);
                assertTrue(ours(leaf.certificate(), key), kind + " " + alg);
                PublicKey other = TestCa.generateKeyPair(kind).getPublic();
                assertFalse(ours(leaf.certificate(), other), kind + " " + alg + " with another key");
            }
        }
    }

    @Test
    void everyFlippedSignatureByteIsRejected() throws Exception {
        TestCa root = TestCa.root("CN=Flip Root").key(KeyKind.EC_P384).build();
        TestCa leaf = root.issue("CN=Flip Leaf").build();
        X509Certificate c = leaf.certificate();
        PublicKey key = root.certificate().getPublicKey();
        byte[] sig = c.getSignature();
        byte[] tbs = c.getTBSCertificate();
        assertTrue(X509EcdsaSignatures.verify(c.getSigAlgOID(), tbs, sig, key));
        for (int i = 0; i < sig.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = sig.clone();
                bad[i] ^= (byte) (1 << bit);
                assertFalse(X509EcdsaSignatures.verify(c.getSigAlgOID(), tbs, bad, key), "byte " + i + " bit " + bit);
            }
        }
        for (int i = 0; i < tbs.length; i++) {
            byte[] bad = tbs.clone();
            bad[i] ^= 1;
            assertFalse(X509EcdsaSignatures.verify(c.getSigAlgOID(), bad, sig, key), "tbs byte " + i);
        }
        byte[] trailing = java.util.Arrays.copyOf(sig, sig.length + 1);
        assertFalse(X509EcdsaSignatures.verify(c.getSigAlgOID(), tbs, trailing, key), "trailing byte");
    }

    @Test
    void rsaIsLeftToTheJdk() throws Exception {
        TestCa root = TestCa.root("CN=RSA Root").key(KeyKind.RSA_2048).build();
        X509Certificate c = root.certificate();
        assertFalse(X509EcdsaSignatures.handles(c.getSigAlgOID(), c.getSigAlgParams(), c.getPublicKey()));
    }
}
