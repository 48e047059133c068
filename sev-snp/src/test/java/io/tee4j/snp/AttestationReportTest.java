package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.TcbComponents;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.abi.TcbVersion;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AttestationReportTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<String> vectors() {
        return Vectors.names();
    }

    private static long hexLong(JsonNode n) {
        return Long.parseUnsignedLong(n.asText().substring(2), 16);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void everyVectorParsesToItsExpectedFields(String name) throws Exception {
        JsonNode f = Vectors.of(name).get("fields");
        AttestationReport r = AttestationReport.parse(Vectors.report(name));
        assertEquals(f.get("version").asInt(), r.version());
        assertEquals(f.get("guest_svn").asLong(), r.guestSvn());
        assertEquals(hexLong(f.get("policy")), r.policy().raw());
        assertEquals(f.get("family_id").asText(), HEX.formatHex(r.familyId()));
        assertEquals(f.get("image_id").asText(), HEX.formatHex(r.imageId()));
        assertEquals(f.get("vmpl").asLong(), r.vmpl());
        assertEquals(f.get("sig_algo").asInt(), r.signatureAlgorithm());
        assertEquals(hexLong(f.get("current_tcb")), r.currentTcb().raw());
        assertEquals(hexLong(f.get("platform_info")), r.platformInfo().raw());
        JsonNode s = f.get("signer_info");
        assertEquals(s.get("author_key_en").asInt() == 1, r.signerInfo().authorKeyEnabled());
        assertEquals(s.get("mask_chip_key").asInt() == 1, r.signerInfo().maskChipKey());
        assertEquals(s.get("signing_key").asInt(), r.signerInfo().signingKey().code());
        assertEquals(f.get("report_data").asText(), HEX.formatHex(r.reportData()));
        assertEquals(f.get("measurement").asText(), HEX.formatHex(r.measurement()));
        assertEquals(f.get("host_data").asText(), HEX.formatHex(r.hostData()));
        assertEquals(f.get("id_key_digest").asText(), HEX.formatHex(r.idKeyDigest()));
        assertEquals(f.get("author_key_digest").asText(), HEX.formatHex(r.authorKeyDigest()));
        assertEquals(f.get("report_id").asText(), HEX.formatHex(r.reportId()));
        assertEquals(f.get("report_id_ma").asText(), HEX.formatHex(r.reportIdMa()));
        assertEquals(hexLong(f.get("reported_tcb")), r.reportedTcb().raw());
        JsonNode cpuid = f.get("cpuid_fam_mod_step");
        if (r.version() >= 3) {
            assertEquals(Integer.parseInt(cpuid.get(0).asText().substring(2), 16), r.cpuidFamily().getAsInt());
            assertEquals(Integer.parseInt(cpuid.get(1).asText().substring(2), 16), r.cpuidModel().getAsInt());
            assertEquals(Integer.parseInt(cpuid.get(2).asText().substring(2), 16), r.cpuidStepping().getAsInt());
            assertEquals("cpuid", r.productSource());
            assertEquals(Vectors.product(name), r.productLine().orElseThrow());
        } else {
            assertTrue(r.cpuidFamily().isEmpty());
        }
        assertEquals(f.get("chip_id").asText(), HEX.formatHex(r.chipId()));
        assertEquals(hexLong(f.get("committed_tcb")), r.committedTcb().raw());
        JsonNode cur = f.get("current_bld_min_maj");
        assertEquals(cur.get(0).asInt(), r.currentBuild());
        assertEquals(cur.get(1).asInt(), r.currentMinor());
        assertEquals(cur.get(2).asInt(), r.currentMajor());
        JsonNode com = f.get("committed_bld_min_maj");
        assertEquals(com.get(0).asInt(), r.committedBuild());
        assertEquals(com.get(1).asInt(), r.committedMinor());
        assertEquals(com.get(2).asInt(), r.committedMajor());
        assertEquals(hexLong(f.get("launch_tcb")), r.launchTcb().raw());
        if (r.version() >= 5) {
            assertEquals(hexLong(f.get("launch_mit_vector")), r.launchMitigationVector().getAsLong());
            assertEquals(hexLong(f.get("current_mit_vector")), r.currentMitigationVector().getAsLong());
        } else {
            assertTrue(r.launchMitigationVector().isEmpty());
        }
        JsonNode parts = f.get("reported_tcb_parts");
        TcbVersion t = r.reportedTcb();
        assertEquals(parts.get("bl").asInt(), t.bootloader());
        assertEquals(parts.get("tee").asInt(), t.tee());
        assertEquals(parts.get("snp").asInt(), t.snp());
        assertEquals(parts.get("ucode").asInt(), t.microcode());
        if (parts.has("fmc")) {
            assertEquals(parts.get("fmc").asInt(), t.fmc());
            assertEquals(TcbLayout.TURIN, t.layout());
        }
    }

    @Test
    void turinReportUsesTheTurinLayout() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("oak-turin-v5"));
        assertEquals(ProductLine.TURIN, r.productLine().orElseThrow());
        TcbVersion t = r.reportedTcb();
        assertEquals(TcbLayout.TURIN, t.layout());
        assertEquals(new TcbComponents(0, 1, 0, 2, 71), t.components());
        // Read in the Milan/Genoa layout the same bytes would mean something else: the layout matters.
        TcbVersion wrong = TcbVersion.of(t.raw(), TcbLayout.MILAN_GENOA);
        assertEquals(0, wrong.snp());
        assertTrue(r.platformInfo().unknownBits() == 0x40, "bit 6 is kept, not fatal");
        assertTrue(r.platformInfo().aliasCheckComplete());
    }

    @Test
    void genoaV5HasMitigationVectors() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("oak-genoa-v5"));
        assertEquals(1L, r.launchMitigationVector().getAsLong());
        assertEquals(ProductLine.GENOA, r.productLine().orElseThrow());
    }

    @Test
    void version2WithoutHintUsesChipIdShape() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("gsg-milan-v2"));
        assertTrue(r.productLine().isEmpty());
        assertEquals(TcbLayout.MILAN_GENOA, r.tcbLayout());
        assertEquals("chip-id-shape", r.productSource());
        AttestationReport hinted = AttestationReport.parse(Vectors.report("gsg-milan-v2"), ProductLine.MILAN);
        assertEquals(ProductLine.MILAN, hinted.productLine().orElseThrow());
        // A v2 report whose chip id has only 8 significant bytes is Turin-shaped.
        byte[] b = Vectors.report("gsg-milan-v2");
        java.util.Arrays.fill(b, 0x1A8, 0x1E0, (byte) 0);
        AttestationReport turin = AttestationReport.parse(b);
        assertEquals(ProductLine.TURIN, turin.productLine().orElseThrow());
    }

    @Test
    void maskedChipIdVersion2WithoutHintIsAClearError() {
        byte[] b = Vectors.report("gsg-milan-v2");
        java.util.Arrays.fill(b, 0x1A0, 0x1E0, (byte) 0);
        MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(b));
        assertTrue(e.getMessage().contains("hint"), e.getMessage());
    }

    @Test
    void cpuidContradictingHintIsAnError() {
        assertThrows(MalformedEvidenceException.class,
                () -> AttestationReport.parse(Vectors.report("oak-turin-v5"), ProductLine.MILAN));
    }

    @Test
    void versionsOutsideTwoToFiveAreRejected() throws Exception {
        for (int v : new int[] {0, 1, 6, 7, 255}) {
            byte[] b = Vectors.report("oak-genoa-v5");
            LittleEndian.putU32(b, 0, v);
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(b));
            assertTrue(e.getMessage().contains("version " + v), e.getMessage());
        }
        byte[] b = Vectors.report("oak-milan-v3");
        LittleEndian.putU32(b, 0, 4);
        AttestationReport v4 = AttestationReport.parse(b);
        assertEquals(4, v4.version());
        assertEquals(0x19, v4.cpuidFamily().getAsInt());
    }

    @Test
    void mustBeZeroFieldsAreChecked() {
        int[] offsets = {0x4C, 0x4F, 0x18B, 0x19F, 0x1EB, 0x1EF, 0x208, 0x29F, 0x2A0 + 48, 0x2E8 + 71, 0x330, 0x49F};
        for (int off : offsets) {
            byte[] b = Vectors.report("oak-genoa-v5");
            b[off] = 1;
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class,
                    () -> AttestationReport.parse(b), "offset " + Integer.toHexString(off));
            assertTrue(e.getMessage().contains("0x" + Integer.toHexString(off)), e.getMessage());
        }
        // v2 and v3: the mitigation-vector area is reserved.
        byte[] b = Vectors.report("oak-milan-v3");
        b[0x1F8] = 1;
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(b));
        byte[] c = Vectors.report("gsg-milan-v2");
        c[0x188] = 0x19;
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(c));
    }

    @Test
    void signerInfoAndPolicyReservedBits() {
        byte[] b = Vectors.report("oak-genoa-v5");
        b[0x48] = (byte) (2 << 2);
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(b));
        byte[] c = Vectors.report("oak-genoa-v5");
        c[0x48] = 0x20;
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(c));
        byte[] d = Vectors.report("oak-genoa-v5");
        d[0x0A] &= ~0x02;
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(d));
    }

    @Test
    void wrongLengthsAreRejected() {
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(new byte[0]));
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(new byte[1183]));
        assertThrows(MalformedEvidenceException.class, () -> AttestationReport.parse(new byte[1185]));
    }

    @Test
    void hclBlobsHoldTheReportAt0x20AndBindTheirRuntimeData() throws Exception {
        for (String name : List.of("azure-milan-v2-hcl", "azure-genoa-v3-hcl")) {
            AzureHclReport hcl = AzureHclReport.parse(Vectors.evidenceFile(name));
            assertArrayEquals(Vectors.report(name), hcl.report());
            assertTrue(hcl.runtimeDataBound(), name);
            assertEquals("SHA-256", hcl.hashAlgorithm());
            byte[] tampered = Vectors.evidenceFile(name);
            tampered[0x4C0 + 30] ^= 1;
            assertFalse(AzureHclReport.parse(tampered).runtimeDataBound());
        }
        assertThrows(MalformedEvidenceException.class, () -> AzureHclReport.parse(Vectors.report("oak-milan-v3")));
        byte[] shortBlob = java.util.Arrays.copyOf(Vectors.evidenceFile("azure-milan-v2-hcl"), 0x4C0);
        assertThrows(MalformedEvidenceException.class, () -> AzureHclReport.parse(shortBlob));
    }
}
