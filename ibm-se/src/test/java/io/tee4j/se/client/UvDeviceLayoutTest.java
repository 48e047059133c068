package io.tee4j.se.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tee4j.core.testing.Gcc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UvDevice's ioctl number, struct sizes and field offsets against the kernel's uapi header
 * {@code asm/uvdevice.h} compiled with gcc. The header ships only with s390 kernel headers: the test
 * looks in /usr/include, or in the directory named by the system property {@code tee4j.uvdevice.include}
 * (holding {@code asm/uvdevice.h} from a kernel tree), and skips when neither has it.
 */
class UvDeviceLayoutTest {
    @Test
    void offsetsMatchTheKernelHeader(@TempDir Path dir) throws Exception {
        Path gcc = Gcc.require();
        String include = System.getProperty("tee4j.uvdevice.include", "/usr/include");
        Assumptions.assumeTrue(Files.isReadable(Path.of(include, "asm", "uvdevice.h")),
                "SKIPPED: " + include + "/asm/uvdevice.h is missing (s390 kernel headers); offsets follow the research note");
        Path src = dir.resolve("uv.c");
        Files.writeString(src, String.join("\n", "#include <stdio.h>", "#include <stddef.h>", "#include <linux/ioctl.h>",
                "#include <asm/uvdevice.h>", "#define P(s,f) printf(#s \".\" #f \" %zu\\n\", offsetof(struct s, f))",
                "int main(void) {",
                "  printf(\"UVIO_IOCTL_ATT %lu\\n\", (unsigned long) UVIO_IOCTL_ATT);",
                "  printf(\"cb %zu\\nattest %zu\\n\", sizeof(struct uvio_ioctl_cb), sizeof(struct uvio_attest));",
                "  P(uvio_ioctl_cb, uv_rc); P(uvio_ioctl_cb, uv_rrc); P(uvio_ioctl_cb, argument_addr); P(uvio_ioctl_cb, argument_len);",
                "  P(uvio_attest, meas_addr); P(uvio_attest, add_data_addr); P(uvio_attest, user_data); P(uvio_attest, config_uid);",
                "  P(uvio_attest, arcb_len); P(uvio_attest, meas_len); P(uvio_attest, add_data_len); P(uvio_attest, user_data_len);",
                "  return 0;", "}", ""));
        Path exe = dir.resolve("uv");
        Gcc.run(List.of(gcc.toString(), "-I" + include, "-o", exe.toString(), src.toString()));
        Map<String, Long> k = new HashMap<>();
        for (String line : Gcc.run(List.of(exe.toString())).split("\n")) {
            String[] kv = line.trim().split(" ");
            k.put(kv[0], Long.parseLong(kv[1]));
        }
        assertEquals(k.get("UVIO_IOCTL_ATT"), UvDevice.UVIO_IOCTL_ATT);
        assertEquals(k.get("cb"), (long) UvDevice.CB_SIZE);
        assertEquals(k.get("attest"), (long) UvDevice.ATTEST_SIZE);
        assertEquals(k.get("uvio_ioctl_cb.uv_rc"), (long) UvDevice.CB_UV_RC);
        assertEquals(k.get("uvio_ioctl_cb.uv_rrc"), (long) UvDevice.CB_UV_RRC);
        assertEquals(k.get("uvio_ioctl_cb.argument_addr"), (long) UvDevice.CB_ARGUMENT_ADDR);
        assertEquals(k.get("uvio_ioctl_cb.argument_len"), (long) UvDevice.CB_ARGUMENT_LEN);
        assertEquals(k.get("uvio_attest.meas_addr"), (long) UvDevice.MEAS_ADDR);
        assertEquals(k.get("uvio_attest.add_data_addr"), (long) UvDevice.ADD_DATA_ADDR);
        assertEquals(k.get("uvio_attest.user_data"), (long) UvDevice.USER_DATA);
        assertEquals(k.get("uvio_attest.config_uid"), (long) UvDevice.CONFIG_UID);
        assertEquals(k.get("uvio_attest.arcb_len"), (long) UvDevice.ARCB_LEN);
        assertEquals(k.get("uvio_attest.meas_len"), (long) UvDevice.MEAS_LEN);
        assertEquals(k.get("uvio_attest.add_data_len"), (long) UvDevice.ADD_DATA_LEN);
        assertEquals(k.get("uvio_attest.user_data_len"), (long) UvDevice.USER_DATA_LEN);
    }
}
