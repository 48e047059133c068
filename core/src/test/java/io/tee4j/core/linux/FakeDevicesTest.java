package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.testing.FakeDevices;
import org.junit.jupiter.api.Test;

/** The Java fake device follows pointers like a driver would, through NativeBuffer views. */
class FakeDevicesTest {

    /** A miniature of SNP's guest request: {u8 version; u64 req; u64 resp; u64 exitinfo2}. */
    static final long GET = IoctlNumbers.iowr('S', 0, 32);

    @Test
    void handlerReadsRequestAndWritesResponseThroughPointers() throws Exception {
        FakeDevices devices = new FakeDevices().device("/dev/fake", (path, request, arg) -> {
            if (request != GET) {
                throw new IoctlException(path, request, Errno.ENOTTY);
            }
            if (arg.getU8(0) == 0) {
                arg.putLong(24, 0x1_0000_0000L);
                throw new IoctlException(path, request, Errno.EIO);
            }
            NativeBuffer req = NativeBuffer.view(arg.getLong(8), 96);
            NativeBuffer resp = NativeBuffer.view(arg.getLong(16), 4000);
            resp.putInt(0, 0).putInt(4, 64).putBytes(0x20, req.getBytes(0, 64));
            return 0;
        }).openError("/dev/denied", Errno.EACCES);

        byte[] userData = new byte[64];
        userData[0] = 1;
        userData[63] = (byte) 0xFF;
        try (DeviceFile f = devices.open("/dev/fake");
                NativeBuffer req = NativeBuffer.allocate(96);
                NativeBuffer resp = NativeBuffer.allocate(4000);
                NativeBuffer arg = NativeBuffer.allocate(32)) {
            req.putBytes(0, userData);
            arg.putU8(0, 1).putAddress(8, req).putAddress(16, resp);
            assertEquals(0, f.ioctl(GET, arg));
            assertEquals(64, resp.getInt(4));
            assertArrayEquals(userData, resp.getBytes(0x20, 64));

            arg.putU8(0, 0);
            IoctlException e = assertThrows(IoctlException.class, () -> f.ioctl(GET, arg));
            assertEquals(Errno.EIO, e.errno());
            assertEquals(1L, arg.getLong(24) >>> 32, "vmm error written before the failure");
        }
        assertEquals(0, devices.openFiles());
        assertEquals(Errno.EACCES, assertThrows(DeviceOpenException.class, () -> devices.open("/dev/denied")).errno());
        DeviceOpenException missing = assertThrows(DeviceOpenException.class, () -> devices.open("/dev/other"));
        assertTrue(missing.getMessage().contains("ENOENT"));
    }
}
