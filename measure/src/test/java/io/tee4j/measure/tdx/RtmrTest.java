package io.tee4j.measure.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.Vectors;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixed event digests, td-shim payload parameter, the QEMU kernel patch and PE Authenticode, direct-boot RTMRs. */
class RtmrTest {

    @Test
    void fixedEventDigestsMatchExpectedJson() {
        JsonNode e = Vectors.byId("tdx", "fixed-event-digests").get("expected");
        assertEquals(e.get("EV_EFI_ACTION 'Calling EFI Application from Boot Option'").asText(),
                Vectors.hex(UefiEvents.action("Calling EFI Application from Boot Option").digest()));
        assertEquals(e.get("EV_SEPARATOR 00000000").asText(), Vectors.hex(UefiEvents.separator().digest()));
        assertEquals(e.get("EV_EFI_ACTION 'Exit Boot Services Invocation'").asText(),
                Vectors.hex(UefiEvents.action("Exit Boot Services Invocation").digest()));
        assertEquals(e.get("EV_EFI_ACTION 'Exit Boot Services Returned with Success'").asText(),
                Vectors.hex(UefiEvents.action("Exit Boot Services Returned with Success").digest()));
    }

    @Test
    void tdShimPayloadParameter() throws Exception {
        JsonNode c = Vectors.byId("tdx", "td-shim-payload-param");
        assertEquals(c.get("expected").asText(), Vectors.hex(TdShimPayload.paddedDigest(
                c.get("input_utf8").asText().getBytes(StandardCharsets.UTF_8), 0x1000)));
        assertThrows(MeasurementInputException.class, () -> TdShimPayload.paddedDigest(new byte[10], 5));
    }

