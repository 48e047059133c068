package io.tee4j.nvgpu.abi;

import io.tee4j.core.crypto.Certificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which GPU architecture evidence comes from, as far as tee4j needs to know: Blackwell evidence
 * (chips named GB followed by three digits) is refused before any check that assumes Hopper's
 * shapes. The chip is read from the report's CHIP_INFO opaque field (Blackwell and later send one)
 * and from the common names of the device certificates ("GB100 A01 FSP BROM"); certificates that
 * do not parse are left to the chain check.
 */
public final class GpuArchitecture {
    private static final Pattern BLACKWELL = Pattern.compile("(?<![A-Za-z0-9])(GB[0-9]{3})(?![0-9])");

    private GpuArchitecture() {
    }

    /** Refuses Blackwell evidence by architecture. */
    public static void refuseUnsupported(SpdmMeasurementReport report, List<byte[]> certificates)
            throws UnsupportedGpuArchitectureException {
        Optional<String> chipInfo = report.opaqueData().ascii(OpaqueData.CHIP_INFO);
        if (chipInfo.isPresent()) {
            Optional<String> chip = blackwellChip(chipInfo.get());
            if (chip.isPresent()) {
                throw new UnsupportedGpuArchitectureException(chip.get(), "the report's CHIP_INFO field");
            }
        }
        for (byte[] der : certificates) {
            X509Certificate cert;
            try {
                cert = Certificates.parseOne(der);
            } catch (CertificateException | RuntimeException e) {
                continue;
            }
            Optional<String> chip = blackwellChip(CertificateNames.commonName(cert));
            if (chip.isPresent()) {
                throw new UnsupportedGpuArchitectureException(chip.get(), "the device certificate '"
                        + cert.getSubjectX500Principal().getName() + "'");
            }
        }
    }

    private static Optional<String> blackwellChip(String text) {
        Matcher m = BLACKWELL.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
