package io.tee4j.nvgpu.collateral;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.ProtectedPcieFields;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ids under which NVIDIA's RIM service publishes the RIMs of a report, by architecture (research note
 * wrapped-evidence 3.4): Hopper {@code NV_GPU_DRIVER_GH100_<driver version>}, Blackwell
 * {@code NV_GPU_CC_DRIVER_<CHIP_INFO, else GB100>_<driver version>}; every GPU
 * {@code NV_GPU_VBIOS_<project>_<project SKU>_<chip SKU>_<VBIOS version without dots>}; the LS10 NVSwitch
 * {@code NV_SWITCH_BIOS_5612_0002_890_<BIOS version without dots>} (project, SKU and chip SKU are fixed for LS10
 * in NVIDIA's verifiers: its report does not carry them) and no driver RIM.
 *
 * <p>Every part comes from the report, so every part must be a plain identifier before it becomes
 * part of a URL: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64
 * characters (real values look like "550.90.07", "1010", "0200", "882"). Anything else (a space, a
 * brace, a slash, "?" or "#") is malformed evidence, never a path or query of the RIM service's
 * URL; {@link #uri(URI, String)} percent-encodes the id besides.
 *
 * @since 0.1
 */
public final class RimIds {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private RimIds() {
    }

    /**
     * The driver RIM id, when the report names its driver version.
     *
     * @throws MalformedEvidenceException if the driver version is not a plain identifier
     */
    public static Optional<String> driver(SpdmMeasurementReport report) throws MalformedEvidenceException {
        return driver(report, DeviceArchitecture.HOPPER);
    }

    /**
     * The driver RIM id of a report of {@code arch}; empty for a switch or when no driver version is named.
     *
     * @throws MalformedEvidenceException if the driver version or chip is not a plain identifier
     */
    public static Optional<String> driver(SpdmMeasurementReport report, DeviceArchitecture arch)
            throws MalformedEvidenceException {
        Optional<String> version = report.opaqueData().driverVersion();
        if (version.isEmpty() || arch.isSwitch()) {
            return Optional.empty();
        }
        String v = plain("driver version", version.get());
        if (arch == DeviceArchitecture.BLACKWELL) {
            return Optional.of("NV_GPU_CC_DRIVER_" + plain("chip", arch.chip(report)) + "_" + v);
        }
        return Optional.of("NV_GPU_DRIVER_GH100_" + v);
    }

    /**
     * The VBIOS (switch: BIOS) RIM id of a report of {@code arch}.
     *
     * @throws MalformedEvidenceException if a naming field is not a plain identifier
     */
    public static Optional<String> vbios(SpdmMeasurementReport report, DeviceArchitecture arch)
            throws MalformedEvidenceException {
        if (!arch.isSwitch()) {
            return vbios(report);
        }
        Optional<String> bios = ProtectedPcieFields.switchBiosVersion(report.opaqueData());
        if (bios.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("NV_SWITCH_BIOS_5612_0002_890_" + plain("switch BIOS version", bios.get()).replace(".", ""));
    }

    /**
     * The VBIOS RIM id, when the report names project, SKUs and VBIOS version.
     *
     * @throws MalformedEvidenceException if the project or a SKU is not a plain identifier
     */
    public static Optional<String> vbios(SpdmMeasurementReport report) throws MalformedEvidenceException {
        OpaqueData o = report.opaqueData();
        if (o.project().isEmpty() || o.projectSku().isEmpty() || o.chipSku().isEmpty() || o.vbiosVersion().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("NV_GPU_VBIOS_" + plain("project", o.project().get()).toUpperCase(Locale.ROOT) + "_"
                + plain("project SKU", o.projectSku().get()).toUpperCase(Locale.ROOT) + "_"
                + plain("chip SKU", o.chipSku().get()).toUpperCase(Locale.ROOT) + "_"
                + o.vbiosVersion().get().replace(".", "").toUpperCase(Locale.ROOT));
    }

    /**
     * Checks every report field that names a RIM (driver version, project, project SKU, chip SKU;
     * the VBIOS version is printed from bytes as hex and is always plain), so that a report with a
     * field no URL may carry is refused before anything is looked up.
     *
     * @throws MalformedEvidenceException naming the field
     */
    public static void requirePlain(SpdmMeasurementReport report) throws MalformedEvidenceException {
        driver(report);
        OpaqueData o = report.opaqueData();
        if (o.project().isPresent()) {
            plain("project", o.project().get());
        }
        if (o.projectSku().isPresent()) {
            plain("project SKU", o.projectSku().get());
        }
        if (o.chipSku().isPresent()) {
            plain("chip SKU", o.chipSku().get());
        }
    }

    /**
     * The RIM service URL of {@code id}: the base (ending with '/') followed by the id as one
     * percent-encoded path segment.
     *
     * @throws MalformedEvidenceException if the id is not a plain identifier
     */
    public static URI uri(URI base, String id) throws MalformedEvidenceException {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b : b + "/") + encodeSegment(plainId(id)));
    }

    private static String plainId(String id) throws MalformedEvidenceException {
        if (!PLAIN_ID.matcher(id).matches()) {
            throw new MalformedEvidenceException("the RIM id '" + printable(id) + "' is not a plain identifier");
        }
        return id;
    }

    private static String plain(String field, String value) throws MalformedEvidenceException {
        if (!PLAIN.matcher(value).matches()) {
            throw new MalformedEvidenceException("the report's " + field + " '" + printable(value) + "' is not a plain "
                    + "identifier (letters, digits, '.', '_', '-'; at most 64): it cannot name a RIM");
        }
        return value;
    }

    /** RFC 3986 percent-encoding of everything outside the unreserved characters. */
    static String encodeSegment(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    /** The value for a message: at most 80 characters, controls shown as '?'. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 80 ? sb + "..." : sb.toString();
    }
}