    /** A 12 KiB bzImage-like PE32+: headers to 0x1000, .text 0x1000..0x2000, .data 0x2000..0x2800. */
    static byte[] kernel(int xloadflags) {
        byte[] k = new byte[0x3000];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (i * 31 + 7);
        }
        Arrays.fill(k, 0x800, 0x1000, (byte) 0);
        Le.putU32(k, 0x3C, 0x800);
        Le.putU32(k, 0x800, 0x4550);
        Le.putU16(k, 0x806, 2);
        Le.putU16(k, 0x814, 240);
        Le.putU16(k, 0x818, 0x20B);
        Le.putU32(k, 0x818 + 60, 0x1000);
        section(k, 0x818 + 240, 0x1000, 0x1000);
        section(k, 0x818 + 280, 0x800, 0x2000);
        Le.putU16(k, 0x206, 0x020F);
        k[0x211] = 0x01;
        Le.putU16(k, 0x236, xloadflags);
        return k;
    }

    private static void section(byte[] k, int at, int size, int pointer) {
        Le.putU32(k, at + 16, size);
        Le.putU32(k, at + 20, pointer);
    }

    /** The Authenticode ranges written out by hand: an independent computation for the test. */
    private static byte[] byHand(byte[] k, int... ranges) {
        MessageDigest md = Digests.sha384();
        for (int i = 0; i < ranges.length; i += 2) {
            md.update(k, ranges[i], ranges[i + 1] - ranges[i]);
        }
        return md.digest();
    }

    @Test
    void authenticodeSkipsChecksumAndCertificateDirectoryAndTrailingBytes() throws Exception {
        byte[] k = kernel(0x40);
        int opt = 0x818;
        int certDir = opt + 112 + 32;
        assertArrayEquals(byHand(k, 0, opt + 64, opt + 68, certDir, certDir + 8, 0x2800), PeAuthenticode.sha384(k));
        // With a certificate table the bytes after the sections are hashed, except the table.
        Le.putU32(k, certDir, 0x2C00);
        Le.putU32(k, certDir + 4, 0x400);
        assertArrayEquals(byHand(k, 0, opt + 64, opt + 68, certDir, certDir + 8, 0x2C00), PeAuthenticode.sha384(k));
    }

    @Test
    void malformedPeImagesAreTyped() {
        byte[] noSig = kernel(0x40);
        noSig[0x800] = 0;
        assertThrows(MalformedEvidenceException.class, () -> PeAuthenticode.sha384(noSig));
        byte[] overlap = kernel(0x40);
        section(overlap, 0x818 + 240, 0x3000, 0);
        section(overlap, 0x818 + 280, 0x3000, 0);
        assertThrows(MalformedEvidenceException.class, () -> PeAuthenticode.sha384(overlap));
        byte[] many = kernel(0x40);
        Le.putU16(many, 0x806, 0xFFFF);
        assertThrows(MalformedEvidenceException.class, () -> PeAuthenticode.sha384(many));
        byte[] lfanew = kernel(0x40);
        Le.putU32(lfanew, 0x3C, 0xFFFFFFF0L);
        assertThrows(MalformedEvidenceException.class, () -> PeAuthenticode.sha384(lfanew));
        assertThrows(MalformedEvidenceException.class, () -> PeAuthenticode.sha384(new byte[10]));
        assertThrows(MalformedEvidenceException.class, () -> QemuKernelPatch.patch(new byte[100], 0, 1L << 31));
    }

    @Test
    void qemuPatchSetsLoaderFieldsAndPlacesTheInitrdByMemorySize() throws Exception {
        byte[] k = kernel(0x40);
        byte[] p = QemuKernelPatch.patch(k, 0, 1L << 31);
        assertEquals((byte) 0xB0, p[0x210]);
        assertEquals((byte) 0x81, p[0x211]);
        assertEquals(0xFE00L, Le.u32(p, 0x224));
        assertEquals(0x20000L, Le.u32(p, 0x228));
        long mib = 0x100000;
        long at2g = Le.u32(QemuKernelPatch.patch(k, mib, 0x80000000L), 0x218);
        long at3g = Le.u32(QemuKernelPatch.patch(k, mib, 0xC0000000L), 0x218);
        long at2750m = Le.u32(QemuKernelPatch.patch(k, mib, 0xB0000000L), 0x218);
        long below2g = Le.u32(QemuKernelPatch.patch(k, mib, 0x7FFFF000L), 0x218);
        assertEquals(at2g, at3g);
        assertEquals(at2g, at2750m);
        assertNotEquals(at2g, below2g);
        assertEquals((0x80000000L - 0x28000 - 1 - mib) & ~0xFFFL, at2g);
        assertEquals(mib, Le.u32(QemuKernelPatch.patch(k, mib, 0x80000000L), 0x21C));
        assertThrows(MeasurementInputException.class, () -> QemuKernelPatch.patch(k, 0x80000000L, 0x80000000L));
    }

    @Test
    void directBootRtmrs() throws Exception {
        byte[] k = kernel(0x40);
        RtmrLog rtmr1 = DirectBoot.rtmr1(k, 0, 1L << 31);
        assertEquals(5, rtmr1.events().size());
        assertArrayEquals(PeAuthenticode.sha384(QemuKernelPatch.patch(k, 0, 1L << 31)), rtmr1.events().get(0).digest());
        byte[] initrd = Digests.sha384("initrd".getBytes(StandardCharsets.US_ASCII));
        RtmrLog rtmr2 = DirectBoot.rtmr2("console=hvc0", initrd);
        byte[] utf16 = "console=hvc0 initrd=initrd\0".getBytes(StandardCharsets.UTF_16LE);
        assertArrayEquals(Digests.sha384(utf16), rtmr2.events().get(0).digest());
        assertArrayEquals(initrd, rtmr2.events().get(1).digest());
        assertArrayEquals(RtmrLog.extend(RtmrLog.extend(new byte[48], Digests.sha384(utf16)), initrd), rtmr2.value());
        assertEquals(List.of(), DirectBoot.rtmr2(null, null).events());
        assertEquals(1, DirectBoot.rtmr2(null, initrd).events().size() - 1);
    }
}
