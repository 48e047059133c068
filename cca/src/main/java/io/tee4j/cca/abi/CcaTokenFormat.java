package io.tee4j.cca.abi;

/**
 * The two top-level encodings of a CCA attestation token. Both carry the same two COSE_Sign1
 * messages (platform token and realm token); a verifier accepts both.
 *
 * @since 0.1
 */
public enum CcaTokenFormat {
    /** Legacy: CBOR tag 399 over {@code {44234: bstr platform, 44241: bstr realm}} (RMM 1.0, TF-RMM build option). */
    LEGACY_TAG_399(399),
    /**
     * Current: CBOR tag 907, a CMW collection {@code {44234: [263, bstr], 44241: [263, bstr]}}, where 263 is
     * the CoAP content format {@code application/eat+cwt} (TF-RMM's default).
     */
    CMW_COLLECTION_TAG_907(907);

    private final long tag;

    CcaTokenFormat(long tag) {
        this.tag = tag;
    }

    /** The CBOR tag number. */
    public long tag() {
        return tag;
    }
}
