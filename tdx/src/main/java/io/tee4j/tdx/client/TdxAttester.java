package io.tee4j.tdx.client;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.DeviceFile;
import io.tee4j.core.linux.DeviceOpenException;
import io.tee4j.core.linux.Devices;
import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.IoctlNumbers;
import io.tee4j.core.linux.NativeBuffer;
import io.tee4j.core.linux.NativeDevices;
import io.tee4j.core.linux.TsmReport;
import io.tee4j.core.linux.TsmReportClient;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.tdx.abi.TdReport;
import io.tee4j.tdx.abi.TdxQuote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Produces TDX evidence inside a TD: a quote through configfs-tsm
 * ({@code /sys/kernel/config/tsm/report}, provider {@code tdx_guest}, Linux 6.7+; the host's
 * quote generation service signs it), and the local TDREPORT through the guest device
 * ({@code /dev/tdx_guest}, or {@code /dev/tdx-guest} on older Intel kernels) with
 * {@code TDX_CMD_GET_REPORT0}.
 *
 * <p>Report data up to 64 bytes is zero-padded to 64. The quote is parsed before it is returned,
 * so an empty or garbage answer (a misconfigured host QGS) is a {@link MalformedEvidenceException}
 * rather than evidence; it is not verified here. There is no fallback to a simulator.
 *
 * @since 0.1
 */
public final class TdxAttester implements Attester {
    /** {@code _IOWR('T', 1, struct tdx_report_req)}: the kernel UAPI number, 0xC4405401. */
    public static final long TDX_CMD_GET_REPORT0 = IoctlNumbers.iowr('T', 1, 64 + TdReport.SIZE);
    /** Device paths probed, in order. */
    public static final List<String> DEVICE_PATHS = List.of("/dev/tdx_guest", "/dev/tdx-guest");

    private final TsmReportClient tsm;
    private final Devices devices;
    private final List<String> devicePaths;

    private TdxAttester(Builder b) {
        this.tsm = b.tsm;
        this.devices = b.devices;
        this.devicePaths = List.copyOf(b.devicePaths);
    }

    /** An attester on this machine's configfs-tsm tree and device files. */
    public static TdxAttester system() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TeeType type() {
        return TeeType.TDX;
    }

    /** A quote through configfs-tsm with {@code reportData} (≤ 64 bytes, zero-padded) as its report data. */
    @Override
    public Evidence attest(byte[] reportData) throws AttestationException {
        byte[] rd = pad(reportData);
        if (!tsm.isPresent()) {
            throw new TeeUnavailableException("no configfs-tsm report directory at " + tsm.root()
                    + " (needs Linux 6.7+ inside a TDX guest with configfs mounted); the TDREPORT alone is "
                    + "available through tdReport()");
        }
        TsmReport report = tsm.getReport(TsmRequest.builder(rd).expectedProvider(TsmRequest.PROVIDER_TDX_GUEST)
                .build());
        byte[] quote = report.outblob();
        TdxQuote parsed = TdxQuote.parse(quote);
        if (!Arrays.equals(parsed.body().reportData(), rd)) {
            throw new MalformedEvidenceException("configfs-tsm returned a quote for different report data");
        }
        return Evidence.of(TeeType.TDX, quote);
    }

    /** The TDREPORT for {@code reportData} (≤ 64 bytes, zero-padded), through {@code TDX_CMD_GET_REPORT0}. */
    public TdReport tdReport(byte[] reportData) throws AttestationException {
        byte[] rd = pad(reportData);
        List<String> tried = new ArrayList<>();
        for (String path : devicePaths) {
            DeviceFile f;
            try {
                f = devices.open(path);
            } catch (DeviceOpenException e) {
                if (e.errno() == Errno.ENOENT) {
                    tried.add(path + ": absent");
                    continue;
                }
                throw e;
            }
            try (NativeBuffer req = NativeBuffer.allocate(64 + TdReport.SIZE)) {
                req.putBytes(0, rd);
                f.ioctl(TDX_CMD_GET_REPORT0, req);
                return TdReport.parse(req.getBytes(64, TdReport.SIZE));
            } finally {
                f.close();
            }
        }
        throw new TeeUnavailableException("no TDX guest device (" + String.join("; ", tried)
                + "); load the tdx_guest driver inside a TDX guest");
    }

    private static byte[] pad(byte[] reportData) {
        Objects.requireNonNull(reportData, "reportData");
        if (reportData.length > 64) {
            throw new IllegalArgumentException("TDX report data is at most 64 bytes, got " + reportData.length);
        }
        return Arrays.copyOf(reportData, 64);
    }

    @Override
    public String toString() {
        return "TdxAttester[" + tsm.root() + ", " + devicePaths + "]";
    }

    /** Builds a {@link TdxAttester}; defaults: the system configfs-tsm client, native devices, both device paths. */
    public static final class Builder {
        private TsmReportClient tsm;
        private Devices devices;
        private List<String> devicePaths = DEVICE_PATHS;

        private Builder() {
        }

        public Builder tsmClient(TsmReportClient client) {
            this.tsm = Objects.requireNonNull(client, "client");
            return this;
        }

        public Builder devices(Devices devices) {
            this.devices = Objects.requireNonNull(devices, "devices");
            return this;
        }

        public Builder devicePaths(List<String> paths) {
            this.devicePaths = List.copyOf(paths);
            return this;
        }

        public TdxAttester build() {
            if (tsm == null) {
                tsm = TsmReportClient.system();
            }
            if (devices == null) {
                devices = NativeDevices.system();
            }
            return new TdxAttester(this);
        }
    }
}
