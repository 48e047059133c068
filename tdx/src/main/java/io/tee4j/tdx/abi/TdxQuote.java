package io.tee4j.tdx.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.ByteReader;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.tdx.abi.QeReport;
import io.tee4j.tdx.abi.TdReportBody;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A parsed Intel TDX quote, version 4 or 5 (body type 2 = TDX 1.0, 3 = TDX 1.5), with its ECDSA
 * P-256 signature data and certification data type 6 (QE report, QE report signature, QE
 * authentication data, and a type-5 PEM PCK certificate chain).
 *
 * <p>Parsing checks structure only: versions, the attestation-key type, the TEE type, every
 * length field against the bytes present and against each other. Bytes after the signature data
 * (real quotes are often zero-padded) are not part of the quote: they are counted in
 * {@link #trailingBytes()}, and {@code TdxVerifier} refuses them when any is non-zero. SGX
 * quotes (TEE type 0, quote v3, v5 body type 1) and unknown types are rejected with a
 * {@link MalformedEvidenceException} naming what was found. Nothing here says the quote is
 * authentic: see {@code TdxVerifier}.
 *
 * <p>What is signed: the header and body (the first {@link #signedLength()} bytes) by the
 * attestation key, the QE report by the PCK key, and the certificates inside the PEM chain by
 * their issuers. Not signed: the padding after the signature data, and the PEM text around the
 * certificates (base64 line breaks, whitespace) — a copy of the quote that differs only there is
 * the same quote, which is why {@link #signedBytesSha256()}, not the raw bytes, identifies it.
 *
 * <p>Immutable; byte arrays are copied out.
 *
 * @since 0.1
 */
public final class TdxQuote {
    /** TEE type of TDX in the quote header. */
    public static final long TEE_TYPE_TDX = 0x81;
    /** Attestation key type 2: ECDSA-256 with P-256. */
    public static final int ATTESTATION_KEY_ECDSA_P256 = 2;
    /** Certification data type 6: QE report certification data. */
    public static final int CERT_DATA_QE_REPORT = 6;
    /** Certification data type 5: PEM PCK certificate chain. */
    public static final int CERT_DATA_PCK_CHAIN = 5;
    /** Largest quote accepted (real quotes are about 5 KB). */
    public static final int MAX_SIZE = 1 << 20;

    private static final int HEADER_SIZE = 48;

    private final byte[] raw;
    private final int version;
    private final int bodyType;
    private final int bodyOffset;
    private final int signedLength;
    private final int sigDataOffset;
    private final int endOffset;
    private final TdReportBody body;
    private final QeReport qeReport;
    private final int qeReportOffset;
    private final int authDataOffset;
    private final int authDataLength;
    private final int pckChainOffset;
    private final int pckChainLength;

    private TdxQuote(byte[] raw) throws MalformedEvidenceException {
        this.raw = raw;
        ByteReader.of(raw, 0, 0 + HEADER_SIZE, "quote header");
        version = LittleEndian.u16(raw, 0);
        int keyType = LittleEndian.u16(raw, 2);
        long teeType = LittleEndian.u32(raw, 4);
        if (version == 3 || (version == 4 || version == 5) && teeType == 0) {
            throw new MalformedEvidenceException("this is an SGX quote (version " + version + ", TEE type 0x"
                    + Long.toHexString(teeType) + "), not a TDX quote");
        }
        if (version != 4 && version != 5) {
            throw new MalformedEvidenceException("unsupported quote version " + version + " (TDX quotes are version 4 or 5)");
        }
        if (teeType != TEE_TYPE_TDX) {
            throw new MalformedEvidenceException("unknown TEE type 0x" + Long.toHexString(teeType)
                    + " (TDX is 0x81)");
        }
        if (keyType != ATTESTATION_KEY_ECDSA_P256) {
            throw new MalformedEvidenceException("unsupported attestation key type " + keyType
                    + " (only 2, ECDSA-256 with P-256, is defined for TDX)");
        }
        int bodySize;
        if (version == 4) {
            bodyType = 2;
            bodyOffset = HEADER_SIZE;
            bodySize = TdReportBody.TDX10_SIZE;
        } else {
            ByteReader.of(raw, HEADER_SIZE, HEADER_SIZE + 6, "quote v5 body descriptor");
            bodyType = LittleEndian.u16(raw, HEADER_SIZE);
            long size = LittleEndian.u32(raw, HEADER_SIZE + 2);
            bodyOffset = HEADER_SIZE + 6;
            if (bodyType == 1) {
                throw new MalformedEvidenceException("quote v5 body type 1 is an SGX enclave report, not a TD report");
            }
            if (bodyType == 2) {
                bodySize = TdReportBody.TDX10_SIZE;
            } else if (bodyType == 3) {
                bodySize = TdReportBody.TDX15_SIZE;
            } else {
                throw new MalformedEvidenceException("unknown quote v5 body type " + bodyType);
            }
            if (size != bodySize) {
                throw new MalformedEvidenceException("quote v5 body type " + bodyType + " must be " + bodySize
                        + " bytes, descriptor says " + size);
            }
        }
        body = TdReportBody.parse(raw, bodyOffset, bodyType == 3);
        signedLength = bodyOffset + bodySize;
        ByteReader.of(raw, signedLength, signedLength + 4, "signature data length");
        long sigLen = LittleEndian.u32(raw, signedLength);
        sigDataOffset = signedLength + 4;
        if (sigLen > raw.length - sigDataOffset) {
            throw new MalformedEvidenceException("signature data length " + sigLen + " exceeds the "
                    + (raw.length - sigDataOffset) + " bytes after the body");
        }
        endOffset = sigDataOffset + (int) sigLen;
        int p = sigDataOffset;
        if (sigLen < 64 + 64 + 6) {
            throw new MalformedEvidenceException("signature data of " + sigLen + " bytes is too short");
        }
        p += 128;
        int certType = LittleEndian.u16(raw, p);
        long certSize = LittleEndian.u32(raw, p + 2);
        p += 6;
        if (certType != CERT_DATA_QE_REPORT) {
            throw new MalformedEvidenceException("certification data type " + certType
                    + " is not supported (expected 6, QE report certification data)");
        }
        if (certSize != endOffset - p) {
            throw new MalformedEvidenceException("certification data size " + certSize
                    + " does not match the signature data length (" + (endOffset - p) + " bytes remain)");
        }
        ByteReader.of(raw, p, p + (QeReport.SIZE + 64 + 2), "QE report certification data");
        qeReportOffset = p;
        qeReport = QeReport.parse(raw, p);
        p += QeReport.SIZE + 64;
        authDataLength = LittleEndian.u16(raw, p);
        p += 2;
        authDataOffset = p;
        if (authDataLength > endOffset - p) {
            throw new MalformedEvidenceException("QE authentication data length " + authDataLength
                    + " exceeds the certification data");
        }
        p += authDataLength;
        if (endOffset - p < 6) {
            throw new MalformedEvidenceException("QE report certification data has no inner certification data");
        }
        int innerType = LittleEndian.u16(raw, p);
        long innerSize = LittleEndian.u32(raw, p + 2);
        p += 6;
        if (innerType != CERT_DATA_PCK_CHAIN) {
            throw new MalformedEvidenceException("inner certification data type " + innerType
                    + " is not supported (expected 5, PEM PCK certificate chain)");
        }
        if (innerSize != endOffset - p) {
            throw new MalformedEvidenceException("PCK certificate chain size " + innerSize
                    + " does not match the certification data (" + (endOffset - p) + " bytes remain)");
        }
        pckChainOffset = p;
        pckChainLength = (int) innerSize;
    }

    /**
     * Parses a quote. The array is copied.
     *
     * @throws MalformedEvidenceException when it is not a well-formed TDX quote v4/v5
     */
    public static TdxQuote parse(byte[] quote) throws MalformedEvidenceException {
        Objects.requireNonNull(quote, "quote");
        if (quote.length > MAX_SIZE) {
            throw new MalformedEvidenceException("quote of " + quote.length + " bytes exceeds " + MAX_SIZE);
        }
        return new TdxQuote(quote.clone());
    }

    /** Quote version: 4 or 5. */
    public int version() {
        return version;
    }

    /** Attestation key type (always 2, ECDSA P-256). */
    public int attestationKeyType() {
        return ATTESTATION_KEY_ECDSA_P256;
    }

    /** TEE type (always 0x81, TDX). */
    public long teeType() {
        return TEE_TYPE_TDX;
    }

    /** The two reserved 16-bit header fields at 0x08 and 0x0A, as one little-endian u32. */
    public long headerReserved() {
        return LittleEndian.u32(raw, 8);
    }

    /** The QE vendor ID (16 bytes; Intel's is 939a7233f79c4ca9940a0db3957f0607). */
    public byte[] qeVendorId() {
        return ByteArrays.slice(raw, 12, 16);
    }

    /** The header's user data (20 bytes; the first 16 are the QE identifier for Intel's QE). */
    public byte[] userData() {
        return ByteArrays.slice(raw, 28, 20);
    }

    /** Body type: 2 (TDX 1.0, always for v4) or 3 (TDX 1.5). */
    public int bodyType() {
        return bodyType;
    }

    public TdReportBody body() {
        return body;
    }

    /** The number of bytes the quote signature covers (header, v5 body descriptor, body). */
    public int signedLength() {
        return signedLength;
    }

    /** The raw P-256 quote signature, r || s (64 bytes). */
    public byte[] signature() {
        return ByteArrays.slice(raw, sigDataOffset, 64);
    }

    /** The attestation public key, X || Y (64 bytes). */
    public byte[] attestationKey() {
        return ByteArrays.slice(raw, sigDataOffset + 64, 64);
    }

    public QeReport qeReport() {
        return qeReport;
    }

    /** The PCK key's raw P-256 signature over the QE report (64 bytes). */
    public byte[] qeReportSignature() {
        return ByteArrays.slice(raw, qeReportOffset + QeReport.SIZE, 64);
    }

    /** The QE authentication data. */
    public byte[] qeAuthData() {
        return ByteArrays.slice(raw, authDataOffset, authDataLength);
    }

    /** The PCK certificate chain as it appears in the quote (PEM text: leaf, CA, root). */
    public byte[] pckChainPem() {
        return ByteArrays.slice(raw, pckChainOffset, pckChainLength);
    }

    /** The length of {@link #pckChainPem()}, without copying it. */
    public int pckChainLength() {
        return pckChainLength;
    }

    /**
     * Parses the PCK certificate chain (leaf first).
     *
     * @throws MalformedEvidenceException when it is not PEM certificates
     */
    public List<X509Certificate> pckChain() throws MalformedEvidenceException {
        byte[] pem = pckChainPem();
        try {
            List<X509Certificate> chain = Certificates.parseAll(pem);
            if (!Certificates.isPem(pem) || chain.isEmpty()) {
                throw new MalformedEvidenceException("PCK certification data holds no PEM certificate");
            }
            String text = new String(pem, StandardCharsets.US_ASCII);
            int begins = text.split("-----BEGIN ", -1).length - 1;
            if (begins != chain.size()) {
                throw new MalformedEvidenceException("PCK certification data has " + begins
                        + " PEM blocks but only " + chain.size() + " well-formed certificates");
            }
            return chain;
        } catch (CertificateException | IllegalArgumentException e) {
            // IllegalArgumentException: core's PEM reader lets bad base64 escape (reported upstream).
            throw new MalformedEvidenceException("PCK certificate chain does not parse: " + e.getMessage(), e);
        }
    }

    /** How many bytes follow the signature data (padding, not part of the quote). */
    public int trailingBytes() {
        return raw.length - endOffset;
    }

    /** Whether any byte after the signature data is non-zero. */
    public boolean hasNonZeroTrailingBytes() {
        for (int i = endOffset; i < raw.length; i++) {
            if (raw[i] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * SHA-256 of the signed bytes: the header, the v5 body descriptor and the TD report body — what
     * the attestation key signed. Two quotes with the same digest attest the same statement,
     * whatever their signatures, certification data text or padding; use this to recognise a
     * quote (replay caches, deduplication), never the raw bytes.
     */
    public byte[] signedBytesSha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(raw, 0, signedLength);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is available on every Java platform", e);
        }
    }

    /** The quote bytes up to the end of the signature data (padding dropped). */
    public byte[] bytes() {
        return ByteArrays.slice(raw, 0, endOffset);
    }

    public byte[] rawRef() {
        return raw;
    }

    public int sigDataOffset() {
        return sigDataOffset;
    }

    public int qeReportOffset() {
        return qeReportOffset;
    }

    public int authDataOffset() {
        return authDataOffset;
    }

    public int authDataLength() {
        return authDataLength;
    }

    public int endOffset() {
        return endOffset;
    }

    @Override
    public String toString() {
        return "TdxQuote[v" + version + ", body type " + bodyType + ", " + endOffset + " bytes"
                + (trailingBytes() > 0 ? " + " + trailingBytes() + " trailing" : "") + "]";
    }
}
