package io.tee4j.snp.client;

import io.tee4j.core.TeeUnavailableException;
import java.util.OptionalInt;

/**
 * The SEV-SNP guest device or firmware refused a request. Carries the {@code errno} of the failed
 * ioctl, the firmware status (only when the driver reported {@code EIO}: on other errors older
 * kernels left garbage in that field, so it is not trusted) and the VMM error (1 = the certificate
 * buffer was too small, 2 = the host was busy or throttled the guest).
 *
 * @since 0.1
 */
public class SevGuestException extends TeeUnavailableException {
    private static final long serialVersionUID = 1L;

    /** VMM error: the certificate buffer is too small. */
    public static final int VMM_INVALID_LENGTH = 1;
    /** VMM error: the host is busy (rate limited). */
    public static final int VMM_BUSY = 2;

    private final int errno;
    private final Integer firmwareError;
    private final int vmmError;

    public SevGuestException(String message, int errno, Integer firmwareError, int vmmError, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.firmwareError = firmwareError;
        this.vmmError = vmmError;
    }

    /** The ioctl's errno, or 0 when the ioctl succeeded but the firmware's response said no. */
    public int errno() {
        return errno;
    }

    /** The firmware status, when trusted (errno EIO, or a response status). */
    public OptionalInt firmwareError() {
        return firmwareError == null ? OptionalInt.empty() : OptionalInt.of(firmwareError);
    }

    /** The VMM error (0 when none). */
    public int vmmError() {
        return vmmError;
    }

    /** A short description of an SNP firmware status code (SEV API, "Status codes"). */
    public static String describeFirmwareError(int code) {
        switch (code) {
            case 0x00: return "SUCCESS";
            case 0x01: return "INVALID_PLATFORM_STATE";
            case 0x02: return "INVALID_GUEST_STATE";
            case 0x03: return "INVALID_CONFIG";
            case 0x04: return "INVALID_LENGTH";
            case 0x05: return "ALREADY_OWNED";
            case 0x06: return "INVALID_CERTIFICATE";
            case 0x07: return "POLICY_FAILURE";
            case 0x08: return "INACTIVE";
            case 0x09: return "INVALID_ADDRESS";
            case 0x0A: return "BAD_SIGNATURE";
            case 0x0B: return "BAD_MEASUREMENT";
            case 0x0C: return "ASID_OWNED";
            case 0x0D: return "INVALID_ASID";
            case 0x0E: return "WBINVD_REQUIRED";
            case 0x0F: return "DF_FLUSH_REQUIRED";
            case 0x10: return "INVALID_GUEST";
            case 0x11: return "INVALID_COMMAND";
            case 0x12: return "ACTIVE";
            case 0x13: return "HWERROR_PLATFORM";
            case 0x14: return "HWERROR_UNSAFE";
            case 0x15: return "UNSUPPORTED";
            case 0x16: return "INVALID_PARAM (a request field is out of range: VMPL below the guest's, SVN or TCB "
                    + "above the allowed, reserved bits set)";
            case 0x17: return "RESOURCE_LIMIT";
            case 0x18: return "SECURE_DATA_INVALID";
            case 0x19: return "INVALID_PAGE_SIZE";
            case 0x1A: return "INVALID_PAGE_STATE";
            case 0x1B: return "INVALID_MDATA_ENTRY";
            case 0x1C: return "INVALID_PAGE_OWNER";
            case 0x1D: return "AEAD_OFLOW (the guest message sequence number overflowed)";
            case 0x1F: return "RB_MODE_EXITED";
            case 0x20: return "RMP_INIT_REQUIRED";
            case 0x21: return "BAD_SVN";
            case 0x22: return "BAD_VERSION";
            case 0x23: return "SHUTDOWN_REQUIRED";
            case 0x24: return "UPDATE_FAILED";
            case 0x25: return "RESTORE_REQUIRED";
            default: return String.format("unknown firmware status 0x%x", code);
        }
    }

    /** A short description of a VMM error. */
    public static String describeVmmError(int code) {
        switch (code) {
            case 0: return "none";
            case VMM_INVALID_LENGTH: return "INVALID_LEN (certificate buffer too small)";
            case VMM_BUSY: return "BUSY (the host is busy or rate-limits guest requests; retry later)";
            default: return "unknown VMM error " + code;
        }
    }
}
