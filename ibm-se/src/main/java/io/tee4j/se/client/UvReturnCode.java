package io.tee4j.se.client;

import java.util.Optional;

/**
 * Return codes of the Ultravisor's "Retrieve Attestation Measurement" call (UVC 0x1020) as
 * {@code /dev/uv} reports them in {@code uv_rc}.
 *
 * @since 0.3
 */
public enum UvReturnCode {
    /** 0x0001: success. */
    SUCCESS(0x0001, "success"),
    /** 0x0102: user data longer than 256 bytes. */
    USER_DATA_TOO_LONG(0x0102, "user data longer than 256 bytes"),
    /** 0x0103: access exception on the request. */
    ARCB_ACCESS(0x0103, "access exception on the request"),
    /** 0x0104: access exception on the measurement buffer. */
    MEASUREMENT_ACCESS(0x0104, "access exception on the measurement buffer"),
    /** 0x0105: access exception on the additional-data buffer. */
    ADDITIONAL_ACCESS(0x0105, "access exception on the additional-data buffer"),
    /** 0x0106: unsupported request version. */
    UNSUPPORTED_VERSION(0x0106, "unsupported request version"),
    /** 0x0107: request length wrong for its version. */
    BAD_LENGTH(0x0107, "request length wrong for its version"),
    /** 0x0108: no keyslot, or too many. */
    BAD_KEYSLOT_COUNT(0x0108, "no keyslot, or too many"),
    /** 0x0109: encrypted-area size wrong. */
    BAD_ENCRYPTED_SIZE(0x0109, "encrypted-area size wrong"),
    /** 0x010a: unsupported plaintext flag. */
    UNSUPPORTED_FLAG(0x010a, "unsupported plaintext flag"),
    /** 0x010b: unsupported measurement algorithm. */
    UNSUPPORTED_ALGORITHM(0x010b, "unsupported measurement algorithm"),
    /** 0x010c: the request cannot be decrypted: no keyslot for this machine's host key. */
    CANNOT_DECRYPT(0x010c, "request cannot be decrypted: no keyslot for this machine's host key"),
    /** 0x010d: measurement buffer too small. */
    MEASUREMENT_BUFFER_TOO_SMALL(0x010d, "measurement buffer too small"),
    /** 0x010e: additional-data buffer too small. */
    ADDITIONAL_BUFFER_TOO_SMALL(0x010e, "additional-data buffer too small");

    private final int code;
    private final String meaning;

    UvReturnCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The named code, if {@code code} is one. */
    public static Optional<UvReturnCode> of(int code) {
        for (UvReturnCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
