package io.tee4j.nvgpu.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA device architectures tee4j verifies, and how each one is recognised: the report's CHIP_INFO
 * opaque field (type 35, sent by Blackwell and later) first, then the common names of the device certificates
 * of the device's own certificates, the FMC leaf and the BROM ("GH100 A01 GSP FMC LF", "GB100 A01 GSP BROM",
 * "LS_10 A01 FSP FMC LF"; the two must agree), then the evidence list's
 * {@code arch} key. A report that names no chip anywhere is Hopper (the H100 drivers before opaque-data
 * version 1 send no CHIP_INFO, and NVIDIA's verifiers default to Hopper too).
 *
 * <p>What differs per architecture (research note wrapped-evidence 3.4): the DICE extension holding the
 * FWID (Hopper 2.23.133.5.4.1, Blackwell 2.23.133.5.4.1.1 {@code fwids[0]}), the driver RIM id prefix
 * ({@code NV_GPU_DRIVER_GH100_}, {@code NV_GPU_CC_DRIVER_<chip>_}), and whether the device is a GPU or an
 * NVSwitch (LS10 reports carry no FWID and name a switch BIOS RIM). Recognition proves nothing by itself:
 * the names are checked again when the chain and the signature are.
 *
 * @since 0.2
 */
public enum DeviceArchitecture {
    /** H100/H200/H800 (GH100). */
    HOPPER("GH100", false),
    /** B100/B200/GB200 and siblings (GB100, GB102, ...). */
    BLACKWELL("GB100", false),
    /** The third-generation NVSwitch of HGX boards, attested in protected-PCIe mode. */
    LS10("LS10", true);

    private static final Pattern CHIP = Pattern.compile("(?<![A-Za-z0-9])(G[A-Z][0-9]{3}|LS_?10)(?![0-9])");
    /**
     * The name a device certificate gives, by the certificate's exact DER bytes: a GPU sends the same leaf and BROM
     * with every report, and parsing them to read the name was a visible share of a warm verification. A pure
     * function of the bytes, so a certificate differing in any bit is parsed anew.
     */
    private static final BoundedCache<BytesKey, CertificateName> NAMES = new BoundedCache<>(256);

    private final String defaultChip;
    private final boolean nvSwitch;

    DeviceArchitecture(String defaultChip, boolean nvSwitch) {
        this.defaultChip = defaultChip;
        this.nvSwitch = nvSwitch;
    }

    /** The chip assumed when the report does not name one (Blackwell RIM ids fall back to GB100, as NVAT does). */
    public String defaultChip() {
        return defaultChip;
    }

    /** Whether this is an NVSwitch rather than a GPU. */
    public boolean isSwitch() {
        return nvSwitch;
    }

    /**
     * The architecture an evidence list's {@code arch} value names (any case).
     *
     * @throws UnsupportedGpuArchitectureException for any other value
     */
    public static DeviceArchitecture fromListValue(String arch) throws UnsupportedGpuArchitectureException {
        String a = arch.toUpperCase(Locale.ROOT);
        for (DeviceArchitecture d : values()) {
            if (d.name().equals(a)) {
                return d;
            }
        }
        throw new UnsupportedGpuArchitectureException(arch, "the evidence list's \"arch\" value");
    }

    /**
     * The architecture of a report and its device chain (leaf first).
     *
     * @throws UnsupportedGpuArchitectureException when the report or a certificate names a chip of an
     *     architecture tee4j does not know (exit 6)
     * @throws MalformedEvidenceException when CHIP_INFO and the certificate names, or two certificates, disagree
     */
    public static DeviceArchitecture detect(SpdmMeasurementReport report, List<byte[]> certificates)
            throws MalformedEvidenceException {
        // The device's names must agree: a chain whose leaf and BROM name two chips is not one device's.
        Optional<String> chipInfo = report.opaqueData().ascii(OpaqueData.CHIP_INFO);
        DeviceArchitecture fromChip = null;
        if (chipInfo.isPresent()) {
            fromChip = ofChip(chipInfo.get(), "the report's CHIP_INFO field '" + chipInfo.get() + "'");
        }
        DeviceArchitecture fromCerts = null;
        String namedBy = null;
        // Only the device's own certificates (FMC leaf and BROM) name it: the Identity CA above is shared, LS10
        // switches chain to "NVIDIA GH100 Identity".
        for (byte[] der : certificates.subList(0, Math.min(2, certificates.size()))) {
            CertificateName name = certificateName(der);
            if (name.chip == null) {
                continue;
            }
            String cn = name.commonName;
            DeviceArchitecture a = ofChip(name.chip, "the device certificate '" + cn + "'");
            if (fromCerts != null && fromCerts != a) {
                throw new MalformedEvidenceException("the device certificates name two architectures: '" + namedBy
                        + "' is " + fromCerts + " but '" + cn + "' is " + a);
            }
            fromCerts = a;
            namedBy = cn;
        }
        if (fromChip != null && fromCerts != null && fromChip != fromCerts) {
            throw new MalformedEvidenceException("the report's CHIP_INFO names " + fromChip + " but the device "
                    + "certificate '" + namedBy + "' names " + fromCerts);
        }
        if (fromCerts != null) {
            return fromCerts;
        }
        return fromChip != null ? fromChip : HOPPER;
    }

    private static DeviceArchitecture ofChip(String chip, String seenIn) throws UnsupportedGpuArchitectureException {
        String c = chip.toUpperCase(Locale.ROOT).strip();
        if (c.startsWith("GH")) {
            return HOPPER;
        }
        if (c.startsWith("GB")) {
            return BLACKWELL;
        }
        if (c.equals("LS10") || c.equals("LS_10")) {
            return LS10;
        }
        throw new UnsupportedGpuArchitectureException(chip, seenIn);
    }

    private static CertificateName certificateName(byte[] der) {
        BytesKey key = BytesKey.of(der);
        CertificateName name = NAMES.get(key);
        if (name == null) {
            String cn = commonName(der);
            Matcher m = CHIP.matcher(cn);
            name = new CertificateName(cn, m.find() ? m.group(1) : null);
            NAMES.put(key, name);
        }
        return name;
    }

    private static String commonName(byte[] der) {
        try {
            return CertificateNames.commonName(Certificates.parseOne(der));
        } catch (CertificateException | RuntimeException e) {
            // A certificate that does not parse names nothing; the chain check reports it.
            return "";
        }
    }

    /** A device certificate's common name and the chip it names (null: none). */
    private static final class CertificateName {
        final String commonName;
        final String chip;

        CertificateName(String commonName, String chip) {
            this.commonName = commonName;
            this.chip = chip;
        }
    }

    /** The chip a report names (CHIP_INFO), else this architecture's default. */
    public String chip(SpdmMeasurementReport report) {
        Optional<String> chipInfo = report.opaqueData().ascii(OpaqueData.CHIP_INFO);
        return chipInfo.filter(c -> !c.isBlank()).map(c -> c.strip().toUpperCase(Locale.ROOT)).orElse(defaultChip);
    }
}
