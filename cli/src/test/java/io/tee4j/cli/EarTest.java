package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.testing.TestCa;
import io.tee4j.nvgpu.verify.NvGpuTrustAnchors;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.verify.SnpTrustAnchors;
import io.tee4j.tdx.verify.TdxTrustAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarTest {

    @Test
    void tiersFollowTheAr4siRanges() {
        assertEquals(0, Ear.tierOf(-1));
        assertEquals(0, Ear.tierOf(0));
        assertEquals(0, Ear.tierOf(1));
        assertEquals(2, Ear.tierOf(2));
        assertEquals(2, Ear.tierOf(31));
        assertEquals(32, Ear.tierOf(32));
        assertEquals(32, Ear.tierOf(95));
        assertEquals(96, Ear.tierOf(96));
        assertEquals(96, Ear.tierOf(99));
        assertEquals(96, Ear.tierOf(127));
        assertEquals(2, Ear.tierOf(-2));
        assertEquals(2, Ear.tierOf(-32));
        assertEquals(32, Ear.tierOf(-33));
        assertEquals(32, Ear.tierOf(-96));
        assertEquals(96, Ear.tierOf(-97));
        assertEquals(96, Ear.tierOf(-128));
    }

    @Test
    void statusIsTheWorstClaim() {
        Map<String, Integer> v = new LinkedHashMap<>();
        v.put("hardware", 2);
        v.put("executables", 33);
        assertEquals("warning", Ear.tierName(Ear.worstTier(v)));
        v.put("configuration", 96);
        assertEquals("contraindicated", Ear.tierName(Ear.worstTier(v)));
    }

    /** A verified result as a backend would return it, with the claims and anchors a test needs. */
    private static AttestationResult result(TeeType tee, boolean explicitAnchors, TcbStatus tcb, Object appraised) {
        Claims.Builder claims = Claims.builder().put("tee", tee.id());
        if (appraised != null) {
            claims.put(Ear.MEASUREMENTS_APPRAISED, appraised);
        }
        Claims built = claims.build();
        CommonClaims common = CommonClaims.builder(tee).tcbStatus(tcb).build();
        return new FixedResult(tee, common, built, new VerificationInfo(Instant.EPOCH,
                VerificationInfo.origin(explicitAnchors), false, tcb, List.of()));
    }

    private static JsonNode vector(JsonNode ear, String submod) {
        return ear.get("submods").get(submod).get("ear.trustworthiness-vector");
    }

    private static String status(JsonNode ear, String submod) {
        return ear.get("submods").get(submod).get("ear.status").asText();
    }

    @Test
    void executablesFollowTheTopLevelMeasurementsAppraisedClaim() {
        // Issue 14 item 27: executables were always 33, so the status never reached affirming.
        JsonNode ear = Ear.fromResult(result(TeeType.TDX, false, TcbStatus.UP_TO_DATE, true), new byte[1],
                Instant.EPOCH);
        assertEquals(2, vector(ear, "cpu0").get("executables").asInt());
        assertEquals("affirming", status(ear, "cpu0"));
        for (Object notAppraised : new Object[] {null, false, "true", 1}) {
            ear = Ear.fromResult(result(TeeType.TDX, false, TcbStatus.UP_TO_DATE, notAppraised), new byte[1],
                    Instant.EPOCH);
            assertEquals(33, vector(ear, "cpu0").get("executables").asInt(), String.valueOf(notAppraised));
            assertEquals("warning", status(ear, "cpu0"));
        }
        // Only the top-level claim counts, not one nested under another name.
        AttestationResult nested = result(TeeType.NVIDIA_GPU, false, TcbStatus.UP_TO_DATE, null);
        assertEquals(33, vector(Ear.fromResult(nested, null, Instant.EPOCH), "gpu0").get("executables").asInt());
    }

    @Test
    void simulatorRootsNeverMakeHardwareGenuine(@TempDir Path dir) throws IOException {
        // Issue 14 item 27: with simulator roots EAR said hardware 2.
        Cli.Result init = Cli.run("simulator", "init", dir.resolve("sim").toString());
        assertEquals(0, init.rc(), init.toString());
        for (TeeType tee : List.of(TeeType.SEV_SNP, TeeType.TDX, TeeType.NVIDIA_GPU)) {
            byte[] root = Files.readAllBytes(dir.resolve("sim").resolve(tee.id() + "-root.pem"));
            JsonNode ear = Ear.fromResult(result(tee, true, TcbStatus.UP_TO_DATE, true), new byte[1], Instant.EPOCH,
                    List.of(root));
            String sub = Ear.submodName(tee);
            assertEquals(Ear.UNRECOGNIZED_HARDWARE, vector(ear, sub).get("hardware").asInt(), tee.id());
            assertEquals("contraindicated", status(ear, sub), tee.id());
        }
        // CCA's simulator is known by the implementation id in its token, whatever the CPAK file.
        byte[] token = new byte[100];
        System.arraycopy(CcaSimulator.IMPLEMENTATION_ID, 0, token, 40, CcaSimulator.IMPLEMENTATION_ID.length);
        JsonNode ear = Ear.fromResult(result(TeeType.CCA, true, TcbStatus.NOT_EVALUATED, true), token, Instant.EPOCH);
        assertEquals(Ear.UNRECOGNIZED_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
        // A caller's own root that is no simulator's (a real CCA platform's CPAK) keeps hardware 2.
        ear = Ear.fromResult(result(TeeType.CCA, true, TcbStatus.NOT_EVALUATED, true), new byte[100], Instant.EPOCH,
                List.of(DemoSamples.resource("cca/ta.json")));
        assertEquals(Ear.GENUINE_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
        // The vendors' own roots passed explicitly vouch as the bundled ones do...
        Map<TeeType, List<X509Certificate>> vendor = Map.of(
                TeeType.SEV_SNP, SnpTrustAnchors.bundled().anchors(ProductLine.GENOA).orElseThrow().roots(),
                TeeType.TDX, TdxTrustAnchors.intelRoot().roots(),
                TeeType.NVIDIA_GPU, List.of(NvGpuTrustAnchors.deviceIdentity().roots().get(0),
                        NvGpuTrustAnchors.corimSigning().roots().get(0)));
        for (Map.Entry<TeeType, List<X509Certificate>> e : vendor.entrySet()) {
            List<byte[]> roots = e.getValue().stream().map(c -> Certificates.toPem(c).getBytes()).toList();
            ear = Ear.fromResult(result(e.getKey(), true, TcbStatus.UP_TO_DATE, true), new byte[1], Instant.EPOCH,
                    roots);
            assertEquals(Ear.GENUINE_HARDWARE, vector(ear, Ear.submodName(e.getKey())).get("hardware").asInt(),
                    e.getKey().id());
        }
        // ...and no other root does, simulator or not: a test CA, or roots not at hand.
        byte[] testCa = Certificates.toPem(TestCa.root("CN=Intel SGX Root CA,O=Someone Else").build().certificate())
                .getBytes();
        ear = Ear.fromResult(result(TeeType.TDX, true, TcbStatus.UP_TO_DATE, true), new byte[1], Instant.EPOCH,
                List.of(testCa));
        assertEquals(Ear.UNRECOGNIZED_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
        ear = Ear.fromResult(result(TeeType.TDX, true, TcbStatus.UP_TO_DATE, true), new byte[1], Instant.EPOCH);
        assertEquals(Ear.UNRECOGNIZED_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
        ear = Ear.fromResult(result(TeeType.TDX, false, TcbStatus.UP_TO_DATE, true), new byte[1], Instant.EPOCH);
        assertEquals(Ear.GENUINE_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
    }

    @Test
    void theCommandLabelsSimulatedAndRealEvidenceApart(@TempDir Path dir) throws IOException {
        Path sim = dir.resolve("sim");
        assertEquals(0, Cli.run("simulator", "init", sim.toString()).rc());
        Path r = dir.resolve("r.bin");
        Path c = dir.resolve("c.pem");
        assertEquals(0, Cli.run("attest", "--simulate", sim.toString(), "--tee", "sev-snp", "--report-data", "00",
                "--out", r.toString(), "--certs-out", c.toString()).rc());
        Cli.Result res = Cli.run("verify", "--tee", "sev-snp", "--evidence", r.toString(), "--cert", c.toString(),
                "--trust-root", sim.resolve("sev-snp-root.pem").toString(), "--collateral",
                sim.resolve("sev-snp-crl.der").toString(), "--offline", "--json", "--format", "ear");
        assertEquals(0, res.rc(), res.toString());
        JsonNode ear = Json.MAPPER.readTree(res.out());
        assertEquals(Ear.UNRECOGNIZED_HARDWARE, vector(ear, "cpu0").get("hardware").asInt(), res.out());
        assertEquals("contraindicated", status(ear, "cpu0"));
        // The real Arm FVP token with its trust-anchor store: the caller's root, hardware 2.
        Path token = Files.write(dir.resolve("token.cbor"), DemoSamples.resource("cca/token.cbor"));
        Path ta = Files.write(dir.resolve("ta.json"), DemoSamples.resource("cca/ta.json"));
        res = Cli.run("verify", "--tee", "cca", "--evidence", token.toString(), "--trust-root", ta.toString(),
                "--at", "2025-01-01T00:00:00Z", "--offline", "--json", "--format", "ear");
        assertEquals(0, res.rc(), res.toString());
        assertEquals(Ear.GENUINE_HARDWARE, vector(Json.MAPPER.readTree(res.out()), "cpu0").get("hardware").asInt());
    }

    @Test
    void tcbNotSupportedIsUnrecognizedHardwareNotAForgery() {
        // Issue 14 item 13: Intel's "TCB not supported" said hardware 99 (cryptography failed).
        PolicyViolationException e = new PolicyViolationException(
                List.of("TCB not supported: no TCB level of the TCB info matches this platform"), TcbStatus.NOT_SUPPORTED);
        assertEquals(5, e.failureClass().exitCode());
        JsonNode ear = Ear.fromFailure(TeeType.TDX, e, new byte[1], Instant.EPOCH);
        assertEquals(Ear.UNRECOGNIZED_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
        assertEquals(2, vector(ear, "cpu0").get("instance-identity").asInt());
        assertFalse(vector(ear, "cpu0").has("executables"), "nothing is claimed about what was not appraised");
        assertEquals("contraindicated", status(ear, "cpu0"));
        // A revoked TCB is recognised and contraindicated; a caller's rule keeps its old vector.
        ear = Ear.fromFailure(TeeType.TDX, new PolicyViolationException(List.of("revoked"), TcbStatus.REVOKED),
                new byte[1], Instant.EPOCH);
        assertEquals(Ear.CONTRAINDICATED_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
        ear = Ear.fromFailure(TeeType.TDX, new PolicyViolationException(List.of("report data differs")), new byte[1],
                Instant.EPOCH);
        assertEquals(Ear.GENUINE_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
        assertEquals(96, vector(ear, "cpu0").get("executables").asInt());
        // In a verified result, NOT_SUPPORTED is not genuine hardware either.
        ear = Ear.fromResult(result(TeeType.TDX, false, TcbStatus.NOT_SUPPORTED, true), new byte[1], Instant.EPOCH);
        assertEquals(Ear.UNRECOGNIZED_HARDWARE, vector(ear, "cpu0").get("hardware").asInt());
    }
}
