package io.tee4j.measure.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.Vectors;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sev_snp_launch_digest case of the shared expected.json (sev-snp-measure, virtee/sev, dstack-mr). */
class SnpLaunchDigestTest {

    static List<JsonNode> cases() {
        return Vectors.cases("sev_snp_launch_digest").stream().filter(c -> !c.has("expected_error"))
                .collect(Collectors.toList());
    }

    static List<JsonNode> errorCases() {
        return Vectors.cases("sev_snp_launch_digest").stream().filter(c -> c.has("expected_error"))
                .collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesExpectedDigest(JsonNode c) throws Exception {
        String expected = c.has("expected") ? c.get("expected").asText() : c.get("expected_sha256").asText();
        assertEquals(expected, Vectors.hex(measure(c)), c.get("id").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void kernelWithoutKernelHashesSectionIsRefusedAsSevSnpMeasureDoes(JsonNode c) {
        MeasurementInputException e = assertThrows(MeasurementInputException.class, () -> measure(c));
        assertEquals(c.get("expected_error").asText(), e.getMessage());
    }

    @Test
    void seededDigestEqualsFullDigest() throws Exception {
        // ssm-snp-ovmf-hash is the seed of the ssm-snp-seeded cases: measuring the firmware or
        // starting from its digest must give the same launch digest.
        OvmfImage fw = OvmfImage.parse(Vectors.bytes("sev-snp-measure/ovmf_AmdSev_suffix.bin"));
        SnpLaunch.Builder full = SnpLaunch.builder(fw).vcpus(4).vcpuSignature(0xA00F11).guestFeatures(0x21)
                .hashes(SevHashesTable.of(new byte[0], null, "x"));
        byte[] seed = SnpLaunchDigest.firmwareDigest(fw);
        assertEquals(Vectors.hex(SnpLaunchDigest.compute(full.build())),
                Vectors.hex(SnpLaunchDigest.compute(full.firmwareDigest(seed).build())));
    }

    /** Interprets one case of expected.json. */
    static byte[] measure(JsonNode c) throws MalformedEvidenceException, MeasurementInputException {
        OvmfImage fw = OvmfImage.parse(Vectors.bytes(c.get("ovmf").asText()));
        String mode = c.get("mode").asText();
        if (mode.equals("snp:ovmf-hash")) {
            return SnpLaunchDigest.firmwareDigest(fw);
        }
        SevHashesTable hashes = null;
        if (c.hasNonNull("kernel")) {
            byte[] initrd = c.hasNonNull("initrd") ? new byte[0] : null;
            hashes = SevHashesTable.of(new byte[0], initrd, c.has("append") ? c.get("append").asText() : null);
        }
        if (mode.equals("sev")) {
            return LegacySevDigest.sev(fw, hashes);
        }
        SnpLaunch.Builder b = SnpLaunch.builder(fw).vcpus(c.get("vcpus").asInt()).vmm(vmm(c)).hashes(hashes)
                .vcpuSignature(signature(c));
        if (c.has("guest_features")) {
            b.guestFeatures(Long.decode(c.get("guest_features").asText()));
        }
        if (c.has("seed_ovmf_hash")) {
            b.firmwareDigest(Vectors.hex(c.get("seed_ovmf_hash").asText()));
        }
        return mode.equals("seves") ? LegacySevDigest.seves(b.build()) : SnpLaunchDigest.compute(b.build());
    }

    private static VmmType vmm(JsonNode c) {
        String v = c.has("vmm") ? c.get("vmm").asText() : "QEMU";
        if (v.startsWith("ec2 (OLD")) {
            return VmmType.EC2_RDX_ZERO;
        }
        return VmmType.valueOf(v.toUpperCase(java.util.Locale.ROOT));
    }

    private static long signature(JsonNode c) {
        String s = c.has("vcpu_sig") ? c.get("vcpu_sig").asText() : "";
        return s.startsWith("0x") ? Long.decode(s.split(" ")[0]) : 0;
    }
}
