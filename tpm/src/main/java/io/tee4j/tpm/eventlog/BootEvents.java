package io.tee4j.tpm.eventlog;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import io.tee4j.tpm.abi.TpmHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts users ask of a boot log, read from events whose data is covered by their digest (an
 * event whose data does not hash to its digest is ignored here, since its text could say
 * anything): the S-CRTM version (PCR 0), GCE's confidential technology (EV_NONHOST_INFO), the
 * SecureBoot variable (PCR 7), the kernel command line and GRUB commands (PCR 8), the EFI
 * applications started (PCR 4, their Authenticode digests). EV_S_CRTM_VERSION and
 * EV_EFI_BOOT_SERVICES_APPLICATION data is not the hashed content, so those are reported as the
 * log says, trusted only as far as the replay of their PCR matched a quote.
 *
 * @param scrtmVersion the EV_S_CRTM_VERSION string, if any
 * @param gceConfidentialTechnology GCE's technology byte (1 SEV, 2 SEV-ES, 3 TDX, 4 SEV-SNP), if any
 * @param secureBoot the SecureBoot variable's value, if measured
 * @param kernelCommandLine the last "kernel_cmdline: " string GRUB measured, if any
 * @param grubCommands the "grub_cmd: " strings, in order
 * @param efiApplications the EV_EFI_BOOT_SERVICES_APPLICATION digests (hex) in the log's first bank
 * @since 0.1
 */
public record BootEvents(Optional<String> scrtmVersion, Optional<Integer> gceConfidentialTechnology,
        Optional<Boolean> secureBoot, Optional<String> kernelCommandLine, List<String> grubCommands,
        List<String> efiApplications) {
    private static final String GCE_NONHOST = "GCE NonHostInfo\0";
    private static final String KERNEL_CMDLINE = "kernel_cmdline: ";
    private static final String GRUB_CMD = "grub_cmd: ";

    /** Copies the lists. */
    public BootEvents {
        grubCommands = List.copyOf(grubCommands);
        efiApplications = List.copyOf(efiApplications);
    }

    /** Reads the facts from a log, checking event data against the given bank's digests. */
    public static BootEvents of(EventLog log, TpmHash bank) {
        Objects.requireNonNull(log, "log");
        String scrtm = null;
        Integer technology = null;
        Boolean secureBoot = null;
        String cmdline = null;
        List<String> grub = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        for (TcgEvent e : log.events()) {
            byte[] d = e.dataUnsafe();
            EventType type = e.eventType().orElse(null);
            if (type == EventType.EV_S_CRTM_VERSION && e.pcr() == 0) {
                scrtm = utf16(d);
            } else if (type == EventType.EV_NONHOST_INFO && e.pcr() == 0 && d.length > GCE_NONHOST.length()
                    && ascii(d, 0, GCE_NONHOST.length()).equals(GCE_NONHOST) && e.dataMatchesDigest(bank, null)) {
                technology = d[GCE_NONHOST.length()] & 0xFF;
            } else if (type == EventType.EV_EFI_VARIABLE_DRIVER_CONFIG && e.pcr() == 7
                    && e.dataMatchesDigest(bank, null)) {
                Boolean sb = secureBootValue(d);
                secureBoot = sb == null ? secureBoot : sb;
            } else if (type == EventType.EV_IPL && e.pcr() == 8) {
                String text = ascii(d, 0, d.length).replace("\0", "");
                if (text.startsWith(KERNEL_CMDLINE) && e.dataMatchesDigest(bank, KERNEL_CMDLINE)) {
                    cmdline = text.substring(KERNEL_CMDLINE.length());
                } else if (text.startsWith(GRUB_CMD) && e.dataMatchesDigest(bank, GRUB_CMD)) {
                    grub.add(text.substring(GRUB_CMD.length()));
                }
            } else if (type == EventType.EV_EFI_BOOT_SERVICES_APPLICATION) {
                e.digest(bank).ifPresent(x -> apps.add(HexFormat.of().formatHex(x)));
            }
        }
        return new BootEvents(Optional.ofNullable(scrtm), Optional.ofNullable(technology),
                Optional.ofNullable(secureBoot), Optional.ofNullable(cmdline), grub, apps);
    }

    /** The value of the SecureBoot variable in a UEFI_VARIABLE_DATA, or null for another variable. */
    private static Boolean secureBootValue(byte[] d) {
        try {
            ByteReader r = ByteReader.of(d);
            r.skip(16, "VariableName GUID");
            int nameChars = r.u32AtMost(1024, "UnicodeNameLength");
            r.requireZero(4, "UnicodeNameLength high bits");
            int dataLength = r.u32AtMost(d.length, "VariableDataLength");
            r.requireZero(4, "VariableDataLength high bits");
            String name = new String(r.bytes(nameChars * 2, "UnicodeName"), StandardCharsets.UTF_16LE);
            byte[] value = r.bytes(dataLength, "VariableData");
            if (!"SecureBoot".equals(name)) {
                return null;
            }
            return value.length == 1 && value[0] == 1;
        } catch (MalformedEvidenceException notAVariable) {
            return null;
        }
    }

    private static String utf16(byte[] d) {
        String s = new String(d, StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static String ascii(byte[] d, int from, int to) {
        return new String(d, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
