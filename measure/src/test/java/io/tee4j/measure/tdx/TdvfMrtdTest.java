package io.tee4j.measure.tdx;

import static io.tee4j.measure.TestFirmware.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.TestFirmware;
import io.tee4j.measure.Vectors;
import io.tee4j.measure.internal.Digests;
import io.tee4j.measure.internal.Le;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** MRTD of the shared synthetic TDVF (both orders), of Debian's OVMF.fd when installed, and malformed metadata. */
class TdvfMrtdTest {

    @Test
    void syntheticTdvfBothOrders() throws Exception {
        JsonNode c = Vectors.byId("tdx", "synthetic-tdvf-mrtd");
        TdvfMetadata tdvf = TdvfMetadata.parse(Vectors.bytes(c.get("firmware").asText()));
        assertEquals(4, tdvf.sections().size());
        assertEquals(c.get("expected_mrtd_single_pass").asText(), Vectors.hex(Mrtd.compute(tdvf, PageAddOrder.SINGLE_PASS)));
        assertEquals(c.get("expected_mrtd_two_pass").asText(), Vectors.hex(Mrtd.compute(tdvf, PageAddOrder.TWO_PASS)));
    }

    @Test
    void debianOvmfMatchesTdShimsScript() throws Exception {
        Path p = Path.of("/usr/share/ovmf/OVMF.fd");
        assumeTrue(Files.isRegularFile(p), "Debian's ovmf package is not installed");
        byte[] fw = Files.readAllBytes(p);
        assumeTrue(Vectors.hex(Digests.sha256(fw)).equals("7b456907dd0786d415999e801a1ac4637b8ed4d7cf5378cfc6edbe5e574dd773"));
        TdvfMetadata tdvf = TdvfMetadata.parse(fw);
        assertEquals("4c7206f0f483c524f12c366c711e9049030a8d47c471ee5aa9c4999a08de4057fb887fed0744d5631a212967fb231c47",
                Vectors.hex(Mrtd.compute(tdvf, PageAddOrder.SINGLE_PASS)));
        assertEquals("acccbcc870a381adab0d3919d90a7f268ac3b0364771f202ed4bb4e892d045b33db3b32e6924cba830a724eed443f7e1",
                Vectors.hex(Mrtd.compute(tdvf, PageAddOrder.TWO_PASS)));
    }

    /** A 64 KiB image: descriptor GUID at 0x8000, descriptor at 0x8010 with the given sections. */
    static byte[] image(long length, long version, long[]... sections) {
        byte[] d = new byte[16 + 32 * sections.length];
        d[0] = 'T';
        d[1] = 'D';
        d[2] = 'V';
        d[3] = 'F';
        Le.putU32(d, 4, length);
        Le.putU32(d, 8, version);
        Le.putU32(d, 12, sections.length);
        for (int i = 0; i < sections.length; i++) {
            long[] s = sections[i];
            Le.putU32(d, 16 + 32 * i, s[0]);
            Le.putU32(d, 20 + 32 * i, s[1]);
            Le.putU64(d, 24 + 32 * i, s[2]);
            Le.putU64(d, 32 + 32 * i, s[3]);
            Le.putU32(d, 40 + 32 * i, s[4]);
            Le.putU32(d, 44 + 32 * i, s[5]);
        }
        return new TestFirmware(0x10000).put(0x8000, TdvfMetadata.DESCRIPTOR_GUID.stored()).put(0x8010, d)
                .entry(TdvfMetadata.ENTRY, u32(0x10000 - 0x8010)).build();
    }

    static long[] section(long offset, long raw, long gpa, long size, long type, long attributes) {
        return new long[] {offset, raw, gpa, size, type, attributes};
    }

