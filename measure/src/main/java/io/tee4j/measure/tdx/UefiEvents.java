package io.tee4j.measure.tdx;

import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import io.tee4j.measure.ovmf.Guid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Digests of the firmware and OS-loader events whose content is fixed or derivable (TCG PC Client
 * PFP, UEFI 2.10 §38): EV_EFI_ACTION strings and EV_SEPARATOR hash their event data; UEFI variable
 * events hash the whole {@code UEFI_VARIABLE_DATA}; the Linux EFI stub measures its load options
 * (the command line) as UTF-16LE with a NUL.
 *
 * @since 0.1
 */
public final class UefiEvents {
    /** EFI_GLOBAL_VARIABLE: SecureBoot, PK, KEK, BootOrder, Boot####. */
    public static final Guid EFI_GLOBAL_VARIABLE = Guid.parse("8be4df61-93ca-11d2-aa0d-00e098032b8c");
    /** EFI_IMAGE_SECURITY_DATABASE: db, dbx. */
    public static final Guid IMAGE_SECURITY_DATABASE = Guid.parse("d719b2cb-3d3a-4596-a3bc-dad00e67656f");

    private UefiEvents() {
    }

    /** SHA-384 of an EV_EFI_ACTION string (ASCII, no terminator). */
    public static RtmrEvent action(String text) {
        return new RtmrEvent("EV_EFI_ACTION \"" + text + "\"", Digests.sha384(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** EV_SEPARATOR: SHA-384 of four zero bytes. */
    public static RtmrEvent separator() {
        return new RtmrEvent("EV_SEPARATOR", Digests.sha384(new byte[4]));
    }

    /**
     * An EV_EFI_VARIABLE_DRIVER_CONFIG event: SHA-384 of {@code UEFI_VARIABLE_DATA} =
     * {@code GUID ‖ u64 name length in characters ‖ u64 data length ‖ UTF-16LE name ‖ data}.
     */
    public static RtmrEvent variable(Guid vendor, String name, byte[] data) {
        byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
        byte[] v = Objects.requireNonNull(data, "data");
        byte[] b = new byte[32 + n.length + v.length];
        System.arraycopy(vendor.stored(), 0, b, 0, 16);
        Le.putU64(b, 16, name.length());
        Le.putU64(b, 24, v.length);
        System.arraycopy(n, 0, b, 32, n.length);
        System.arraycopy(v, 0, b, 32 + n.length, v.length);
        return new RtmrEvent("EV_EFI_VARIABLE_DRIVER_CONFIG " + name, Digests.sha384(b));
    }

    /**
     * The Linux EFI stub's load-options event: SHA-384 of the UTF-16LE options and a UTF-16 NUL.
     * OVMF's direct boot sets the options to the QEMU command line, with {@code " initrd=initrd"}
     * appended when QEMU passes a non-empty initrd (edk2 QemuLoadImageLib).
     */
    public static RtmrEvent loadOptions(String options) {
        byte[] utf16 = options.getBytes(StandardCharsets.UTF_16LE);
        return new RtmrEvent("kernel command line \"" + options + "\"", Digests.sha384(Arrays.copyOf(utf16,
                utf16.length + 2)));
    }
}
