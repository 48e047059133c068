package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.testing.Gcc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoctlNumbersTest {

    /** Struct sizes of include/uapi/linux/sev-guest.h, worked out from the header's fields and x86-64 alignment. */
    static final int SNP_GUEST_REQUEST_IOCTL = 32; // u8 (padded to 8) + 3 x u64
    static final int SNP_REPORT_REQ = 96; // 64 + 4 + 28
    static final int SNP_REPORT_RESP = 4000;
    static final int SNP_DERIVED_KEY_REQ = 32; // 4 + 4 + 8 + 4 + 4 + 8
    static final int SNP_DERIVED_KEY_RESP = 64;
    static final int SNP_EXT_REPORT_REQ = 112; // 96 + 8 + 4, padded to 8
    /** include/uapi/linux/tdx-guest.h: reportdata[64] + tdreport[1024]. */
    static final int TDX_REPORT_REQ = 1088;

    private static final Path SEV_GUEST_H = Path.of("/usr/include/linux/sev-guest.h");

    @Test
    void knownNumbersFromTheResearchNotes() {
        assertEquals(0xC0205300L, IoctlNumbers.iowr('S', 0, SNP_GUEST_REQUEST_IOCTL));
        assertEquals(0xC0205301L, IoctlNumbers.iowr('S', 1, SNP_GUEST_REQUEST_IOCTL));
        assertEquals(0xC0205302L, IoctlNumbers.iowr('S', 2, SNP_GUEST_REQUEST_IOCTL));
        // TDX_CMD_GET_REPORT0 = _IOWR('T', 1, struct tdx_report_req)
        assertEquals(0xC4405401L, IoctlNumbers.iowr('T', 1, TDX_REPORT_REQ));
        // Intel downstream TDX_CMD_EXTEND_RTMR = _IOW('T', 3, {u8 data[48]; u8 index}) (49 bytes)
        assertEquals(0x40315403L, IoctlNumbers.iow('T', 3, 49));
        // go-tdx-guest's GET_QUOTE = _IOWR('T', 2, 16)
        assertEquals(0xC0105402L, IoctlNumbers.iowr('T', 2, 16));
        assertEquals(0x5401L, IoctlNumbers.io('T', 1));
        assertEquals(0x80085402L, IoctlNumbers.ior('T', 2, 8));
        assertEquals("0xC4405401", IoctlNumbers.toHex(IoctlNumbers.iowr('T', 1, TDX_REPORT_REQ)));
    }

    @Test
    void decodersInvertTheEncoding() {
        long req = IoctlNumbers.iowr('T', 1, TDX_REPORT_REQ);
        assertEquals(IoctlNumbers.READ | IoctlNumbers.WRITE, IoctlNumbers.dir(req));
        assertEquals('T', IoctlNumbers.type(req));
        assertEquals(1, IoctlNumbers.nr(req));
        assertEquals(TDX_REPORT_REQ, IoctlNumbers.size(req));
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 1000; i++) {
            int dir = random.nextInt(4);
            int type = random.nextInt(256);
            int nr = random.nextInt(256);
            int size = random.nextInt(1 << 14);
            long r = IoctlNumbers.ioc(dir, type, nr, size);
            String ctx = "seed " + seed + " case " + i;
            assertTrue(r >= 0 && r <= 0xFFFF_FFFFL, ctx);
            assertEquals(dir, IoctlNumbers.dir(r), ctx);
            assertEquals(type, IoctlNumbers.type(r), ctx);
            assertEquals(nr, IoctlNumbers.nr(r), ctx);
            assertEquals(size, IoctlNumbers.size(r), ctx);
        }
    }

    @Test
    void fieldsOutOfRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> IoctlNumbers.iowr('S', 256, 1));
        assertThrows(IllegalArgumentException.class, () -> IoctlNumbers.iowr('S', -1, 1));
        assertThrows(IllegalArgumentException.class, () -> IoctlNumbers.iowr('S', 0, 1 << 14));
        assertThrows(IllegalArgumentException.class, () -> IoctlNumbers.iowr('S', 0, -1));
        assertThrows(IllegalArgumentException.class, () -> IoctlNumbers.iowr('\u0100', 0, 1));
        assertThrows(IllegalArgumentException.class, () -> IoctlNumbers.ioc(4, 'S', 0, 1));
        assertEquals(0xFFFF_FFFFL, IoctlNumbers.ioc(3, 255, 255, (1 << 14) - 1));
    }

    /** Our numbers and the struct sizes against the kernel's own uapi header, compiled with gcc. */
    @Test
    void sevGuestNumbersAndSizesMatchTheKernelHeader(@TempDir Path dir) throws Exception {
        Path gcc = Gcc.require();
        Assumptions.assumeTrue(Files.isReadable(SEV_GUEST_H),
                "SKIPPED: " + SEV_GUEST_H + " is missing (install linux-libc-dev); cannot check against the kernel");
        Path src = dir.resolve("sev.c");
        Files.writeString(src, String.join("\n",
                "#include <stdio.h>",
                "#include <linux/ioctl.h>",
                "#include <linux/sev-guest.h>",
                "int main(void) {",
                "  printf(\"SNP_GET_REPORT %lu\\n\", (unsigned long) SNP_GET_REPORT);",
                "  printf(\"SNP_GET_DERIVED_KEY %lu\\n\", (unsigned long) SNP_GET_DERIVED_KEY);",
                "  printf(\"SNP_GET_EXT_REPORT %lu\\n\", (unsigned long) SNP_GET_EXT_REPORT);",
                "  printf(\"snp_guest_request_ioctl %zu\\n\", sizeof(struct snp_guest_request_ioctl));",
                "  printf(\"snp_report_req %zu\\n\", sizeof(struct snp_report_req));",
                "  printf(\"snp_report_resp %zu\\n\", sizeof(struct snp_report_resp));",
                "  printf(\"snp_derived_key_req %zu\\n\", sizeof(struct snp_derived_key_req));",
                "  printf(\"snp_derived_key_resp %zu\\n\", sizeof(struct snp_derived_key_resp));",
                "  printf(\"snp_ext_report_req %zu\\n\", sizeof(struct snp_ext_report_req));",
                "  printf(\"TDX_GET_REPORT0 %lu\\n\", (unsigned long) _IOWR('T', 1, struct { unsigned char r[64]; unsigned char t[1024]; }));",
                "  return 0;",
                "}", ""));
        Path exe = dir.resolve("sev");
        Gcc.run(Gcc.command(gcc, "-o", exe.toString(), src.toString()));
        Map<String, Long> kernel = parse(Gcc.run(java.util.List.of(exe.toString())));

        assertEquals(SNP_GUEST_REQUEST_IOCTL, kernel.get("snp_guest_request_ioctl"));
        assertEquals(SNP_REPORT_REQ, kernel.get("snp_report_req"));
        assertEquals(SNP_REPORT_RESP, kernel.get("snp_report_resp"));
        assertEquals(SNP_DERIVED_KEY_REQ, kernel.get("snp_derived_key_req"));
        assertEquals(SNP_DERIVED_KEY_RESP, kernel.get("snp_derived_key_resp"));
        assertEquals(SNP_EXT_REPORT_REQ, kernel.get("snp_ext_report_req"));
        assertEquals(kernel.get("SNP_GET_REPORT"), IoctlNumbers.iowr('S', 0, SNP_GUEST_REQUEST_IOCTL));
        assertEquals(kernel.get("SNP_GET_DERIVED_KEY"), IoctlNumbers.iowr('S', 1, SNP_GUEST_REQUEST_IOCTL));
        assertEquals(kernel.get("SNP_GET_EXT_REPORT"), IoctlNumbers.iowr('S', 2, SNP_GUEST_REQUEST_IOCTL));
        assertEquals(kernel.get("TDX_GET_REPORT0"), IoctlNumbers.iowr('T', 1, TDX_REPORT_REQ));
    }

    /**
     * Seeded random (dir, type, nr, size) tuples against the kernel's _IOC macro itself. The
     * direction is written unsigned, as the kernel's _IOC_READ/_IOC_WRITE (2U/1U) are: a signed
     * 3 << 30 would overflow in C.
     */
    @Test
    void arithmeticMatchesTheKernelMacroOnRandomFields(@TempDir Path dir) throws Exception {
        Path gcc = Gcc.require();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int n = 300;
        int[][] cases = new int[n][];
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <linux/ioctl.h>\nint main(void) {\n");
        for (int i = 0; i < n; i++) {
            cases[i] = new int[] {random.nextInt(4), random.nextInt(256), random.nextInt(256), random.nextInt(1 << 14)};
            c.append(String.format("  printf(\"c%d %%lu\\n\", (unsigned long) _IOC(%dU, %d, %d, %d));%n", i,
                    cases[i][0], cases[i][1], cases[i][2], cases[i][3]));
        }
        c.append("  printf(\"IO %lu\\n\", (unsigned long) _IO('F', 3));\n");
        c.append("  printf(\"IOR %lu\\n\", (unsigned long) _IOR('F', 7, long));\n");
        c.append("  printf(\"IOW %lu\\n\", (unsigned long) _IOW('F', 2, int));\n");
        c.append("  return 0;\n}\n");
        Path src = dir.resolve("ioc.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("ioc");
        Gcc.run(Gcc.command(gcc, "-o", exe.toString(), src.toString()));
        Map<String, Long> kernel = parse(Gcc.run(java.util.List.of(exe.toString())));
        for (int i = 0; i < n; i++) {
            int[] k = cases[i];
            assertEquals(kernel.get("c" + i), IoctlNumbers.ioc(k[0], k[1], k[2], k[3]),
                    "seed " + seed + " case " + i + " " + java.util.Arrays.toString(k));
        }
        assertEquals(kernel.get("IO"), IoctlNumbers.io('F', 3));
        assertEquals(kernel.get("IOR"), IoctlNumbers.ior('F', 7, 8));
        assertEquals(kernel.get("IOW"), IoctlNumbers.iow('F', 2, 4));
    }

    private static Map<String, Long> parse(String output) {
        Map<String, Long> values = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) {
                values.put(parts[0], Long.parseUnsignedLong(parts[1]));
            }
        }
        return values;
    }
}
