package io.tee4j.tpm.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Objects;
import java.util.Optional;

/**
 * A TPMT_PUBLIC of an RSA or ECC signing key (an attestation key): algorithm, name algorithm,
 * object attributes, the key's fixed signing scheme if it has one, and the public key itself.
 * Parsing checks structure, the RSA exponent (0 means the TPM default 65537) and that an ECC point
 * lies on its NIST curve; it says nothing about whether the key deserves trust.
 *
 * @since 0.1
 */
public final class TpmtPublic {
    private static final int ALG_RSA = 0x0001;
    private static final int ALG_ECC = 0x0023;
    private static final int ALG_NULL = 0x0010;
    private static final int MAX_SIZE = 4096;
    private static final int DEFAULT_EXPONENT = 65537;
    private static final long FIXED_TPM = 1L << 1;
    private static final long SENSITIVE_DATA_ORIGIN = 1L << 5;
    private static final long RESTRICTED = 1L << 16;
    private static final long SIGN = 1L << 18;

    private final byte[] raw;
    private final int nameAlg;
    private final long objectAttributes;
    private final SignatureScheme scheme;
    private final TpmHash schemeHash;
    private final PublicKey publicKey;

    private TpmtPublic(byte[] raw, int nameAlg, long attributes, SignatureScheme scheme, TpmHash schemeHash,
            PublicKey key) {
        this.raw = raw;
        this.nameAlg = nameAlg;
        this.objectAttributes = attributes;
        this.scheme = scheme;
        this.schemeHash = schemeHash;
        this.publicKey = key;
    }

    /** Parses a marshalled TPMT_PUBLIC; nothing may follow it. */
    public static TpmtPublic parse(byte[] bytes) throws MalformedEvidenceException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > MAX_SIZE) {
            throw new MalformedEvidenceException("TPMT_PUBLIC of " + bytes.length + " bytes");
        }
        byte[] raw = bytes.clone();
        ByteReader r = ByteReader.of(raw);
        int type = r.u16Be("TPMT_PUBLIC type");
        int nameAlg = r.u16Be("TPMT_PUBLIC nameAlg");
        long attributes = r.u32Be("TPMT_PUBLIC objectAttributes");
        Tpm2b.read(r, 64, "TPMT_PUBLIC authPolicy");
        int symmetric = r.u16Be("TPMT_PUBLIC symmetric");
        if (symmetric != ALG_NULL) {
            r.skip(4, "TPMT_PUBLIC symmetric keyBits and mode");
        }
        int schemeId = r.u16Be("TPMT_PUBLIC scheme");
        SignatureScheme scheme = null;
        TpmHash schemeHash = null;
        if (schemeId != ALG_NULL) {
            scheme = SignatureScheme.require(schemeId, "TPMT_PUBLIC scheme");
            schemeHash = TpmHash.require(r.u16Be("TPMT_PUBLIC scheme hash"), "TPMT_PUBLIC scheme");
        }
        PublicKey key;
        if (type == ALG_RSA) {
            key = rsa(r);
        } else if (type == ALG_ECC) {
            key = ecc(r);
        } else {
            throw new MalformedEvidenceException("TPMT_PUBLIC type 0x" + Integer.toHexString(type) + " is not RSA or ECC");
        }
        r.requireEnd("TPMT_PUBLIC");
        if (scheme != null && scheme.isRsa() != (type == ALG_RSA)) {
            throw new MalformedEvidenceException("TPMT_PUBLIC scheme " + scheme + " does not fit its key type");
        }
        return new TpmtPublic(raw, nameAlg, attributes, scheme, schemeHash, key);
    }

    private static PublicKey rsa(ByteReader r) throws MalformedEvidenceException {
        int bits = r.u16Be("TPMS_RSA_PARMS keyBits");
        long exponent = r.u32Be("TPMS_RSA_PARMS exponent");
        byte[] modulus = Tpm2b.read(r, 512, "TPMT_PUBLIC RSA modulus");
        if (modulus.length * 8 != bits) {
            throw new MalformedEvidenceException("TPMT_PUBLIC RSA modulus of " + modulus.length + " bytes for keyBits " + bits);
        }
        BigInteger e = BigInteger.valueOf(exponent == 0 ? DEFAULT_EXPONENT : exponent);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), e));
        } catch (GeneralSecurityException ex) {
            throw new MalformedEvidenceException("TPMT_PUBLIC RSA key: " + ex.getMessage());
        }
    }

    private static PublicKey ecc(ByteReader r) throws MalformedEvidenceException {
        int curveId = r.u16Be("TPMS_ECC_PARMS curveID");
        int kdf = r.u16Be("TPMS_ECC_PARMS kdf");
        if (kdf != ALG_NULL) {
            r.skip(2, "TPMS_ECC_PARMS kdf hash");
        }
        String curve = curveId == 3 ? "secp256r1" : curveId == 4 ? "secp384r1" : curveId == 5 ? "secp521r1" : null;
        if (curve == null) {
            throw new MalformedEvidenceException("TPMS_ECC_PARMS curve 0x" + Integer.toHexString(curveId)
                    + " is not NIST P-256, P-384 or P-521");
        }
        byte[] x = Tpm2b.read(r, 66, "TPMS_ECC_POINT x");
        byte[] y = Tpm2b.read(r, 66, "TPMS_ECC_POINT y");
        return ecKey(curve, new BigInteger(1, x), new BigInteger(1, y));
    }

    /** A JCA EC public key on a named curve; a point that is not on it is malformed. */
    static PublicKey ecKey(String curve, BigInteger x, BigInteger y) throws MalformedEvidenceException {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(curve));
            ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
        } catch (GeneralSecurityException ex) {
            throw new MalformedEvidenceException("ECC public key on " + curve + ": " + ex.getMessage());
        }
    }

    /** The bytes as given, copied. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The name algorithm (TPM_ALG_ID). */
    public int nameAlg() {
        return nameAlg;
    }

    /** TPMA_OBJECT bits. */
    public long objectAttributes() {
        return objectAttributes;
    }

    /**
     * Whether the TPM keeps the key (fixedTPM), created it (sensitiveDataOrigin) and lets it sign only
     * TPM-generated data (restricted and sign): only such a key cannot be made to sign a forged quote.
     */
    public boolean isRestrictedSigningKey() {
        long required = FIXED_TPM | SENSITIVE_DATA_ORIGIN | RESTRICTED | SIGN;
        return (objectAttributes & required) == required;
    }

    /** The signing scheme the key is restricted to, if it names one. */
    public Optional<SignatureScheme> scheme() {
        return Optional.ofNullable(scheme);
    }

    /** The hash of that scheme, if it names one. */
    public Optional<TpmHash> schemeHash() {
        return Optional.ofNullable(schemeHash);
    }

    /** The public key. */
    public PublicKey publicKey() {
        return publicKey;
    }
}
