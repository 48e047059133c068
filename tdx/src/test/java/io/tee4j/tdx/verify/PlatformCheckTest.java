package io.tee4j.tdx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.tdx.Collaterals;
import io.tee4j.tdx.Vectors;
import io.tee4j.tdx.abi.TdxQuote;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/**
 * What may enter {@link PlatformCheck}'s bounded attestation-key cache: only a key the PCK-signed
 * QE report vouched for. A quote carries its PCK chain, which is public, so anyone can put a
 * genuine chain beside a made-up attestation key; such quotes fail the QE report binding and must
 * neither be kept nor evict the genuine platform's kept key (each kept key holds a precomputed
 * comb, so churning the cache would put every genuine quote back on the cold path).
 */
class PlatformCheckTest {

    @Test
    void madeUpAttestationKeysBesideAGenuinePckChainNeitherEnterNorEvictTheKeyCache() throws Exception {
        // capacity 1: before the fix, the first made-up key alone evicted the genuine one
        PlatformCheck check = new PlatformCheck(CertificateChainValidator.of(TdxTrustAnchors.intelRoot()), 1);
        TdxQuote genuine = TdxQuote.parse(Vectors.quote(Vectors.PHALA));
        check.platform(genuine, Collaterals.PHALA_AT);
        assertTrue(check.keepsAttestationKeyOf(genuine));

        for (int i = 0; i < 3; i++) {
            TdxQuote forged = withAttestationKey(genuine, freshP256Point());
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> check.platform(forged, Collaterals.PHALA_AT));
            assertEquals(Reason.BINDING, e.reason(), e.getMessage());
            assertFalse(check.keepsAttestationKeyOf(forged), "a key the QE report does not vouch for was kept");
        }
        assertTrue(check.keepsAttestationKeyOf(genuine), "made-up keys evicted the genuine attestation key");
    }

    /** The quote with its attestation key (64 bytes after the quote signature) replaced. */
    private static TdxQuote withAttestationKey(TdxQuote quote, byte[] xy) throws Exception {
        byte[] raw = quote.rawRef().clone();
        System.arraycopy(xy, 0, raw, quote.sigDataOffset() + 64, 64);
        return TdxQuote.parse(raw);
    }

    /** A valid P-256 public point (x ‖ y), so the key itself parses and only the QE binding refuses it. */
    private static byte[] freshP256Point() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey k = (ECPublicKey) g.generateKeyPair().getPublic();
        byte[] xy = new byte[64];
        put(k.getW().getAffineX(), xy, 0);
        put(k.getW().getAffineY(), xy, 32);
        return xy;
    }

    private static void put(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }
}