    @Test
    void tdShimImagesWithoutFooterTableUseThePointerBeforeTheEnd() throws Exception {
        byte[] ovmf = Vectors.bytes("synthetic-tdvf/synthetic-tdvf-64k.bin");
        byte[] shim = ovmf.clone();
        java.util.Arrays.fill(shim, shim.length - 0x100, shim.length, (byte) 0);
        Le.putU32(shim, shim.length - 0x20, 0xE010);
        assertEquals(TdvfMetadata.parse(ovmf).sections(), TdvfMetadata.parse(shim).sections());
        Le.putU32(shim, shim.length - 0x20, 0xE000);
        assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(shim));
        Le.putU32(shim, shim.length - 0x20, 0xFFFFFFFFL);
        assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(shim));
    }

    @Test
    void malformedMetadataIsTyped() {
        long[] bfv = section(0, 0x1000, 0xFFFF0000L, 0x1000, 0, 1);
        String[][] cases = {
            {"length", null}, {"version", null}, {"aligned", null}, {"undefined type", null}, {"below the raw", null},
            {"outside", null}, {"52-bit", null}, {"more than", null},
        };
        byte[][] images = {
            image(16 + 32 + 1, 1, bfv),
            image(48, 2, bfv),
            image(48, 1, section(0, 0x1000, 0xFFFF0800L, 0x1000, 0, 1)),
            image(48, 1, section(0, 0x1000, 0xFFFF0000L, 0x1000, 9, 1)),
            image(48, 1, section(0, 0x2000, 0xFFFF0000L, 0x1000, 0, 1)),
            image(48, 1, section(0xF000, 0x2000, 0xFFFF0000L, 0x2000, 0, 1)),
            image(48, 1, section(0, 0, 0xFFFFFFFFFFFFF000L, 0x1000, 3, 0)),
            image(48, 1, section(0, 0, 0x100000000L, 0x80000000L, 3, 0), section(0, 0, 0x200000000L, 0x80000000L, 3, 0)),
        };
        images[7] = image(80, 1, section(0, 0, 0x100000000L, 0x40000000L, 3, 0), section(0, 0, 0x200000000L, 0x1000, 3, 0));
        for (int i = 0; i < images.length; i++) {
            byte[] img = images[i];
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(img));
            assertTrue(e.getMessage().contains(cases[i][0]), i + ": " + e.getMessage());
        }
    }

    @Test
    void pageAugSectionsAreNotPageAddedAndTdInfoMayHaveRawAboveMemory() throws Exception {
        byte[] aug = image(80, 1, section(0, 0x1000, 0xFFFF0000L, 0x1000, 0, 1),
                section(0, 0, 0x100000000L, 0x40000000L, 4, 2));
        byte[] without = image(48, 1, section(0, 0x1000, 0xFFFF0000L, 0x1000, 0, 1));
        assertEquals(Vectors.hex(Mrtd.compute(TdvfMetadata.parse(without), PageAddOrder.SINGLE_PASS)),
                Vectors.hex(Mrtd.compute(TdvfMetadata.parse(aug), PageAddOrder.SINGLE_PASS)));
        TdvfMetadata.parse(image(48, 1, section(0, 0x100, 0, 0, TdvfSection.TD_INFO, 0)));
    }

    @Test
    void imagesWithoutTdxMetadataAreRefused() {
        byte[] snpOnly = Vectors.bytes("sev-snp-measure/ovmf_OvmfX64_suffix.bin");
        // That image has a TDX entry whose descriptor lies outside the 4 KiB suffix.
        assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(snpOnly));
        byte[] noEntry = new TestFirmware(4096).entry(io.tee4j.measure.snp.OvmfImage.SEV_ES_RESET_BLOCK, u32(1)).build();
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(noEntry));
        assertTrue(e.getMessage().contains("no TDX metadata"), e.getMessage());
        assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(new byte[4096]));
        assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(new byte[3]));
        byte[] noGuid = image(48, 1, section(0, 0x1000, 0xFFFF0000L, 0x1000, 0, 1));
        noGuid[0x8000] ^= 1;
        assertThrows(MalformedEvidenceException.class, () -> TdvfMetadata.parse(noGuid));
    }
}
