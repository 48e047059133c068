package io.tee4j.atls.cert;

/**
 * Which convention an attested certificate follows: where its evidence sits and how the evidence
 * is bound to the certificate's key and the handshake.
 */
public enum EvidenceFormat {
    /**
     * tee4j: extension {@code id-pe-cmw} (1.3.6.1.5.5.7.1.35, RFC 9999 §4.4), a CMW record or
     * collection; {@code report_data = SHA-512(SubjectPublicKeyInfo DER ‖ nonce)}.
     */
    TEE4J_CMW("1.3.6.1.5.5.7.1.35"),
    /**
     * Gramine RA-TLS (read only): TCG DICE extension 2.23.133.5.4.9 holding
     * {@code #6.60000([quote, claims])}; {@code report_data[0..32] = SHA-256(claims)}, the claims
     * naming {@code SHA-256(SubjectPublicKeyInfo DER)}. No nonce: the certificate lives as long as
     * the enclave.
     */
    GRAMINE_TCG_DICE("2.23.133.5.4.9"),
    /**
     * Edgeless Contrast (read only): the raw SEV-SNP report (1.3.9901.2.1) or TDX quote
     * (1.3.9901.2.2) as the extension value; {@code report_data = SHA-512(SubjectPublicKeyInfo DER ‖
     * nonce)}, the nonce being the base64 decoding of the SNI label.
     */
    CONTRAST_RAW("1.3.9901.2"),
    /**
     * Edgeless Constellation (read only): arc 1.3.9900, one OID per attestation variant; only
     * QEMU TDX (1.3.9900.5.99, JSON {@code {RawQuote, UserData}}) is decoded into evidence.
     * {@code report_data = SHA-256(SHA-256(SubjectPublicKeyInfo DER) ‖ nonce)}, zero-padded.
     */
    CONSTELLATION("1.3.9900");

    private final String oid;

    EvidenceFormat(String oid) {
        this.oid = oid;
    }

    /** The extension OID, or for the Edgeless formats the arc their OIDs sit under. */
    public String oid() {
        return oid;
    }
}
