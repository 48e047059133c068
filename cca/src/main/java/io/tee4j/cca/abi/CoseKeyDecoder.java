package io.tee4j.cca.abi;

import static io.tee4j.cca.abi.ClaimReader.bounded;
import static io.tee4j.cca.abi.ClaimReader.readKey;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.EcCurve;
import java.util.HashSet;
import java.util.Set;

/** Decodes a realm attestation key carried as a COSE_Key (the 2023 and 2024 profiles). Not API. */
final class CoseKeyDecoder {
    /** COSE's EdDSA identifier, named in errors only: CCA keys are ECDSA keys. */
    static final long COSE_EDDSA = -8;

    private CoseKeyDecoder() {
    }

    /**
     * Parses a COSE_Key (RFC 9053 EC2): kty 2, crv 1/2/3, x and y of the curve's size; optional kid
     * (a byte string), key_ops (an array) and alg. An alg, when present, must be the ECDSA algorithm
     * of the key's curve (ES256 for P-256, ES384 for P-384, ES512 for P-521), as go-cose's key
     * validation requires; anything else (EdDSA, ES256 on a P-384 key) contradicts the key.
     */
    static RealmPublicKey decode(byte[] rak) throws MalformedEvidenceException {
        CborReader r = CborReader.over(rak, "realm public key (COSE_Key)");
        if (r.peekMajor() != CborReader.MAJOR_MAP) {
            throw r.fail("a realm token of the 2023 or 2024 profile must carry the RAK as a COSE_Key map");
        }
        int n = r.readMapHeader();
        Set<Long> seen = new HashSet<>();
        Long kty = null;
        Long crv = null;
        Long alg = null;
        byte[] x = null;
        byte[] y = null;
        for (int i = 0; i < n; i++) {
            long label = readKey(r, seen);
            if (label == 1) {
                kty = r.readInt();
            } else if (label == -1) {
                crv = r.readInt();
            } else if (label == -2) {
                x = bounded(r, 66, "x (-2)");
            } else if (label == -3) {
                if (r.peekMajor() != CborReader.MAJOR_BYTES) {
                    throw r.fail("compressed points (y as a boolean) are not supported");
                }
                y = bounded(r, 66, "y (-3)");
            } else if (label == 3) {
                int major = r.peekMajor();
                if (major != CborReader.MAJOR_UNSIGNED && major != CborReader.MAJOR_NEGATIVE) {
                    throw r.fail("alg (3) must be an integer COSE algorithm identifier");
                }
                alg = r.readInt();
            } else if (label == 2) {
                bounded(r, 1024, "kid (2)");
            } else if (label == 4) {
                if (r.peekMajor() != CborReader.MAJOR_ARRAY) {
                    throw r.fail("key_ops (4) must be an array");
                }
                r.skip();
            } else {
                throw r.fail("unexpected COSE_Key parameter " + label);
            }
        }
        r.requireEnd();
        if (kty == null || kty != 2) {
            throw r.fail("kty must be 2 (EC2), found " + kty);
        }
        EcCurve curve;
        if (crv == null) {
            throw r.fail("crv missing");
        } else if (crv == 1) {
            curve = EcCurve.P256;
        } else if (crv == 2) {
            curve = EcCurve.P384;
        } else if (crv == 3) {
            curve = EcCurve.P521;
        } else {
            throw r.fail("unsupported crv " + crv);
        }
        if (x == null || y == null || x.length != curve.fieldBytes() || y.length != curve.fieldBytes()) {
            throw r.fail("x and y must be present with " + curve.fieldBytes() + " bytes each");
        }
        CoseAlgorithm curveAlg = CoseAlgorithm.forCurve(curve);
        if (alg != null && alg != curveAlg.id()) {
            throw r.fail("alg (3) " + algorithmName(alg) + " contradicts the key's curve " + curve.curveName()
                    + " (only " + curveAlg + " signs with it)");
        }
        byte[] point = new byte[1 + 2 * curve.fieldBytes()];
        point[0] = 0x04;
        System.arraycopy(x, 0, point, 1, x.length);
        System.arraycopy(y, 0, point, 1 + x.length, y.length);
        return new RealmPublicKey(RealmPublicKey.Encoding.COSE_KEY, rak, curve, point);
    }

    static String algorithmName(long id) {
        if (id == COSE_EDDSA) {
            return "EdDSA (" + id + ")";
        }
        return CoseAlgorithm.fromId(id).map(a -> a + " (" + id + ")").orElse(String.valueOf(id));
    }
}
