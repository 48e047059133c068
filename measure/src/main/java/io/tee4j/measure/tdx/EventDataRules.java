package io.tee4j.measure.tdx;

import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The rules by which an event's digest follows from its own data (TCG PC Client PFP; GRUB): most
 * events hash their whole data; EV_EFI_VARIABLE_BOOT hashes only the variable's value inside its
 * {@code UEFI_VARIABLE_DATA}; GRUB's EV_IPL command events hash the text after their
 * {@code "grub_cmd: "} or {@code "kernel_cmdline: "} prefix, without the NUL.
 */
final class EventDataRules {
    private static final long EV_IPL = 0xD;
    private static final long EV_EFI_VARIABLE_BOOT = 0x80000002L;
    private static final String[] GRUB_PREFIXES = {"grub_cmd: ", "kernel_cmdline: "};

    private EventDataRules() {
    }

    /** How {@code digest} follows from the event's data, if one of the rules explains it. */
    static Optional<String> explain(CcEvent e, byte[] digest) {
        byte[] data = e.data();
        if (Arrays.equals(Digests.sha384(data), digest)) {
            return Optional.of(ReplayedEvent.EVENT_DATA);
        }
        if (e.eventType() == EV_EFI_VARIABLE_BOOT) {
            return variableValue(data).filter(v -> Arrays.equals(Digests.sha384(v), digest))
                    .map(v -> "SHA-384 of the boot variable's value");
        }
        if (e.eventType() == EV_IPL) {
            return grubCommand(data).filter(c -> Arrays.equals(Digests.sha384(c), digest))
                    .map(c -> "SHA-384 of the GRUB command text");
        }
        return Optional.empty();
    }

    /** VariableData of a UEFI_VARIABLE_DATA {GUID, u64 name chars, u64 data length, name, data}. */
    private static Optional<byte[]> variableValue(byte[] d) {
        if (d.length < 32) {
            return Optional.empty();
        }
        long nameBytes = Le.u64(d, 16) * 2;
        long valueBytes = Le.u64(d, 24);
        if (nameBytes < 0 || valueBytes < 0 || nameBytes > d.length - 32 || valueBytes != d.length - 32 - nameBytes) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(d, (int) (32 + nameBytes), d.length));
    }

    private static Optional<byte[]> grubCommand(byte[] d) {
        int end = d.length > 0 && d[d.length - 1] == 0 ? d.length - 1 : d.length;
        String text = new String(d, 0, end, StandardCharsets.ISO_8859_1);
        for (String p : GRUB_PREFIXES) {
            if (text.startsWith(p)) {
                return Optional.of(Arrays.copyOfRange(d, p.length(), end));
            }
        }
        return Optional.empty();
    }
}
