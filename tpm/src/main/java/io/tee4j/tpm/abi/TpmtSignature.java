package io.tee4j.tpm.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.util.Objects;

/**
 * A TPMT_SIGNATURE: scheme, hash, and the signature (one TPM2B for RSA, r and s for ECDSA), or a
 * bare RSA signature as Azure's and trustee's JSON carry it, with the scheme the platform fixes.
 * Parsing checks structure only; the quote verifier of the {@code verify} package verifies it.
 *
 * @since 0.1
 */
public final class TpmtSignature {
    private static final int MAX_RSA = 512;
    private static final int MAX_EC_COORDINATE = 66;

    private final SignatureScheme scheme;
    private final TpmHash hash;
    private final byte[] rsa;
    private final byte[] ecdsaR;
    private final byte[] ecdsaS;

    private TpmtSignature(SignatureScheme scheme, TpmHash hash, byte[] rsa, byte[] r, byte[] s) {
        this.scheme = scheme;
        this.hash = hash;
        this.rsa = rsa;
        this.ecdsaR = r;
        this.ecdsaS = s;
    }

    /** Parses a marshalled TPMT_SIGNATURE; nothing may follow it. */
    public static TpmtSignature parse(byte[] bytes) throws MalformedEvidenceException {
        Objects.requireNonNull(bytes, "bytes");
        ByteReader r = ByteReader.of(bytes);
        SignatureScheme scheme = SignatureScheme.require(r.u16Be("TPMT_SIGNATURE sigAlg"), "TPMT_SIGNATURE");
        TpmHash hash = TpmHash.require(r.u16Be("TPMT_SIGNATURE hash"), "TPMT_SIGNATURE");
        TpmtSignature sig;
        if (scheme.isRsa()) {
            byte[] s = Tpm2b.read(r, MAX_RSA, "TPMT_SIGNATURE RSA signature");
            sig = new TpmtSignature(scheme, hash, s, null, null);
        } else {
            byte[] er = Tpm2b.read(r, MAX_EC_COORDINATE, "TPMT_SIGNATURE ECDSA r");
            byte[] es = Tpm2b.read(r, MAX_EC_COORDINATE, "TPMT_SIGNATURE ECDSA s");
            sig = new TpmtSignature(scheme, hash, null, er, es);
        }
        r.requireEnd("TPMT_SIGNATURE");
        return sig;
    }

    /** A bare RSA signature with the scheme and hash the platform fixes (Azure: RSASSA, SHA-256). */
    public static TpmtSignature rsa(SignatureScheme scheme, TpmHash hash, byte[] signature)
            throws MalformedEvidenceException {
        Objects.requireNonNull(signature, "signature");
        if (!scheme.isRsa()) {
            throw new IllegalArgumentException("not an RSA scheme: " + scheme);
        }
        if (signature.length == 0 || signature.length > MAX_RSA) {
            throw new MalformedEvidenceException("RSA signature of " + signature.length + " bytes");
        }
        return new TpmtSignature(scheme, Objects.requireNonNull(hash, "hash"), signature.clone(), null, null);
    }

    /** The signature scheme. */
    public SignatureScheme scheme() {
        return scheme;
    }

    /** The hash the signer used; the quote's PCR digest uses it too. */
    public TpmHash hash() {
        return hash;
    }

    /** The RSA signature bytes (RSASSA, RSAPSS). */
    public byte[] rsaSignature() {
        if (rsa == null) {
            throw new IllegalStateException("not an RSA signature");
        }
        return rsa.clone();
    }

    /** ECDSA r, big-endian. */
    public byte[] ecdsaR() {
        if (ecdsaR == null) {
            throw new IllegalStateException("not an ECDSA signature");
        }
        return ecdsaR.clone();
    }

    /** ECDSA s, big-endian. */
    public byte[] ecdsaS() {
        if (ecdsaS == null) {
            throw new IllegalStateException("not an ECDSA signature");
        }
        return ecdsaS.clone();
    }

    @Override
    public String toString() {
        return scheme + "/" + hash.label();
    }
}
