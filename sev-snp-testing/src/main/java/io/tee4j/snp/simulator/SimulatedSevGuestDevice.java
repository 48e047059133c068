package io.tee4j.snp.simulator;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.DeviceFile;
import io.tee4j.core.linux.DeviceOpenException;
import io.tee4j.core.linux.Devices;
import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.IoctlException;
import io.tee4j.core.linux.IoctlNumbers;
import io.tee4j.core.linux.NativeBuffer;
import io.tee4j.snp.client.DerivedKeyRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * A fake {@code /dev/sev-guest} that answers the three SNP ioctls at the byte level, as the Linux
 * driver and the firmware would, from a {@link SimulatedSnpFirmware}: it reads the
 * {@code snp_guest_request_ioctl} argument and the request structs it points to, checks them as
 * the kernel does (request number and size, non-zero message version, reserved bytes zero, VMPL,
 * the certificate-buffer length dance of {@code SNP_GET_EXT_REPORT} with VMM error INVALID_LEN and
 * the needed length written back, page-sized), and writes the response structs and
 * {@code exitinfo2}. Injected failures ({@link #failNext}) let tests exercise retries and error
 * decoding.
 *
 * <p>Use it as the {@link Devices} of {@link io.tee4j.snp.client.SnpAttester#device}. <b>Simulation
 * only</b>; never chosen automatically.
 *
 * @since 0.1
 */
public final class SimulatedSevGuestDevice implements Devices {
    private static final long GET_REPORT = IoctlNumbers.iowr('S', 0, 32);
    private static final long GET_DERIVED_KEY = IoctlNumbers.iowr('S', 1, 32);
    private static final long GET_EXT_REPORT = IoctlNumbers.iowr('S', 2, 32);
    private static final int PAGE = 4096;

    /** An injected failure: the ioctl fails with {@code errno} after writing {@code exitinfo2}. */
    private record Fault(int errno, long exitinfo2) {
    }

    /** An injected {@code MSG_KEY_RSP}: this status word and these 32 key bytes, the ioctl succeeding. */
    private record KeyAnswer(int status, byte[] key) {
    }

    private final String path;
    private final SimulatedSnpFirmware firmware;
    private final byte[] certificateTable;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Deque<KeyAnswer> keyAnswers = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();

    private SimulatedSevGuestDevice(String path, SimulatedSnpFirmware firmware, byte[] certificateTable) {
        this.path = path;
        this.firmware = firmware;
        this.certificateTable = certificateTable;
    }

    /** A device at {@code path} whose host serves the signer's certificate table with extended reports. */
    public static SimulatedSevGuestDevice of(String path, SimulatedSnpFirmware firmware) {
        return new SimulatedSevGuestDevice(Objects.requireNonNull(path, "path"), Objects.requireNonNull(firmware),
                firmware.signer().certificateTable().toBytes());
    }

    /** A device whose host serves no certificates (extended reports come back with an empty table). */
    public static SimulatedSevGuestDevice withoutCertificates(String path, SimulatedSnpFirmware firmware) {
        return new SimulatedSevGuestDevice(Objects.requireNonNull(path, "path"), Objects.requireNonNull(firmware),
                new byte[0]);
    }

    /**
     * Makes the next {@code times} ioctls fail with {@code errno}, after writing {@code exitinfo2}
     * ({@code fw_error} low 32 bits, {@code vmm_error} high 32 bits), e.g. {@code (EIO, 2L << 32)}
     * for a busy host or {@code (EIO, 0x16)} for a firmware INVALID_PARAM.
     */
    public synchronized SimulatedSevGuestDevice failNext(int errno, long exitinfo2, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(errno, exitinfo2));
        }
        return this;
    }

    /**
     * Makes the next {@code SNP_GET_DERIVED_KEY} complete with {@code status} in the response's
     * status word and {@code key} (32 bytes) in its key field, whatever the request: a firmware
     * that answers a refusal with a stale key, or SUCCESS with an all-zero key.
     */
    public synchronized SimulatedSevGuestDevice answerNextDerivedKey(int status, byte[] key) {
        if (Objects.requireNonNull(key, "key").length != 32) {
            throw new IllegalArgumentException("a derived key is 32 bytes");
        }
        keyAnswers.add(new KeyAnswer(status, key.clone()));
        return this;
    }

    /** The ioctls served so far, by name, in order (e.g. {@code GET_EXT_REPORT len=0}). */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public DeviceFile open(String p) throws TeeUnavailableException {
        if (!path.equals(p)) {
            throw new DeviceOpenException(p, Errno.ENOENT, DeviceOpenException.defaultHint(Errno.ENOENT));
        }
        return new DeviceFile() {
            private boolean closed;

            @Override
            public String path() {
                return path;
            }

            @Override
            public int ioctl(long request, NativeBuffer arg) throws IoctlException {
                synchronized (SimulatedSevGuestDevice.this) {
                    if (closed) {
                        throw new IllegalStateException("closed");
                    }
                    return serve(request, arg);
                }
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private IoctlException fail(long request, int errno) {
        return new IoctlException(path, request, errno);
    }

    private int serve(long request, NativeBuffer arg) throws IoctlException {
        if (request != GET_REPORT && request != GET_DERIVED_KEY && request != GET_EXT_REPORT) {
            calls.add("unknown " + IoctlNumbers.toHex(request));
            throw fail(request, Errno.ENOTTY);
        }
        if (arg.size() < 32) {
            throw fail(request, Errno.EFAULT);
        }
        int msgVersion = arg.getU8(0);
        long reqAddr = arg.getLong(8);
        long respAddr = arg.getLong(16);
        if (msgVersion == 0 || reqAddr == 0 || respAddr == 0) {
            calls.add("rejected " + IoctlNumbers.toHex(request));
            throw fail(request, Errno.EINVAL);
        }
        Fault f = faults.poll();
        if (f != null) {
            calls.add("fault " + Errno.name(f.errno()));
            arg.putLong(24, f.exitinfo2());
            throw fail(request, f.errno());
        }
        if (request == GET_DERIVED_KEY) {
            return derivedKey(request, arg, msgVersion, reqAddr, respAddr);
        }
        boolean ext = request == GET_EXT_REPORT;
        NativeBuffer req = NativeBuffer.view(reqAddr, ext ? 112 : 96);
        byte[] userData = req.getBytes(0, 64);
        long vmpl = req.getU32(64);
        for (int i = 68; i < 96; i++) {
            if (req.getByte(i) != 0) {
                calls.add("rejected reserved");
                arg.putLong(24, SimulatedSnpFirmware.FW_INVALID_PARAM);
                throw fail(request, Errno.EIO);
            }
        }
        if (ext) {
            long certsAddr = req.getLong(96);
            long certsLen = req.getU32(104);
            calls.add("GET_EXT_REPORT len=" + certsLen);
            int needed = certificateTable.length == 0 ? 0 : (certificateTable.length + PAGE - 1) / PAGE * PAGE;
            if (certsLen < needed || (certsLen > 0 && certsAddr == 0)) {
                req.putInt(104, needed);
                arg.putLong(24, 1L << 32);
                throw fail(request, Errno.EIO);
            }
            if (needed > 0) {
                NativeBuffer certs = NativeBuffer.view(certsAddr, (int) certsLen);
                certs.zero();
                certs.putBytes(0, certificateTable);
            }
        } else {
            calls.add("GET_REPORT");
        }
        byte[] report;
        try {
            report = firmware.report(userData, vmpl);
        } catch (TeeUnavailableException e) {
            arg.putLong(24, SimulatedSnpFirmware.FW_INVALID_PARAM);
            throw fail(request, Errno.EIO);
        }
        NativeBuffer resp = NativeBuffer.view(respAddr, 4000);
        resp.zero();
        resp.putInt(0, 0);
        resp.putInt(4, report.length);
        resp.putBytes(0x20, report);
        arg.putLong(24, 0);
        return 0;
    }

    /**
     * Answers {@code SNP_GET_DERIVED_KEY} as the firmware and driver do: a request the firmware
     * refuses (malformed, or against its rules) still completes the ioctl, with the refusal in
     * the status word of {@code MSG_KEY_RSP} (INVALID_PARAM, 0x16) and no key; only a request the
     * driver itself rejects fails the ioctl. An {@linkplain #answerNextDerivedKey injected}
     * answer replaces the firmware's.
     */
    private int derivedKey(long request, NativeBuffer arg, int msgVersion, long reqAddr, long respAddr) {
        calls.add("GET_DERIVED_KEY v" + msgVersion);
        NativeBuffer resp = NativeBuffer.view(respAddr, 64);
        resp.zero();
        arg.putLong(24, 0);
        KeyAnswer injected = keyAnswers.poll();
        if (injected != null) {
            resp.putInt(0, injected.status());
            resp.putBytes(0x20, injected.key());
            return 0;
        }
        int size = msgVersion >= 2 ? DerivedKeyRequest.SIZE_V2 : DerivedKeyRequest.SIZE_V1;
        byte[] raw = NativeBuffer.view(reqAddr, size).getBytes(0, size);
        DerivedKeyRequest req;
        try {
            req = DerivedKeyRequest.fromBytes(raw);
            if (msgVersion == 1 && req.guestFields().contains(DerivedKeyRequest.GuestField.LAUNCH_MIT_VECTOR)) {
                throw new IllegalArgumentException("bit 6 needs message version 2");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            calls.add("refused in status: " + e.getMessage());
            resp.putInt(0, SimulatedSnpFirmware.FW_INVALID_PARAM);
            return 0;
        }
        try (SecretBytes key = firmware.deriveKey(req)) {
            byte[] k = key.toByteArray(SecretAccess.INSECURE);
            resp.putInt(0, 0);
            resp.putBytes(0x20, k);
            Arrays.fill(k, (byte) 0);
        } catch (TeeUnavailableException e) {
            calls.add("refused in status: " + e.getMessage());
            resp.putInt(0, SimulatedSnpFirmware.FW_INVALID_PARAM);
        }
        return 0;
    }

    @Override
    public String toString() {
        return "SimulatedSevGuestDevice[" + path + ", SIMULATED]";
    }
}
