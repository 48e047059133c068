package io.tee4j.snp.abi;

/**
 * Which key signed a report, from the {@code SIGNING_KEY} field of the signer information.
 *
 * @since 0.1
 */
public enum SigningKey {
    /** The chip's Versioned Chip Endorsement Key, certified by the product's ASK. */
    VCEK(0),
    /** A Versioned Loaded Endorsement Key a cloud provider loaded, certified by the product's ASVK. */
    VLEK(1),
    /** The report is not signed (the firmware had no key to sign with). It can never verify. */
    NONE(7);

    private final int code;

    SigningKey(int code) {
        this.code = code;
    }

    /** The 3-bit value in the report. */
    public int code() {
        return code;
    }

    /** The common name of this key's certificate subject ({@code SEV-VCEK}, {@code SEV-VLEK}). */
    public String certificateCommonName() {
        return this == VLEK ? "SEV-VLEK" : "SEV-VCEK";
    }
}
