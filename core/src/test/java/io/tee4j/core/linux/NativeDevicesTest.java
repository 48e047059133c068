package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeDevicesTest {

    @Test
    void ioctlOnNonDeviceFailsWithEnotty() throws Exception {
        try (DeviceFile f = NativeDevices.system().open("/dev/null");
                NativeBuffer arg = NativeBuffer.allocate(32)) {
            IoctlException e = assertThrows(IoctlException.class, () -> f.ioctl(IoctlNumbers.iowr('S', 0, 32), arg));
            assertEquals(Errno.ENOTTY, e.errno());
            assertEquals("ENOTTY", e.errnoName());
            assertTrue(e.getMessage().contains("0xC0205300"), e.getMessage());
        }
    }

    @Test
    void missingDeviceIsTeeUnavailableWithHint() {
        DeviceOpenException e = assertThrows(DeviceOpenException.class,
                () -> NativeDevices.system().open("/dev/tee4j-no-such-device"));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
