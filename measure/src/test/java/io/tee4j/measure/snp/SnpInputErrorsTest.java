package io.tee4j.measure.snp;

import static io.tee4j.measure.TestFirmware.asev;
import static io.tee4j.measure.TestFirmware.u32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.TestFirmware;
import io.tee4j.measure.Vectors;
import org.junit.jupiter.api.Test;

/** Malformed SEV metadata and inputs that do not fit the firmware: typed errors, never unchecked ones. */
class SnpInputErrorsTest {
    private static final int ASEV_AT = 0x200;

    /** A 4 KiB image with a reset block, a hash-table entry and an ASEV block at 0x200. */
    private static byte[] image(byte[] asevBlock, long resetEip) {
        return new TestFirmware(4096).put(ASEV_AT, asevBlock)
                .entry(OvmfImage.SEV_ES_RESET_BLOCK, u32(resetEip))
                .entry(OvmfImage.SEV_HASH_TABLE, u32(0x4C00))
                .entry(SevMetadata.ENTRY, u32(4096 - ASEV_AT)).build();
    }

    private static byte[] wellFormed() {
        return image(asev(16 + 24, 1, 0x1000, 0x2000, 1, 0x4000, 0x1000, 0x10), 0xFFFFF004L);
    }

    @Test
    void wellFormedSyntheticImageMeasures() throws Exception {
        OvmfImage fw = OvmfImage.parse(wellFormed());
        assertEquals(2, fw.sections().size());
        SnpLaunch l = SnpLaunch.builder(fw).vcpus(2).hashes(SevHashesTable.of(new byte[1], null, "")).build();
        assertEquals(48, SnpLaunchDigest.compute(l).length);
    }

