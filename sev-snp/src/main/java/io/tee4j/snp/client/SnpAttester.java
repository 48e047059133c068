package io.tee4j.snp.client;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.Backoff;
import io.tee4j.core.linux.Devices;
import io.tee4j.core.linux.NativeDevices;
import io.tee4j.core.linux.TsmReport;
import io.tee4j.core.linux.TsmReportClient;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.CertificateTable;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Produces SEV-SNP reports on the current guest, through configfs-tsm (Linux 6.7+, provider
 * {@code sev_guest}, {@code privlevel} = VMPL, {@code auxblob} = the certificate table) or the
 * {@code /dev/sev-guest} ioctls (extended report, so the host's certificates come along).
 * {@link #system()} prefers configfs-tsm and uses the device otherwise; never a simulator.
 *
 * <p>The evidence is the raw 1184-byte report with the certificate table (if the host supplied
 * one, checked to parse) as its aux blob. Report data longer than 64 bytes is refused; shorter is
 * zero-padded. The report is checked to parse and to carry the requested report data and VMPL.
 *
 * <p>Derived keys ({@link #deriveKey}) need the device: configfs-tsm has no key interface.
 *
 * @since 0.1
 */
public final class SnpAttester implements Attester, DerivedKeyFunction {
    private final TsmReportClient tsm;
    private final Devices devices;
    private final String devicePath;
    private final Backoff backoff;
    private final int vmpl;

    private SnpAttester(TsmReportClient tsm, Devices devices, String devicePath, Backoff backoff, int vmpl) {
        if (vmpl < 0 || vmpl > 3) {
            throw new IllegalArgumentException("VMPL must be in [0, 3]");
        }
        this.tsm = tsm;
        this.devices = devices;
        this.devicePath = devicePath;
        this.backoff = backoff;
        this.vmpl = vmpl;
    }

    /** configfs-tsm when the kernel has it with the {@code sev_guest} provider, else {@code /dev/sev-guest}; VMPL 0. */
    public static SnpAttester system() {
        TsmReportClient client = TsmReportClient.system();
        boolean useTsm = false;
        if (client.isPresent()) {
            try {
                useTsm = TsmRequest.PROVIDER_SEV_GUEST.equals(client.provider().trim());
            } catch (TeeUnavailableException e) {
                useTsm = false;
            }
        }
        return new SnpAttester(useTsm ? client : null, NativeDevices.system(), SevGuestDevice.DEFAULT_PATH,
                Backoff.defaults(), 0);
    }

    /** Reports through configfs-tsm only (derived keys still need a device: none configured). */
    public static SnpAttester configfs(TsmReportClient client, int vmpl) {
        return new SnpAttester(Objects.requireNonNull(client, "client"), null, null, Backoff.defaults(), vmpl);
    }

    /** Reports and derived keys through the ioctls of the device at {@code path}. */
    public static SnpAttester device(Devices devices, String path, Backoff backoff, int vmpl) {
        return new SnpAttester(null, Objects.requireNonNull(devices, "devices"), Objects.requireNonNull(path, "path"),
                Objects.requireNonNull(backoff, "backoff"), vmpl);
    }

    @Override
    public TeeType type() {
        return TeeType.SEV_SNP;
    }

    /** Which interface reports come from: {@code configfs-tsm} or the device path. */
    public String interfaceName() {
        return tsm != null ? "configfs-tsm" : devicePath;
    }

    @Override
    public Evidence attest(byte[] reportData) throws AttestationException {
        Objects.requireNonNull(reportData, "reportData");
        if (reportData.length > 64) {
            throw new IllegalArgumentException("SNP report data is at most 64 bytes, got " + reportData.length);
        }
        byte[] padded = Arrays.copyOf(reportData, 64);
        byte[] report;
        byte[] table;
        if (tsm != null) {
            TsmReport r = tsm.getReport(TsmRequest.builder(padded).privlevel(vmpl)
                    .expectedProvider(TsmRequest.PROVIDER_SEV_GUEST).build());
            report = r.outblob();
            table = r.auxblob().orElse(new byte[0]);
        } else {
            try (SevGuestDevice d = SevGuestDevice.open(devices, devicePath, backoff)) {
                SevGuestDevice.ExtendedReport r = d.getExtendedReport(padded, vmpl);
                report = r.report();
                table = r.certificateTable();
            }
        }
        AttestationReport parsed = parseLoosely(report);
        if (!Arrays.equals(Arrays.copyOfRange(report, 0x50, 0x90), padded)) {
            throw new MalformedEvidenceException("the report does not carry the requested report data");
        }
        if (parsed != null && parsed.vmpl() != vmpl) {
            throw new MalformedEvidenceException("the report is for VMPL " + parsed.vmpl() + ", requested " + vmpl);
        }
        Evidence.Builder e = Evidence.builder(TeeType.SEV_SNP, report);
        if (table.length > 0 && !isAllZero(table)) {
            CertificateTable.parse(table);
            e.auxBlob(table);
        }
        return e.build();
    }

    /** Parses to check the report; a v2 report with a masked chip id cannot be parsed without a product and is passed on. */
    private static AttestationReport parseLoosely(byte[] report) throws MalformedEvidenceException {
        if (report.length != AttestationReport.SIZE) {
            throw new MalformedEvidenceException("the TEE returned " + report.length + " bytes, not a "
                    + AttestationReport.SIZE + "-byte report");
        }
        try {
            return AttestationReport.parse(report);
        } catch (MalformedEvidenceException e) {
            if (LittleEndian.u32(report, 0) == 2) {
                return null;
            }
            throw e;
        }
    }

    private static boolean isAllZero(byte[] b) {
        return ByteArrays.allZero(b);
    }

    /**
     * Derives a firmware key through the device ({@code SNP_GET_DERIVED_KEY}). Before anything is
     * sent, the request is {@linkplain DerivedKeyRequest#checkBeforeSending checked} against this
     * attester's VMPL (the guest's: a key for a more privileged level is refused) and for valid
     * selectors; the response's firmware status and key are checked by
     * {@link SevGuestDevice#getDerivedKey}.
     */
    @Override
    public SecretBytes deriveKey(DerivedKeyRequest request) throws TeeUnavailableException {
        Objects.requireNonNull(request, "request");
        request.checkBeforeSending(vmpl);
        if (devices == null) {
            throw new TeeUnavailableException("derived keys need /dev/sev-guest; this attester uses configfs-tsm only");
        }
        try (SevGuestDevice d = SevGuestDevice.open(devices, devicePath, backoff)) {
            return d.getDerivedKey(request);
        }
    }

    /** The device this attester would derive keys through, if any. */
    public Optional<String> devicePath() {
        return Optional.ofNullable(devicePath);
    }

    @Override
    public String toString() {
        return "SnpAttester[" + interfaceName() + ", vmpl " + vmpl + "]";
    }
}
