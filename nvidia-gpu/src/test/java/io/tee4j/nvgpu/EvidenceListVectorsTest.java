package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.json.Json;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.DiceFwid;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.OpaqueField;
import io.tee4j.nvgpu.abi.ProtectedPcieFields;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.EvidenceListResult;
import io.tee4j.nvgpu.verify.EvidenceListVerifier;
import io.tee4j.nvgpu.verify.NvGpuAttestationResult;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every case of the shared NVIDIA evidence-list vectors (vectors/wrapped, from NVIDIA's attestation SDK and
 * Veraison) reproduced against its expected.json: architecture, RIM ids, opaque fields, PDIs, signature, chain
 * and FWID, and the set checks. Before this change the lists were refused ("request SPDM version 0x5b"), the
 * PPCIe fields were UNKNOWN_22/UNKNOWN_36, LS10 was not verifiable and Blackwell failed with an FWID error.
 */
class EvidenceListVectorsTest {
    static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");
    static final NvGpuPolicy UNAPPRAISED = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).build();

    static List<DeviceEvidence> list(String name) throws Exception {
        return EvidenceList.parse(Vectors.bytes("wrapped/" + name));
    }

    static NvGpuVerifier offline() {
        return NvGpuVerifier.builder().revocationMode(RevocationMode.SKIP_INSECURE).build();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> expected(String name) throws Exception {
        Map<String, Object> all = Json.object(Json.parse(Vectors.bytes("wrapped/expected.json")), "$");
        return (List<Map<String, Object>>) all.get(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nvat-hopper_evidence.json", "nvat-hopper_evidence_cert_hold.json",
            "nvat-multi_gpu_hopper.json", "nvat-switch_evidence_ls10.json", "nvat-multi_switch_ls10.json",
            "veraison-blackwell-evidence.json"})
    void everyEntryMatchesExpected(String name) throws Exception {
        List<DeviceEvidence> devices = list(name);
        List<Map<String, Object>> exp = expected(name);
        assertEquals(exp.size(), devices.size());
        NvGpuVerifier verifier = offline();
        for (int i = 0; i < devices.size(); i++) {
            DeviceEvidence d = devices.get(i);
            Map<String, Object> e = exp.get(i);
            String where = name + "[" + i + "]";
            assertEquals(e.get("arch"), d.declaredArchitecture().name(), where);
            assertEquals(e.get("evidence_sha256"), HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(d.report())), where);
            SpdmMeasurementReport r = SpdmMeasurementReport.parse(d.report());
            assertEquals(((Number) e.get("n_blocks")).intValue(), r.blocks().size(), where);
            assertEquals(e.get("request_nonce"), HexFormat.of().formatHex(r.requestNonce()), where);
            List<Integer> types = new ArrayList<>();
            for (OpaqueField f : r.opaqueData().fields()) {
                types.add(f.type());
                String n = d.declaredArchitecture().isSwitch() ? OpaqueData.switchTypeName(f.type()) : f.name();
                assertFalse(n.startsWith("UNKNOWN"), where + " type " + f.type() + " has no name");
            }
            assertEquals(((List<?>) e.get("opaque_types")).stream().map(o -> ((Number) o).intValue()).toList(),
                    types.stream().sorted().toList());
            NvGpuAttestationResult result = verifier.verify(evidence(d), UNAPPRAISED, AT);
            assertEquals(d.declaredArchitecture(), result.architecture(), where);
            assertEquals(e.get("brom_serial"), io.tee4j.nvgpu.abi.CertificateNames.serialNumber(
                    result.deviceChain().get(1)), where);
            if (d.declaredArchitecture().isSwitch()) {
                checkSwitch(e, r, where);
            } else {
                checkGpu(e, r, result, where);
            }
        }
    }

    private static void checkGpu(Map<String, Object> e, SpdmMeasurementReport r, NvGpuAttestationResult result,
            String where) throws Exception {
        DeviceArchitecture arch = result.architecture();
        assertEquals(e.get("driver_rim_id"), RimIds.driver(r, arch).orElseThrow(), where);
        assertEquals(e.get("vbios_rim_id"), RimIds.vbios(r, arch).orElseThrow(), where);
        assertEquals(e.get("fwid_cert_oid"), DiceFwid.oidFor(arch), where);
        assertEquals(e.get("fwid_report"), HexFormat.of().formatHex(r.opaqueData().fwid().orElseThrow()), where);
        Object flag = e.get("feature_flag");
        assertEquals(flag == Json.NULL ? null : flag, ProtectedPcieFields.featureFlag(r.opaqueData()).orElse(null));
        Object chip = e.get("chip_info");
        assertEquals(chip == Json.NULL ? null : chip, r.opaqueData().ascii(OpaqueData.CHIP_INFO).orElse(null));
        assertEquals("aa".equals(e.get("protected_pcie_status")), ProtectedPcieFields.ppcieMode(r.opaqueData()), where);
        if (e.containsKey("switch_pdis_le")) {
            assertEquals(e.get("switch_pdis_le"), ProtectedPcieFields.gpuSwitchPdis(r.opaqueData()).stream().distinct()
                    .sorted().toList(), where);
        }
    }

    private static void checkSwitch(Map<String, Object> e, SpdmMeasurementReport r, String where) throws Exception {
        assertEquals(e.get("switch_bios_rim_id"), RimIds.vbios(r, DeviceArchitecture.LS10).orElseThrow(), where);
        assertTrue(RimIds.driver(r, DeviceArchitecture.LS10).isEmpty(), where);
        assertEquals(e.get("device_pdi"), ProtectedPcieFields.switchDevicePdi(r.opaqueData()), where);
        assertEquals(e.get("gpu_pdis"), ProtectedPcieFields.switchGpuPdis(r.opaqueData()), where);
        assertEquals("SWITCH_GPU_PDIS", OpaqueData.switchTypeName(OpaqueData.SWITCH_GPU_PDIS));
        assertEquals("DEVICE_PDI", OpaqueData.switchTypeName(OpaqueData.SWITCH_PDI));
    }

    static Evidence evidence(DeviceEvidence d) {
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, d.report());
        d.certificates().forEach(b::addCertificate);
        d.nonce().ifPresent(b::nonce);
        return b.build();
    }

    @Test
    void aTamperedMeasurementFailsTheSignature() throws Exception {
        for (String name : List.of("nvat-hopper_evidence.json", "nvat-switch_evidence_ls10.json",
                "veraison-blackwell-evidence.json")) {
            DeviceEvidence d = list(name).get(0);
            byte[] raw = d.report();
            // Byte 60 lies in block 1's measurement value (request 37, response header 8, block and DMTF headers 7):
            // a change there leaves the report well formed, so only the signature can catch it.
            raw[60] ^= 1;
            Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, raw);
            d.certificates().forEach(b::addCertificate);
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> offline().verify(b.build(), UNAPPRAISED, AT), name);
            assertEquals(VerificationFailedException.Reason.SIGNATURE, e.reason(), name);
        }
    }

    @Test
    void blackwellVerifiesWithUnappraisedMeasurementsAndIsRefusedByDefaultForItsMissingRim() throws Exception {
        DeviceEvidence d = list("veraison-blackwell-evidence.json").get(0);
        NvGpuAttestationResult ok = offline().verify(evidence(d), UNAPPRAISED, AT);
        assertEquals(DeviceArchitecture.BLACKWELL, ok.architecture());
        assertEquals("GB100 A01 GSP BROM", ok.hardwareModel());
        // Before: "FWID extension ... not in the signing certificate"; the RIM id was the Hopper one.
        RimNotFoundException e = assertThrows(RimNotFoundException.class,
                () -> offline().verify(evidence(d), NvGpuPolicy.defaults(), AT));
        assertTrue(e.getMessage().contains("NV_GPU_CC_DRIVER_GB100_590.48.01 not found"), e.getMessage());
        assertEquals(3, e.failureClass().exitCode());
    }

    @Test
    void certHoldEvidencePassesOffline() throws Exception {
        EvidenceListResult r = new EvidenceListVerifier(offline()).verify(list("nvat-hopper_evidence_cert_hold.json"),
                UNAPPRAISED, AT);
        assertEquals(1, r.devices().size());
        assertFalse(r.topologyChecked());
    }

    @Test
    void fourHopperGpusVerifyAsAListWithoutSwitches() throws Exception {
        EvidenceListResult r = new EvidenceListVerifier(offline()).verify(list("nvat-multi_gpu_hopper.json"),
                UNAPPRAISED, AT);
        assertEquals(4, r.devices().size());
        assertEquals(4L, r.claims().get("gpuCount"));
        assertEquals(4, ((List<?>) r.claims().get("devices")).size());
    }

    @Test
    void theRepeatedSwitchFailsTheTopologyCheck() throws Exception {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () ->
                new EvidenceListVerifier(offline()).verify(list("nvat-multi_switch_ls10.json"), UNAPPRAISED, AT));
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
        assertTrue(e.getMessage().contains("topology check failed"), e.getMessage());
        assertTrue(e.getMessage().contains("NVSwitch 203eb31ad9ed0008 is presented 4 times"), e.getMessage());
        assertTrue(e.getMessage().contains("extra GPUs that were not presented"), e.getMessage());
    }

    @Test
    void gpusAndTheRepeatedSwitchFailTogether() throws Exception {
        List<DeviceEvidence> both = EvidenceList.concat(List.of(list("nvat-multi_gpu_hopper.json"),
                list("nvat-multi_switch_ls10.json")));
        assertEquals(8, both.size());
        assertEquals(7, both.get(7).index());
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () ->
                new EvidenceListVerifier(offline()).verify(both, UNAPPRAISED, AT));
        assertTrue(e.getMessage().contains("4 GPUs, 4 NVSwitches presented"), e.getMessage());
        assertTrue(e.getMessage().contains("device 0 (GPU 2921ce551e4eeda3) links to extra switches"), e.getMessage());
        assertTrue(e.getMessage().contains("another nonce"), e.getMessage());
    }

    @Test
    void requirePpcieChecksTopologyEvenWithoutSwitches() throws Exception {
        NvGpuPolicy ppcie = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).requirePpcie(true).build();
        AttestationException e = assertThrows(AttestationException.class, () ->
                new EvidenceListVerifier(offline()).verify(list("nvat-multi_gpu_hopper.json"), ppcie, AT));
        assertTrue(e.getMessage().contains("is missing presented switches") || e.getMessage().contains("extra switches"),
                e.getMessage());
        // a GPU outside PPCIe mode is a policy violation under requirePpcie
        io.tee4j.core.PolicyViolationException v = assertThrows(io.tee4j.core.PolicyViolationException.class, () ->
                new EvidenceListVerifier(offline()).verify(list("nvat-hopper_evidence_cert_hold.json"),
                        NvGpuPolicy.builder().allowUnappraisedMeasurements(true).requirePpcie(true).build(), AT));
        assertTrue(v.ruleIds().contains("requirePpcie"), v.ruleIds().toString());
    }

    @Test
    void oneGpuRepeatedCannotPassForSeveral() throws Exception {
        // Without switches there is no topology check, but a device presented twice is still refused: otherwise
        // expectedGpuCount 4 would be met by one GPU's evidence repeated.
        DeviceEvidence one = list("nvat-multi_gpu_hopper.json").get(0);
        List<DeviceEvidence> four = EvidenceList.concat(List.of(List.of(one, one), List.of(one, one)));
        NvGpuPolicy policy = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).expectedGpuCount(4).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> new EvidenceListVerifier(offline()).verify(four, policy, AT));
        assertTrue(e.getMessage().contains("GPU 2921ce551e4eeda3 is presented 4 times"), e.getMessage());
    }

    @Test
    void expectedCountsAreEnforcedByName() throws Exception {
        NvGpuPolicy eight = NvGpuPolicy.builder().allowUnappraisedMeasurements(true).expectedGpuCount(8)
                .expectedSwitchCount(0).build();
        io.tee4j.core.PolicyViolationException v = assertThrows(io.tee4j.core.PolicyViolationException.class, () ->
                new EvidenceListVerifier(offline()).verify(list("nvat-multi_gpu_hopper.json"), eight, AT));
        assertEquals(List.of("expectedGpuCount"), v.ruleIds());
        assertTrue(v.getMessage().contains("8 GPUs expected, 4 presented"), v.getMessage());
    }

    @Test
    void aDeclaredArchitectureThatIsNotTheReportsIsMalformed() throws Exception {
        String json = new String(Vectors.bytes("wrapped/nvat-hopper_evidence.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"HOPPER\"", "\"BLACKWELL\"");
        AttestationException e = assertThrows(AttestationException.class, () -> new EvidenceListVerifier(offline())
                .verify(EvidenceList.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), UNAPPRAISED, AT));
        assertEquals(6, e.failureClass().exitCode());
        assertTrue(e.getMessage().contains("the list says BLACKWELL but the report and its certificates are HOPPER"),
                e.getMessage());
    }

    @Test
    void anUnknownArchitectureSaysSo() throws Exception {
        String json = new String(Vectors.bytes("wrapped/nvat-hopper_evidence.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"HOPPER\"", "\"RUBIN\"");
        AttestationException e = assertThrows(AttestationException.class,
                () -> EvidenceList.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(6, e.failureClass().exitCode());
        assertTrue(e.getMessage().contains("unknown NVIDIA device architecture 'RUBIN'"), e.getMessage());
    }

    @Test
    void aFailingDeviceIsNamedAndKeepsItsFailureClass() throws Exception {
        List<DeviceEvidence> gpus = list("nvat-multi_gpu_hopper.json");
        AttestationException e = assertThrows(AttestationException.class, () -> new EvidenceListVerifier(offline())
                .verify(gpus, NvGpuPolicy.defaults(), AT));
        assertInstanceOf(RimNotFoundException.class, e);
        assertTrue(e.getMessage().contains("device 0 (HOPPER GPU)"), e.getMessage());
    }
}
