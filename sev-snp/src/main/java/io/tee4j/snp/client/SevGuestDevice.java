package io.tee4j.snp.client;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.Backoff;
import io.tee4j.core.linux.DeviceFile;
import io.tee4j.core.linux.Devices;
import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.IoctlException;
import io.tee4j.core.linux.IoctlNumbers;
import io.tee4j.core.linux.NativeBuffer;
import io.tee4j.core.linux.NativeDevices;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.CertificateTable;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux {@code /dev/sev-guest} ioctls, structs marshalled by hand as
 * {@code include/uapi/linux/sev-guest.h} lays them out:
 *
 * <ul>
 *   <li>{@code SNP_GET_REPORT} ({@code 0xC0205300}): {@code snp_report_req} (64-byte user data, VMPL,
 *       28 reserved bytes), response {@code MSG_REPORT_RSP} (status, size, the report at 0x20);
 *   <li>{@code SNP_GET_EXT_REPORT} ({@code 0xC0205302}): the same plus the certificate buffer. It
 *       first asks with length 0; the driver fails with VMM error INVALID_LEN and writes back the
 *       length it needs, which is then allocated (at most {@link CertificateTable#MAX_SIZE}); a
 *       host whose table grew meanwhile gets a few more tries;
 *   <li>{@code SNP_GET_DERIVED_KEY} ({@code 0xC0205301}): {@code snp_derived_key_req}, message
 *       version 1, or 2 with the launch mitigation vector; the key is returned in a
 *       {@link SecretBytes} and the native buffers are zeroed.
 * </ul>
 *
 * <p>Errors: a failed ioctl becomes a {@link SevGuestException} with the errno, the VMM error
 * decoded, and the firmware status decoded only when errno is {@code EIO} (the only case the
 * kernel fills it reliably). VMM BUSY, {@code EAGAIN} and {@code EBUSY} are retried with the
 * backoff; a request that failed otherwise is never re-sent. Every call on one device is
 * serialised (here and, for {@link NativeDevices}, JVM-wide per path).
 *
 * @since 0.1
 */
public final class SevGuestDevice implements AutoCloseable {
    /** The device path. */
    public static final String DEFAULT_PATH = "/dev/sev-guest";
    static final int ARG_SIZE = 32;
    static final long GET_REPORT = IoctlNumbers.iowr('S', 0, ARG_SIZE);
    static final long GET_DERIVED_KEY = IoctlNumbers.iowr('S', 1, ARG_SIZE);
    static final long GET_EXT_REPORT = IoctlNumbers.iowr('S', 2, ARG_SIZE);
    static final int REPORT_REQ_SIZE = 96;
    static final int EXT_REPORT_REQ_SIZE = 112;
    static final int REPORT_RESP_SIZE = 4000;
    static final int DERIVED_KEY_RESP_SIZE = 64;
    private static final int MAX_LENGTH_TRIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(SevGuestDevice.class);

    /** A report and the certificate table the host returned with it (possibly empty). */
    public record ExtendedReport(byte[] report, byte[] certificateTable) {
        public ExtendedReport {
            report = report.clone();
            certificateTable = certificateTable.clone();
        }

        @Override
        public byte[] report() {
            return report.clone();
        }

        @Override
        public byte[] certificateTable() {
            return certificateTable.clone();
        }
    }

    private final DeviceFile file;
    private final Backoff backoff;

    private SevGuestDevice(DeviceFile file, Backoff backoff) {
        this.file = file;
        this.backoff = backoff;
    }

    /** Opens {@code /dev/sev-guest} through libc with the default backoff. */
    public static SevGuestDevice open() throws TeeUnavailableException {
        return open(NativeDevices.system(), DEFAULT_PATH, Backoff.defaults());
    }

    /** Opens a device through the given {@link Devices} (a fake in tests) at {@code path}. */
    public static SevGuestDevice open(Devices devices, String path, Backoff backoff) throws TeeUnavailableException {
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(backoff, "backoff");
        return new SevGuestDevice(devices.open(path), backoff);
    }

    /** {@code SNP_GET_REPORT}: a report with {@code reportData} (at most 64 bytes, zero-padded) at {@code vmpl}. */
    public synchronized byte[] getReport(byte[] reportData, int vmpl) throws TeeUnavailableException {
        try (NativeBuffer req = reportRequest(reportData, vmpl, REPORT_REQ_SIZE);
                NativeBuffer resp = NativeBuffer.allocate(REPORT_RESP_SIZE)) {
            call(GET_REPORT, 1, req, resp, "SNP_GET_REPORT");
            return reportFrom(resp);
        }
    }

    /** {@code SNP_GET_EXT_REPORT}: a report and the host's certificate table. */
    public synchronized ExtendedReport getExtendedReport(byte[] reportData, int vmpl) throws TeeUnavailableException {
        int certsLen = 0;
        for (int attempt = 0; attempt < MAX_LENGTH_TRIES; attempt++) {
            try (NativeBuffer req = reportRequest(reportData, vmpl, EXT_REPORT_REQ_SIZE);
                    NativeBuffer certs = certsLen == 0 ? null : NativeBuffer.allocate(certsLen);
                    NativeBuffer resp = NativeBuffer.allocate(REPORT_RESP_SIZE)) {
                if (certs != null) {
                    req.putAddress(96, certs);
                }
                req.putInt(104, certsLen);
                try {
                    call(GET_EXT_REPORT, 1, req, resp, "SNP_GET_EXT_REPORT");
                } catch (SevGuestException e) {
                    if (e.vmmError() == SevGuestException.VMM_INVALID_LENGTH) {
                        long needed = req.getU32(104);
                        if (needed <= certsLen || needed > CertificateTable.MAX_SIZE) {
                            throw new SevGuestException("the driver asks for a certificate buffer of " + needed
                                    + " bytes (had " + certsLen + ", limit " + CertificateTable.MAX_SIZE + ")",
                                    e.errno(), null, e.vmmError(), e);
                        }
                        LOG.debug("SNP_GET_EXT_REPORT needs a {}-byte certificate buffer", needed);
                        certsLen = (int) needed;
                        continue;
                    }
                    throw e;
                }
                byte[] report = reportFrom(resp);
                byte[] table = certs == null ? new byte[0] : certs.toByteArray();
                return new ExtendedReport(report, trimTable(table));
            }
        }
        throw new SevGuestException("the host's certificate table kept growing across " + MAX_LENGTH_TRIES
                + " SNP_GET_EXT_REPORT calls", Errno.EIO, null, SevGuestException.VMM_INVALID_LENGTH, null);
    }

    /** The table without the page padding the driver adds (up to the end of the last blob). */
    private static byte[] trimTable(byte[] table) {
        if (table.length == 0) {
            return table;
        }
        int end = 0;
        for (int pos = 0; pos + 24 <= table.length; pos += 24) {
            boolean zero = true;
            for (int i = pos; i < pos + 24; i++) {
                zero &= table[i] == 0;
            }
            if (zero) {
                end = Math.max(end, pos + 24);
                break;
            }
            long off = LittleEndian.u32(table, pos + 16);
            long len = LittleEndian.u32(table, pos + 20);
            end = (int) Math.max(end, Math.min(table.length, off + len));
        }
        return end == 0 ? new byte[0] : Arrays.copyOf(table, Math.max(end, 0));
    }

    /**
     * {@code SNP_GET_DERIVED_KEY}: the 32-byte key for {@code request}. The request's selectors
     * and VMPL range are {@linkplain DerivedKeyRequest#checkBeforeSending checked} first (this
     * device does not know the guest's VMPL; {@link SnpAttester#deriveKey} checks that too). The
     * key is taken only from a response whose firmware status word ({@code MSG_KEY_RSP} offset 0)
     * is 0 and which is not all zero: the driver passes the response through whatever its status,
     * and a refused request leaves whatever sits in the key field.
     *
     * @throws SevGuestException when the ioctl fails, the firmware's status is not SUCCESS
     *     ({@link SevGuestException#firmwareError()} holds it, {@link SevGuestException#errno()}
     *     is 0), or the key is all zero
     */
    public synchronized SecretBytes getDerivedKey(DerivedKeyRequest request) throws TeeUnavailableException {
        Objects.requireNonNull(request, "request");
        request.checkBeforeSending(0);
        byte[] reqBytes = request.toBytes();
        try (NativeBuffer req = NativeBuffer.copyOf(reqBytes);
                NativeBuffer resp = NativeBuffer.allocate(DERIVED_KEY_RESP_SIZE)) {
            try {
                call(GET_DERIVED_KEY, request.messageVersion(), req, resp, "SNP_GET_DERIVED_KEY");
                checkDerivedKeyStatus(resp);
                byte[] key = resp.getBytes(0x20, 32);
                try {
                    checkKeyNotAllZero(key);
                    return SecretBytes.copyOf(key, SecretAccess.INSECURE);
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
            } finally {
                resp.zero();
                req.zero();
            }
        }
    }

    /** The key of {@code MSG_KEY_RSP} is valid only when its status word is SUCCESS (0). */
    private static void checkDerivedKeyStatus(NativeBuffer resp) throws SevGuestException {
        long status = resp.getU32(0);
        if (status != 0) {
            throw new SevGuestException("the firmware refused the derived-key request with status "
                    + SevGuestException.describeFirmwareError((int) status), 0, (int) status, 0, null);
        }
    }

    /** An all-zero key is what a refused or unfilled response holds; it is never used as a root key. */
    private static void checkKeyNotAllZero(byte[] key) throws SevGuestException {
        if (ByteArrays.allZero(key)) {
            throw new SevGuestException("the firmware answered the derived-key request with an all-zero key;"
                    + " refusing to use it as a root key", 0, null, 0, null);
        }
    }

    private static NativeBuffer reportRequest(byte[] reportData, int vmpl, int size) {
        Objects.requireNonNull(reportData, "reportData");
        if (reportData.length > 64) {
            throw new IllegalArgumentException("report data is at most 64 bytes");
        }
        if (vmpl < 0 || vmpl > 3) {
            throw new IllegalArgumentException("VMPL must be in [0, 3]");
        }
        NativeBuffer req = NativeBuffer.allocate(size);
        req.putBytes(0, Arrays.copyOf(reportData, 64));
        req.putInt(64, vmpl);
        return req;
    }

    private static byte[] reportFrom(NativeBuffer resp) throws SevGuestException {
        long status = resp.getU32(0);
        long size = resp.getU32(4);
        if (status != 0) {
            throw new SevGuestException("the firmware answered the report request with status "
                    + SevGuestException.describeFirmwareError((int) status), 0, (int) status, 0, null);
        }
        if (size != AttestationReport.SIZE) {
            throw new SevGuestException("the firmware returned a report of " + size + " bytes, expected "
                    + AttestationReport.SIZE, 0, null, 0, null);
        }
        return resp.getBytes(0x20, AttestationReport.SIZE);
    }

    private void call(long request, int msgVersion, NativeBuffer req, NativeBuffer resp, String name)
            throws SevGuestException {
        try (NativeBuffer arg = NativeBuffer.allocate(ARG_SIZE)) {
            backoff.run(() -> once(request, msgVersion, req, resp, arg, name), SevGuestException.class,
                    e -> e.vmmError() == SevGuestException.VMM_BUSY || e.errno() == Errno.EAGAIN
                            || e.errno() == Errno.EBUSY);
        }
    }

    private Void once(long request, int msgVersion, NativeBuffer req, NativeBuffer resp, NativeBuffer arg,
            String name) throws SevGuestException {
        arg.zero();
        arg.putU8(0, msgVersion);
        arg.putAddress(8, req);
        arg.putAddress(16, resp);
        try {
            file.ioctl(request, arg);
            return null;
        } catch (IoctlException e) {
            long exitinfo2 = arg.getLong(24);
            int vmm = (int) (exitinfo2 >>> 32);
            Integer fw = e.errno() == Errno.EIO ? Integer.valueOf((int) exitinfo2) : null;
            StringBuilder msg = new StringBuilder(name).append(" on ").append(file.path()).append(" failed: ")
                    .append(e.errnoName());
            if (vmm != 0) {
                msg.append("; VMM error ").append(SevGuestException.describeVmmError(vmm));
            }
            if (fw != null && fw != 0) {
                msg.append("; firmware error ").append(SevGuestException.describeFirmwareError(fw));
            }
            if (e.errno() == Errno.ENOTTY) {
                msg.append(" (the driver does not know this request: kernel too old, or not an SEV-SNP guest device)");
            }
            throw new SevGuestException(msg.toString(), e.errno(), fw, vmm, e);
        }
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "SevGuestDevice[" + file.path() + "]";
    }
}
