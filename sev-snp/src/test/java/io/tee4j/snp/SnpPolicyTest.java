package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbComponents;
import io.tee4j.snp.validate.SnpPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnpPolicyTest {
    private static AttestationReport report(String name) throws Exception {
        return AttestationReport.parse(Vectors.report(name), Vectors.product(name));
    }

    @Test
    void defaultsAcceptOrdinaryProductionGuests() throws Exception {
        for (String n : List.of("oak-milan-v3", "oak-genoa-v5", "oak-turin-v5", "azure-genoa-v3-hcl",
                "trustee-milan-v3-vlek")) {
            assertEquals(List.of(), SnpPolicy.defaults().check(report(n)), n);
        }
    }

    @Test
    void defaultsRejectDebugMigrationAgentCxlAndReservedBits() throws Exception {
        byte[] b = Vectors.report("oak-genoa-v5");
        long policy = LittleEndian.u64(b, 8) | 1L << 18 | 1L << 19 | 1L << 21 | 1L << 40;
        LittleEndian.putU64(b, 8, policy);
        List<String> v = SnpPolicy.defaults().check(AttestationReport.parse(b));
        assertEquals(4, v.size(), v.toString());
        assertTrue(v.get(0).contains("debug"));
        assertTrue(v.get(1).contains("migration agent"));
        assertTrue(v.get(2).contains("CXL"));
        assertTrue(v.get(3).contains("reserved"));
    }

    @Test
    void everyFailedCheckIsListed() throws Exception {
        AttestationReport r = report("trustee-milan-v3-vlek");
        SnpPolicy p = SnpPolicy.builder()
                .allowSmt(false)
                .requireSingleSocket(true)
                .requireAes256Xts(true)
                .requireRaplDisabled(true)
                .requireCiphertextHiding(true)
                .requirePageSwapDisabled(true)
                .minimumAbi(1, 60)
                .minimumGuestSvn(1)
                .reportData(new byte[64])
                .hostData(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                    24, 25, 26, 27, 28, 29, 30, 31, 32})
                .imageId(new byte[16])
                .familyId(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
                .reportId(new byte[32])
                .reportIdMa(new byte[32])
                .addMeasurement(new byte[48])
                .chipId(new byte[64])
                .minimumBuild(30)
                .minimumApiVersion(1, 56)
                .minimumTcb(new TcbComponents(0, 4, 0, 25, 0))
                .minimumLaunchTcb(new TcbComponents(0, 5, 0, 0, 0))
                .permitProvisionalFirmware(false)
                .allowedPlatformInfoBits(0x1)
                .requiredPlatformInfoBits(0x10)
                .vmpl(0)
                .requireAuthorKey(true)
                .requireIdBlock(true)
                .requiredLaunchMitigations(1)
                .allowedSigningKeys(java.util.Set.of(SigningKey.VCEK))
                .minimumReportVersion(5)
                .productLines(java.util.Set.of(ProductLine.GENOA))
                .build();
        List<String> v = p.check(r);
        String all = String.join("\n", v);
        for (String expected : List.of("version 3", "VLEK", "Milan", "SMT (bit 16)", "platform has SMT", "single socket",
                "AES-256", "RAPL", "ciphertext", "page swap", "ABI", "guest SVN", "report data", "host data", "family id",
                "report id", "migration agent report id", "measurement", "current firmware build",
                "committed firmware build", "current firmware API", "committed firmware API", "current TCB",
                "committed TCB", "reported TCB", "launch TCB", "committed TCB 0x",
                "platform info bits", "lacks required", "VMPL 1", "author key", "ID block", "launch mitigation")) {
            assertTrue(all.contains(expected), "missing '" + expected + "' in\n" + all);
        }
        // The chip id (all zero for VLEK) and image id (all zero) matched, so they are not listed.
        assertTrue(v.stream().noneMatch(s -> s.startsWith("chip id") || s.startsWith("image id")), all);
    }

    @Test
    void everyViolationNamesItsPolicyJsonKey() throws Exception {
        AttestationReport r = report("trustee-milan-v3-vlek");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("minimumReportVersion", 5);
        doc.put("allowedSigningKeys", List.of("VCEK"));
        doc.put("productLines", List.of("Genoa"));
        doc.put("allowSmt", false);
        doc.put("requireSingleSocket", true);
        doc.put("requireAes256Xts", true);
        doc.put("requireRaplDisabled", true);
        doc.put("requireCiphertextHiding", true);
        doc.put("requirePageSwapDisabled", true);
        doc.put("minimumAbi", Map.of("major", 1, "minor", 60));
        doc.put("minimumGuestSvn", 1);
        doc.put("reportData", "00".repeat(64));
        doc.put("hostData", "01".repeat(32));
        doc.put("familyId", "01".repeat(16));
        doc.put("reportId", "00".repeat(32));
        doc.put("reportIdMa", "00".repeat(32));
        doc.put("measurements", List.of("00".repeat(48)));
        doc.put("minimumBuild", 30);
        doc.put("minimumApiVersion", Map.of("major", 1, "minor", 56));
        doc.put("minimumTcb", Map.of("bootloader", 4, "snp", 25));
        doc.put("minimumLaunchTcb", Map.of("bootloader", 5));
        doc.put("permitProvisionalFirmware", false);
        doc.put("allowedPlatformInfoBits", 1);
        doc.put("requiredPlatformInfoBits", 16);
        doc.put("vmpl", 0);
        doc.put("requireAuthorKey", true);
        doc.put("requireIdBlock", true);
        doc.put("requiredLaunchMitigations", 1);
        SnpPolicy p = SnpPolicy.fromDocument(PolicyDocument.of(doc));
        List<PolicyViolation> v = p.violations(r);
        List<String> ids = v.stream().map(PolicyViolation::ruleId).distinct().toList();
        // Every key set above that the report fails is named, in evaluation order, by its JSON key.
        assertEquals(List.copyOf(doc.keySet()), ids, v.toString());
        assertTrue(SnpPolicy.KEYS.containsAll(ids), ids.toString());
        // check() is the same list of messages.
        assertEquals(v.stream().map(PolicyViolation::message).toList(), p.check(r));
        // A host-requested report is refused under the key that accepts it.
        byte[] b = Vectors.report("oak-genoa-v5");
        LittleEndian.putU32(b, 0x30, 0xFFFFFFFFL);
        assertEquals(List.of("allowHostRequestedReports"), SnpPolicy.defaults().violations(AttestationReport.parse(b))
                .stream().map(PolicyViolation::ruleId).toList());
    }

    @Test
    void everyKeyIsReadAndNamedInTheReadme() throws Exception {
        for (String key : SnpPolicy.KEYS) {
            // A value no key accepts: the reader must read the key (a type error), not call it unknown.
            PolicyFormatException e = assertThrows(PolicyFormatException.class,
                    () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of(key, List.of(List.of())))), key);
            assertTrue(e.path().contains(key) && !e.getMessage().endsWith(key + ": unknown key"), e.getMessage());
        }
        String readme = Files.readString(Path.of("README.md"));
        for (String key : SnpPolicy.KEYS) {
            assertTrue(readme.contains("`" + key + "`"), "README.md does not name " + key);
        }
        assertEquals(SnpPolicy.KEYS.size(), Set.copyOf(SnpPolicy.KEYS).size());
    }

    @Test
    void trustedKeysSatisfyIdBlockRules() throws Exception {
        AttestationReport r = report("trustee-milan-v2"); // has an ID key digest, no author key
        SnpPolicy p = SnpPolicy.builder().requireIdBlock(true).addTrustedIdKeyHash(r.idKeyDigest()).build();
        assertEquals(List.of(), p.check(r));
        SnpPolicy q = SnpPolicy.builder().requireIdBlock(true).addTrustedIdKeyHash(new byte[48]).build();
        assertEquals(1, q.check(r).size());
    }

    @Test
    void fromDocumentReadsEveryOption() throws Exception {
        AttestationReport r = report("oak-genoa-v5");
        HexFormat hex = HexFormat.of();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("allowDebug", false);
        doc.put("allowMigrationAgent", false);
        doc.put("allowSmt", true);
        doc.put("allowCxl", false);
        doc.put("permitUnknownGuestPolicyBits", false);
        doc.put("requireSingleSocket", false);
        doc.put("requireAes256Xts", false);
        doc.put("requireRaplDisabled", false);
        doc.put("requireCiphertextHiding", false);
        doc.put("requirePageSwapDisabled", false);
        doc.put("minimumAbi", Map.of("major", 0, "minor", 0));
        doc.put("minimumGuestSvn", 0);
        doc.put("reportData", hex.formatHex(r.reportData()));
        doc.put("hostData", hex.formatHex(r.hostData()));
        doc.put("imageId", hex.formatHex(r.imageId()));
        doc.put("familyId", hex.formatHex(r.familyId()));
        doc.put("reportId", hex.formatHex(r.reportId()));
        doc.put("reportIdMa", hex.formatHex(r.reportIdMa()));
        doc.put("measurements", List.of(hex.formatHex(new byte[48]), hex.formatHex(r.measurement())));
        doc.put("chipId", hex.formatHex(r.chipId()));
        doc.put("minimumBuild", 43);
        doc.put("minimumApiVersion", Map.of("major", 1, "minor", 55));
        doc.put("minimumTcb", Map.of("bootloader", 10, "snp", 25, "microcode", 84));
        doc.put("minimumLaunchTcb", Map.of("bootloader", 10, "tee", 0, "snp", 25, "microcode", 84, "fmc", 0));
        doc.put("permitProvisionalFirmware", false);
        doc.put("allowedPlatformInfoBits", "0xff");
        doc.put("requiredPlatformInfoBits", "0x1");
        doc.put("vmpl", 0);
        doc.put("requireAuthorKey", false);
        doc.put("requireIdBlock", true);
        doc.put("trustedIdKeyHashes", List.of(hex.formatHex(r.idKeyDigest())));
        doc.put("requiredLaunchMitigations", 1);
        doc.put("requiredCurrentMitigations", "0x1");
        doc.put("allowedSigningKeys", List.of("VCEK"));
        doc.put("minimumReportVersion", 3);
        doc.put("productLines", List.of("Genoa", "Turin"));
        SnpPolicy p = SnpPolicy.fromDocument(PolicyDocument.of(doc));
        assertEquals(List.of(), p.check(r));
        doc.put("minimumTcb", Map.of("snp", 26));
        assertEquals(3, SnpPolicy.fromDocument(PolicyDocument.of(doc)).check(r).size());
    }

    @Test
    void fromDocumentRejectsUnknownKeysAndBadValues() {
        PolicyFormatException e = assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("alowDebug", true))));
        assertEquals("$.alowDebug", e.path());
        e = assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("minimumTcb", Map.of("sn", 1)))));
        assertEquals("$.minimumTcb.sn", e.path());
        assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("measurements", List.of("00")))));
        assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("vmpl", 4))));
        assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("allowedSigningKeys", List.of("ARK")))));
        assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("allowDebug", "yes"))));
        // Found by the CLI's policy fuzzer: versions below 2 must be a format error, not an unchecked one.
        e = assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("minimumReportVersion", 1))));
        assertEquals("$.minimumReportVersion", e.path());
    }

    @Test
    void mitigationVectorsNeedVersion5() throws Exception {
        SnpPolicy p = SnpPolicy.builder().requiredCurrentMitigations(1).build();
        assertEquals(List.of(), p.check(report("oak-genoa-v5")));
        assertTrue(p.check(report("oak-milan-v3")).get(0).contains("older than version 5"));
    }
}
