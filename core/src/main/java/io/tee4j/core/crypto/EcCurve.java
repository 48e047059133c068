package io.tee4j.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/**
 * The NIST curves attestation evidence is signed on, with Bouncy Castle's custom (fast)
 * implementations and the hash each is paired with in this field.
 *
 * @since 0.1
 */
public enum EcCurve {
    /** secp256r1 with SHA-256 (TDX quotes, CCA ES256). */
    P256("secp256r1", "SHA-256", 32),
    /** secp384r1 with SHA-384 (SNP reports, CCA realm tokens, NVIDIA SPDM reports). */
    P384("secp384r1", "SHA-384", 48),
    /** secp521r1 with SHA-512 (CCA ES512). */
    P521("secp521r1", "SHA-512", 66);

    private final String curveName;
    private final String digestName;
    private final int fieldBytes;
    private final ECDomainParameters domain;

    EcCurve(String curveName, String digestName, int fieldBytes) {
        this.curveName = curveName;
        this.digestName = digestName;
        this.fieldBytes = fieldBytes;
        // CustomNamedCurves: Bouncy Castle's hand-optimised field arithmetic, 2-7x faster here than
        // the generic SECNamedCurves implementation or the JDK (see DESIGN.md).
        X9ECParameters p = CustomNamedCurves.getByName(curveName);
        this.domain = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH(), p.getSeed());
    }

    /** The SEC name, e.g. {@code secp384r1}. */
    public String curveName() {
        return curveName;
    }

    /** The JCA name of the paired hash, e.g. {@code SHA-384}. */
    public String digestName() {
        return digestName;
    }

    /** The size of a coordinate and of r and s, in bytes. */
    public int fieldBytes() {
        return fieldBytes;
    }

    /** The group order. */
    public BigInteger order() {
        return domain.getN();
    }

    ECDomainParameters domain() {
        return domain;
    }

    /** The curve whose field has the given bit size (256, 384, 521). */
    public static EcCurve forFieldSize(int bits) {
        switch (bits) {
            case 256:
                return P256;
            case 384:
                return P384;
            case 521:
                return P521;
            default:
                throw new IllegalArgumentException("unsupported EC field size " + bits);
        }
    }
}
