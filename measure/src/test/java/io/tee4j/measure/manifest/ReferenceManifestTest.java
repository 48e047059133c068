package io.tee4j.measure.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference manifests derive the shared vectors' values, name their entries, and stay inside their folder. */
class ReferenceManifestTest {
    private static final String SNP_KERNEL = "{\"name\": \"%s\", \"firmware\": \"OVMF.fd\", \"kernel\": \"%s\","
            + " \"initrd\": \"initrd.img\", \"append\": \"console=ttyS0 loglevel=7\", \"vcpus\": 1,"
            + " \"vcpuSig\": \"0x800f12\", \"guestFeatures\": \"0x1\"}";

    @TempDir
    Path dir;

    private Path manifest(String json) throws Exception {
        Files.write(dir.resolve("OVMF.fd"), Vectors.bytes("sev-snp-measure/ovmf_AmdSev_suffix.bin"));
        Files.write(dir.resolve("tdvf.fd"), Vectors.bytes("synthetic-tdvf/synthetic-tdvf-64k.bin"));
        Files.write(dir.resolve("vmlinuz"), new byte[0]);
        Files.write(dir.resolve("other-vmlinuz"), "another kernel".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("initrd.img"), new byte[0]);
        Path m = dir.resolve("manifest.json");
        Files.writeString(m, json);
        return m;
    }

    private static String expected(String list, String id, String field) {
        return Vectors.byId(list, id).get(field).asText();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void snpEntryDerivesSevSnpMeasuresLaunchDigest() throws Exception {
        Path m = manifest("{\"entries\": [" + String.format(SNP_KERNEL, "release-1", "vmlinuz") + "]}");
        List<ReferenceValues> v = ReferenceManifest.read(m).derive(TeeType.SEV_SNP);
        assertEquals(1, v.size());
        assertEquals("release-1", v.get(0).entry());
        assertEquals(expected("sev_snp_launch_digest", "ssm-snp-kernel-0x1", "expected"),
                hex(v.get(0).registers().get("measurement")));
        assertEquals(Map.of("referenceManifest", List.of(v.get(0).policyEntry())),
                ReferenceManifest.policyFragment(v));
    }

    @Test
    void kernelAndInitrdDigestsStandInForTheFiles() throws Exception {
        String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Path m = manifest("{\"entries\": [{\"name\": \"digests\", \"firmware\": \"OVMF.fd\", \"kernelSha256\": \""
                + empty + "\", \"initrdSha256\": \"" + empty + "\", \"append\": \"console=ttyS0 loglevel=7\","
                + " \"vcpuSig\": \"0x800f12\"}]}");
        assertEquals(expected("sev_snp_launch_digest", "ssm-snp-kernel-0x1", "expected"),
                hex(ReferenceManifest.read(m).derive(TeeType.SEV_SNP).get(0).registers().get("measurement")));
    }

    @Test
    void twoEntriesAreDerivedInOrderUnderTheirNames() throws Exception {
        Path m = manifest("{\"entries\": [" + String.format(SNP_KERNEL, "old-kernel", "other-vmlinuz") + ", "
                + String.format(SNP_KERNEL, "release-2", "vmlinuz") + "]}");
        List<ReferenceValues> v = ReferenceManifest.read(m).derive(TeeType.SEV_SNP);
        assertEquals(List.of("old-kernel", "release-2"), v.stream().map(ReferenceValues::entry).toList());
        // Another kernel is another launch digest (the kernel hashes page changes).
        assertNotEquals(hex(v.get(0).registers().get("measurement")), hex(v.get(1).registers().get("measurement")));
        assertEquals(expected("sev_snp_launch_digest", "ssm-snp-kernel-0x1", "expected"),
                hex(v.get(1).registers().get("measurement")));
    }

    @Test
    void tdxEntryDerivesMrtdInBothPageAddOrders() throws Exception {
        Path m = manifest("{\"entries\": [{\"name\": \"qemu9\", \"firmware\": \"tdvf.fd\"},"
                + " {\"name\": \"qemu8\", \"firmware\": \"tdvf.fd\", \"tdxOrder\": \"two-pass\"}]}");
        List<ReferenceValues> v = ReferenceManifest.read(m).derive(TeeType.TDX);
        assertEquals(expected("tdx", "synthetic-tdvf-mrtd", "expected_mrtd_single_pass"),
                hex(v.get(0).registers().get("mrtd")));
        assertEquals(expected("tdx", "synthetic-tdvf-mrtd", "expected_mrtd_two_pass"),
                hex(v.get(1).registers().get("mrtd")));
        // No direct boot: the RTMRs depend on what boots, so none is derived (and none pinned).
        assertEquals(List.of("mrtd"), List.copyOf(v.get(0).registers().keySet()));
    }

    @Test
    void tdxDirectBootAddsRtmr2FromCommandLineAndInitrdDigest() throws Exception {
        String initrd = "00".repeat(48);
        Path m = manifest("{\"entries\": [{\"name\": \"boot\", \"firmware\": \"tdvf.fd\", \"kernelSha256\": \""
                + "00".repeat(32) + "\", \"initrdSha384\": \"" + initrd + "\", \"append\": \"console=hvc0\"}]}");
        Map<String, byte[]> r = ReferenceManifest.read(m).derive(TeeType.TDX).get(0).registers();
        // Without the kernel file RTMR1 (its Authenticode digest) is not derivable; RTMR2 is.
        assertEquals(List.of("mrtd", "rtmr2"), List.copyOf(r.keySet()));
        assertEquals(hex(io.tee4j.measure.tdx.DirectBoot.rtmr2("console=hvc0", new byte[48]).value()),
                hex(r.get("rtmr2")));
    }

    @Test
    void ccaEntryDerivesRealmCreateRim() throws Exception {
        Path m = manifest("{\"entries\": [{\"name\": \"realm\", \"cca\": {\"ipaBits\": 48}}]}");
        String rim64 = expected("cca_rim", "cca-realm-create-sha256", "expected_rim_64B");
        assertEquals(rim64.substring(0, 64), hex(ReferenceManifest.read(m).derive(TeeType.CCA).get(0)
                .registers().get("rim")));
    }

    @Test
    void entriesAreFilteredByTee() throws Exception {
        Path m = manifest("{\"entries\": [{\"name\": \"realm\", \"cca\": {\"ipaBits\": 48}},"
                + " {\"name\": \"td\", \"tee\": \"tdx\", \"firmware\": \"tdvf.fd\"}]}");
        ReferenceManifest rm = ReferenceManifest.read(m);
        assertEquals(List.of("td"), rm.derive(TeeType.TDX).stream().map(ReferenceValues::entry).toList());
        MeasurementInputException e = assertThrows(MeasurementInputException.class, () -> rm.derive(TeeType.SEV_SNP));
        assertTrue(e.getMessage().contains("no entry for sev-snp"), e.getMessage());
    }

    @Test
    void fileNamesMayNotLeaveTheManifestsFolder() throws Exception {
        for (String name : new String[] {"../OVMF.fd", "/etc/passwd", "a/../../OVMF.fd", ""}) {
            PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> ReferenceManifest.read(
                    manifest("{\"entries\": [{\"name\": \"x\", \"firmware\": \"" + name + "\"}]}")), name);
            assertTrue(e.path().endsWith(".firmware"), e.getMessage());
        }
    }