    @Test
    void badSignatureVersionTypeOrBoundsAreMalformed() {
        String[] expected = {"ASEV", "version 2", "unknown type 0x7", "outside", "does not cover"};
        byte[][] images = {
            image(new byte[16], 0xFFFFF004L),
            image(asev(28, 2, 0x1000, 0x1000, 1), 0xFFFFF004L),
            image(asev(28, 1, 0x1000, 0x1000, 7), 0xFFFFF004L),
            image(withCount(asev(28, 1, 0x1000, 0x1000, 1), 0x7FFFFFFFL), 0xFFFFF004L),
            image(asev(20, 1, 0x1000, 0x1000, 1), 0xFFFFF004L),
        };
        for (int i = 0; i < images.length; i++) {
            byte[] img = images[i];
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> OvmfImage.parse(img));
            assertTrue(e.getMessage().contains(expected[i]), e.getMessage());
        }
    }

    @Test
    void headerLengthZeroIsAcceptedAsDstackDoes() throws Exception {
        assertEquals(1, OvmfImage.parse(image(asev(0, 1, 0x1000, 0x1000, 1), 0xFFFFF004L)).sections().size());
    }

    @Test
    void metadataOffsetBeyondTheImageIsMalformed() {
        byte[] img = new TestFirmware(4096).entry(SevMetadata.ENTRY, u32(0xFFFFFFFFL)).build();
        assertThrows(MalformedEvidenceException.class, () -> OvmfImage.parse(img));
    }

    @Test
    void unalignedSectionsAndPartialPagesAreMalformedWhenMeasured() throws Exception {
        OvmfImage unaligned = OvmfImage.parse(image(asev(28, 1, 0x1800, 0x1000, 1), 0xFFFFF004L));
        assertThrows(MalformedEvidenceException.class, () -> SnpLaunchDigest.compute(SnpLaunch.builder(unaligned).build()));
        OvmfImage partial = OvmfImage.parse(image(asev(28, 1, 0x1000, 0x1001, 1), 0xFFFFF004L));
        assertThrows(MalformedEvidenceException.class, () -> SnpLaunchDigest.compute(SnpLaunch.builder(partial).build()));
        OvmfImage odd = OvmfImage.parse(new byte[4097]);
        assertThrows(MalformedEvidenceException.class, () -> SnpLaunchDigest.firmwareDigest(odd));
    }

    @Test
    void hugeSectionsAreBoundedNotHashedForMinutes() throws Exception {
        OvmfImage fw = OvmfImage.parse(image(asev(0, 1, 0, 0xFFFFF000L, 1, 0, 0xFFFFF000L, 1), 0xFFFFF004L));
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> SnpLaunchDigest.compute(SnpLaunch.builder(fw).build()));
        assertTrue(e.getMessage().contains("more than"), e.getMessage());
    }

    @Test
    void kernelHashesSectionOfTheWrongSizeIsMalformed() throws Exception {
        OvmfImage fw = OvmfImage.parse(image(asev(28, 1, 0x4000, 0x2000, 0x10), 0xFFFFF004L));
        SnpLaunch l = SnpLaunch.builder(fw).hashes(SevHashesTable.of(new byte[0], null, null)).build();
        assertThrows(MalformedEvidenceException.class, () -> SnpLaunchDigest.compute(l));
        // Without a kernel the same section is two ZERO pages.
        assertEquals(48, SnpLaunchDigest.compute(SnpLaunch.builder(fw).build()).length);
    }

    @Test
    void moreThanOneVcpuNeedsAnApResetAddress() throws Exception {
        OvmfImage fw = OvmfImage.parse(image(asev(28, 1, 0x1000, 0x1000, 1), 0));
        assertEquals(48, SnpLaunchDigest.compute(SnpLaunch.builder(fw).vcpus(1).build()).length);
        MeasurementInputException e = assertThrows(MeasurementInputException.class,
                () -> SnpLaunchDigest.compute(SnpLaunch.builder(fw).vcpus(2).build()));
        assertTrue(e.getMessage().contains("AP reset"), e.getMessage());
        assertThrows(MeasurementInputException.class, () -> LegacySevDigest.seves(SnpLaunch.builder(fw).vcpus(2).build()));
    }

    @Test
    void firmwareWithoutResetBlockCannotLaunchSevEsOrSnp() throws Exception {
        OvmfImage fw = OvmfImage.parse(new byte[8192]);
        assertThrows(MeasurementInputException.class, () -> SnpLaunchDigest.compute(SnpLaunch.builder(fw).build()));
        // The plain SEV digest needs no metadata at all.
        assertEquals(Vectors.hex(io.tee4j.measure.internal.Digests.sha256(new byte[8192])),
                Vectors.hex(LegacySevDigest.sev(fw, null)));
        assertThrows(MeasurementInputException.class,
                () -> LegacySevDigest.sev(fw, SevHashesTable.of(new byte[0], null, null)));
    }

    @Test
    void outOfRangeInputsAreRefused() throws Exception {
        OvmfImage fw = OvmfImage.parse(new byte[4096]);
        assertThrows(MeasurementInputException.class, () -> SnpLaunch.builder(fw).vcpus(0));
        assertThrows(MeasurementInputException.class, () -> SnpLaunch.builder(fw).vcpus(SnpLaunch.MAX_VCPUS + 1));
        assertThrows(MeasurementInputException.class, () -> SnpLaunch.builder(fw).vcpuSignature(1L << 32));
        assertThrows(MeasurementInputException.class, () -> SnpLaunch.builder(fw).firmwareDigest(new byte[32]));
        assertThrows(MeasurementInputException.class, () -> VcpuTypes.byName("EPYC-Nonesuch"));
        assertThrows(MalformedEvidenceException.class, () -> OvmfImage.parse(new byte[OvmfImage.MAX_BYTES + 1]));
    }

    @Test
    void vcpuSignaturesMatchQemuModels() throws Exception {
        assertEquals(0x800F12L, VcpuTypes.byName("EPYC-v4"));
        assertEquals(0x830F10L, VcpuTypes.byName("EPYC-Rome"));
        assertEquals(0xA00F11L, VcpuTypes.byName("EPYC-Milan"));
        assertEquals(0xA10F10L, VcpuTypes.byName("EPYC-Genoa"));
        assertEquals(0xB00F00L, VcpuTypes.byName("EPYC-Turin"));
    }

    private static byte[] withCount(byte[] asevBlock, long count) {
        io.tee4j.measure.internal.Le.putU32(asevBlock, 12, count);
        return asevBlock;
    }
}
