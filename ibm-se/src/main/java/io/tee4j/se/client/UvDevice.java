package io.tee4j.se.client;

import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.DeviceFile;
import io.tee4j.core.linux.IoctlNumbers;
import io.tee4j.core.linux.NativeBuffer;
import java.nio.ByteBuffer;

/**
 * The {@code /dev/uv} attestation ioctl ({@code UVIO_IOCTL_ATT} = {@code _IOWR('u', 1, struct
 * uvio_ioctl_cb)} = 0xC0407501) with the layouts of the kernel uapi header {@code asm/uvdevice.h}:
 * {@code struct uvio_ioctl_cb} (0x40 bytes) points to {@code struct uvio_attest} (0x138 bytes),
 * which points to the request, measurement and additional-data buffers.
 *
 * <p>SE guests run only on s390x, which is big-endian, so both structs are written and read
 * big-endian here (core's {@link NativeBuffer} integer accessors are little-endian by design).
 * The Ultravisor's answer is returned as it came: it is verified by whoever holds the ARPK.
 *
 * @since 0.3
 */
public final class UvDevice {
    /** The device path. */
    public static final String PATH = "/dev/uv";
    /** Size of {@code struct uvio_ioctl_cb}. */
    public static final int CB_SIZE = 0x40;
    /** Size of {@code struct uvio_attest}. */
    public static final int ATTEST_SIZE = 0x138;
    /** {@code UVIO_IOCTL_ATT}. */
    public static final long UVIO_IOCTL_ATT = IoctlNumbers.iowr('u', 1, CB_SIZE);
    /** Offsets in {@code struct uvio_ioctl_cb}. */
    public static final int CB_FLAGS = 0x00, CB_UV_RC = 0x04, CB_UV_RRC = 0x06, CB_ARGUMENT_ADDR = 0x08, CB_ARGUMENT_LEN = 0x10;
    /** Offsets in {@code struct uvio_attest}. */
    public static final int ARCB_ADDR = 0x000, MEAS_ADDR = 0x008, ADD_DATA_ADDR = 0x010, USER_DATA = 0x018,
            CONFIG_UID = 0x118, ARCB_LEN = 0x128, MEAS_LEN = 0x12c, ADD_DATA_LEN = 0x130, USER_DATA_LEN = 0x134;
    /** Success in {@code uv_rc}. */
    public static final int UV_RC_SUCCESS = 1;

    private final DeviceFile device;

    public UvDevice(DeviceFile device) {
        this.device = device;
    }

    /** What the Ultravisor returned. */
    public record Answer(byte[] measurement, byte[] additional, byte[] cuid) {
    }

    /**
     * Runs the attestation call.
     *
     * @throws UvCallException the Ultravisor refused (its {@code uv_rc})
     * @throws TeeUnavailableException the ioctl itself failed
     */
    public Answer attest(byte[] arcb, byte[] userData, int measurementLength, int additionalLength)
            throws TeeUnavailableException {
        if (userData.length > 256) {
            throw new IllegalArgumentException("user data is at most 256 bytes");
        }
        try (NativeBuffer arcbBuf = NativeBuffer.copyOf(arcb);
                NativeBuffer meas = NativeBuffer.allocate(measurementLength);
                NativeBuffer add = NativeBuffer.allocate(Math.max(1, additionalLength));
                NativeBuffer attest = NativeBuffer.allocate(ATTEST_SIZE);
                NativeBuffer cb = NativeBuffer.allocate(CB_SIZE)) {
            ByteBuffer a = ByteBuffer.allocate(ATTEST_SIZE);
            a.putLong(ARCB_ADDR, arcbBuf.address()).putLong(MEAS_ADDR, meas.address())
                    .putLong(ADD_DATA_ADDR, additionalLength == 0 ? 0 : add.address());
            a.put(USER_DATA, userData).putInt(ARCB_LEN, arcb.length).putInt(MEAS_LEN, measurementLength)
                    .putInt(ADD_DATA_LEN, additionalLength).putShort(USER_DATA_LEN, (short) userData.length);
            attest.putBytes(0, a.array());
            ByteBuffer c = ByteBuffer.allocate(CB_SIZE).putLong(CB_ARGUMENT_ADDR, attest.address()).putInt(CB_ARGUMENT_LEN, ATTEST_SIZE);
            cb.putBytes(0, c.array());
            device.ioctl(UVIO_IOCTL_ATT, cb);
            ByteBuffer out = ByteBuffer.wrap(cb.getBytes(0, CB_SIZE));
            int rc = out.getShort(CB_UV_RC) & 0xffff;
            if (rc != UV_RC_SUCCESS) {
                throw new UvCallException(rc, out.getShort(CB_UV_RRC) & 0xffff);
            }
            ByteBuffer result = ByteBuffer.wrap(attest.getBytes(0, ATTEST_SIZE));
            long addLen = result.getInt(ADD_DATA_LEN) & 0xffffffffL;
            if (addLen > additionalLength) {
                throw new TeeUnavailableException("the Ultravisor reported " + addLen + " bytes of additional data for a "
                        + additionalLength + "-byte buffer");
            }
            return new Answer(meas.getBytes(0, measurementLength), add.getBytes(0, (int) addLen),
                    attest.getBytes(CONFIG_UID, 16));
        }
    }
}