    @Test
    void aSymbolicLinkOutOfTheFolderIsNotFollowed(@TempDir Path outside) throws Exception {
        Files.write(outside.resolve("secret"), Vectors.bytes("sev-snp-measure/ovmf_AmdSev_suffix.bin"));
        Path m = manifest("{\"entries\": [{\"name\": \"x\", \"firmware\": \"link.fd\", \"vcpuSig\": 1}]}");
        Files.createSymbolicLink(dir.resolve("link.fd"), outside.resolve("secret"));
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> ReferenceManifest.read(m).derive(TeeType.SEV_SNP));
        assertTrue(e.getMessage().contains("outside the manifest's folder"), e.getMessage());
    }

    @Test
    void firmwareLargerThanTheCollateralCapIsRead() throws Exception {
        // 5 MiB of zeros: over CollateralFiles' 4 MiB default, within the firmware cap, so the
        // failure is the firmware's (no footer table), not the size.
        Path m = manifest("{\"entries\": [{\"name\": \"big\", \"firmware\": \"big.fd\"}]}");
        Files.write(dir.resolve("big.fd"), new byte[5 << 20]);
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                () -> ReferenceManifest.read(m).derive(TeeType.TDX));
        assertTrue(e.getMessage().startsWith("reference manifest entry 'big': "), e.getMessage());
    }

    @Test
    void shapeErrorsNameTheJsonPath() throws Exception {
        assertEquals("$.entries[1].name", assertThrows(PolicyFormatException.class, () -> ReferenceManifest.read(
                manifest("{\"entries\": [{\"name\": \"a\", \"firmware\": \"OVMF.fd\"}, {\"name\": \"a\","
                        + " \"firmware\": \"OVMF.fd\"}]}"))).path());
        assertEquals("$.entries[0].kernal", assertThrows(PolicyFormatException.class, () -> ReferenceManifest.read(
                manifest("{\"entries\": [{\"name\": \"a\", \"firmware\": \"OVMF.fd\", \"kernal\": \"x\"}]}"))).path());
        assertEquals("$.entries[0].kernel", assertThrows(PolicyFormatException.class, () -> ReferenceManifest.read(
                manifest("{\"entries\": [{\"name\": \"a\", \"firmware\": \"OVMF.fd\", \"append\": \"x\"}]}"))).path());
        assertThrows(PolicyFormatException.class, () -> ReferenceManifest.read(manifest("{\"entries\": []}")));
        assertThrows(PolicyFormatException.class, () -> ReferenceManifest.read(manifest("[1]")));
    }

    @Test
    void qemuEntryWithoutVcpuModelIsAnInputError() throws Exception {
        Path m = manifest("{\"entries\": [{\"name\": \"nocpu\", \"firmware\": \"OVMF.fd\"}]}");
        MeasurementInputException e = assertThrows(MeasurementInputException.class,
                () -> ReferenceManifest.read(m).derive(TeeType.SEV_SNP));
        assertTrue(e.getMessage().startsWith("reference manifest entry 'nocpu': a QEMU guest needs vcpuType"),
                e.getMessage());
    }
}
