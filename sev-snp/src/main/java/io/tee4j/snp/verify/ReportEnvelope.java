package io.tee4j.snp.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;

/**
 * Verification step: the report as firmware framed it. Unwraps an Azure HCL blob, checks the
 * report's size, parses it (a version-2 report with a masked chip id and no product hint waits
 * for its certificate's product line), and checks the signer information firmware writes: a
 * signing key that is not "none", no VCEK signature beside MASK_CHIP_KEY, signature algorithm 1.
 * Nothing here says the report is authentic.
 */
final class ReportEnvelope {
    /** The bare report bytes (the HCL wrapper removed). */
    final byte[] raw;
    /** The HCL wrapper, or null for a bare report. */
    final AzureHclReport hcl;
    /** The report's signing-key kind (VCEK or VLEK). */
    final SigningKey signingKey;
    private final ProductLine productHint;
    /** The first parse, or null while the product line is unknown. */
    private final AttestationReport firstParse;

    private ReportEnvelope(byte[] raw, AzureHclReport hcl, SigningKey signingKey, ProductLine productHint,
            AttestationReport firstParse) {
        this.raw = raw;
        this.hcl = hcl;
        this.signingKey = signingKey;
        this.productHint = productHint;
        this.firstParse = firstParse;
    }

    static ReportEnvelope open(byte[] evidence, ProductLine productHint) throws AttestationException {
        byte[] raw = evidence;
        AzureHclReport hcl = null;
        if (AzureHclReport.looksLikeHcl(raw)) {
            hcl = AzureHclReport.parse(raw).requireSnp();
            raw = hcl.report();
        }
        if (raw.length != AttestationReport.SIZE) {
            throw new MalformedEvidenceException("an SNP attestation report is " + AttestationReport.SIZE
                    + " bytes, got " + raw.length);
        }
        AttestationReport report = null;
        try {
            report = AttestationReport.parse(raw, productHint);
        } catch (MalformedEvidenceException e) {
            if (!(LittleEndian.u32(raw, 0) == 2 && ByteArrays.allZero(raw, 0x1A0, 0x1E0) && productHint == null)) {
                throw e;
            }
        }
        SigningKey signingKey = signingKeyOf(raw);
        requireFirmwareSignerInfo(raw, signingKey);
        requireSignatureAlgorithm(raw);
        return new ReportEnvelope(raw, hcl, signingKey, productHint, report);
    }

    /** The report parsed before its certificate was known; null when its product line was unknown. */
    AttestationReport firstParse() {
        return firstParse;
    }

    /** Which certificate may have signed this report. */
    SignerSelector selector() {
        return SignerSelector.of(raw, signingKey);
    }

    /**
     * The report parsed with its product line, which must be the product line its signing
     * certificate is certified for.
     */
    AttestationReport reportCertifiedFor(ProductLine product) throws AttestationException {
        AttestationReport report = firstParse;
        if (report == null || report.productLine().isEmpty()) {
            report = AttestationReport.parse(raw, productHint != null ? productHint : product);
        }
        if (report.productLine().get() != product) {
            throw new VerificationFailedException(Reason.BINDING, "the report is from a "
                    + report.productLine().get().kdsName() + " (" + report.productSource() + ") but its "
                    + signingKey + " is certified for " + product.kdsName());
        }
        return report;
    }

    private static SigningKey signingKeyOf(byte[] raw) throws AttestationException {
        int code = (int) (LittleEndian.u32(raw, 0x48) >>> 2 & 7);
        switch (code) {
            case 0:
                return SigningKey.VCEK;
            case 1:
                return SigningKey.VLEK;
            case 7:
                throw new VerificationFailedException(Reason.SIGNATURE, "the report is not signed (signing key: none)");
            default:
                throw new MalformedEvidenceException("signer info names reserved signing key " + code);
        }
    }

    /**
     * MASK_CHIP_KEY (signer info bit 1) says the firmware does not use the VCEK; a VCEK signature
     * beside it cannot come from firmware (Microsoft CCF refuses it too).
     */
    private static void requireFirmwareSignerInfo(byte[] raw, SigningKey signingKey) throws VerificationFailedException {
        boolean maskChipKey = (LittleEndian.u32(raw, 0x48) & 2) != 0;
        if (maskChipKey && signingKey == SigningKey.VCEK) {
            throw new VerificationFailedException(Reason.BINDING, "the report's signer info sets MASK_CHIP_KEY (the "
                    + "VCEK is not used) yet names the VCEK as its signer, which firmware never does");
        }
    }

    private static void requireSignatureAlgorithm(byte[] raw) throws VerificationFailedException {
        long algorithm = LittleEndian.u32(raw, 0x34);
        if (algorithm != AttestationReport.SIG_ALGO_ECDSA_P384_SHA384) {
            throw new VerificationFailedException(Reason.SIGNATURE, "unsupported signature algorithm " + algorithm
                    + " (only 1, ECDSA P-384 with SHA-384, is defined)");
        }
    }
}
