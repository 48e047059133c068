package io.tee4j.cca;

import static io.tee4j.cca.Vectors.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.validate.CcaAppraisal;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.validate.CcaReferenceValues;
import io.tee4j.cca.validate.ClaimAppraisal;
import io.tee4j.cca.verify.CcaAttestationResult;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CcaAppraisalTest {

    private static CcaVerifier verifier(String rv) throws Exception {
        return CcaVerifier.builder(CcaTrustAnchors.parse(load("rust-ccatoken-ta-tfa.json")))
                .referenceValues(CcaReferenceValues.parse(load(rv)))
                .clock(CcaVerifierTest.CLOCK).build();
    }

    @Test
    void tfrmmTokenAppraisesAgainstRustCcatokenReferenceValues() throws Exception {
        CcaAttestationResult r = verifier("rust-ccatoken-rv.json").verify(
                Evidence.of(TeeType.CCA, load(Vectors.TFRMM_399)),
                CcaPolicy.builder().requireReferenceValues(true).build());
        CcaAppraisal a = r.appraisal();
        assertTrue(a.withOutcome(ClaimAppraisal.Outcome.MISMATCHED).isEmpty(), a.claims().toString());
        assertTrue(a.withOutcome(ClaimAppraisal.Outcome.NO_REFERENCE).isEmpty(), a.claims().toString());
        // config, 4 components, RIM, 4 REMs, RPV, RAK hash algorithm
        assertEquals(12, a.withOutcome(ClaimAppraisal.Outcome.MATCHED).size(), a.claims().toString());
        assertEquals(TcbStatus.UP_TO_DATE, r.commonClaims().tcbStatus());
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("reference")), r.warnings().toString());
    }

    @Test
    void mismatchesFailAndListEveryClaim() throws Exception {
        // The draft-ffm-00 token's platform config (cfcfcfcf) and realm differ from rust-ccatoken's rv.json.
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verifier("rust-ccatoken-rv.json")
                .verify(Evidence.of(TeeType.CCA, load(Vectors.FFM00)), CcaPolicy.defaults()));
        String all = String.join("\n", e.violations());
        assertTrue(all.contains("platform.config"), all);
        assertTrue(all.contains("platform.softwareComponents[0] (RSE_BL1_2)"), all);
        assertTrue(all.contains("realm.rim"), all);
        assertEquals(List.of("referenceValues"), e.ruleIds());
    }

    @Test
    void trusteeStoreMatchesThePlatformButNotTheRealm() throws Exception {
        CcaToken t = CcaToken.decode(load(Vectors.FFM00));
        CcaAppraisal a = CcaAppraisal.appraise(t, CcaReferenceValues.parse(load("trustee-rvstore.json")));
        List<ClaimAppraisal> platform = a.claims().subList(0, 14);
        platform.forEach(c -> assertEquals(ClaimAppraisal.Outcome.MATCHED, c.outcome(), c.toString()));
        assertTrue(a.platformFullyMatched());
        assertEquals(ClaimAppraisal.Outcome.MISMATCHED, a.claims().get(14).outcome());
        assertEquals("realm.rim", a.claims().get(14).claim());
    }

    @Test
    void severalEntriesForOnePlatformOrRealmAreAlternatives() throws Exception {
        String impl = "7f454c4602010100000000000000000003003e00010000005058000000000000";
        String seq = "07060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918";
        String zeros = "00".repeat(32);
        String rpv = Vectors.hex("The quick brown fox jumps over 13 lazy dogs.The quick brown fox "
                .getBytes(StandardCharsets.US_ASCII));
        String json = "{\"platform\": ["
                + "{\"implementation-id\": \"" + impl + "\", \"platform-configuration\": \"00\","
                + " \"sw-components\": [{\"measurement-value\": \"" + zeros + "\", \"signer-id\": \"" + zeros + "\"}]},"
                + "{\"implementation-id\": \"" + impl + "\", \"platform-configuration\": \"01" + seq + "\","
                + " \"sw-components\": [" + String.join(", ", java.util.Collections.nCopies(4,
                        "{\"measurement-value\": \"" + seq + "\", \"signer-id\": \"" + seq + "\"}")) + "]}],"
                + " \"realm\": ["
                + "{\"initial-measurement\": \"" + zeros + "\", \"personalization-value\": \"" + "11".repeat(64) + "\"},"
                + "{\"initial-measurement\": \"" + zeros + "\", \"personalization-value\": \"" + rpv + "\","
                + " \"extensible-measurements\": [\"" + zeros + "\", \"" + zeros + "\", \"" + zeros + "\", \""
                + zeros + "\"]}]}";
        CcaAppraisal a = CcaAppraisal.appraise(CcaToken.decode(load(Vectors.TFRMM_399)),
                CcaReferenceValues.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(a.withOutcome(ClaimAppraisal.Outcome.MISMATCHED).isEmpty(), a.claims().toString());
        assertTrue(a.withOutcome(ClaimAppraisal.Outcome.NO_REFERENCE).isEmpty(), a.claims().toString());
    }

    @Test
    void missingReferencesWarnByDefaultAndFailByPolicy() throws Exception {
        CcaVerifier v = CcaVerifier.builder(CcaTrustAnchors.parse(load("rust-ccatoken-ta-tfa.json")))
                .clock(CcaVerifierTest.CLOCK).build();
        Evidence ev = Evidence.of(TeeType.CCA, load(Vectors.TFRMM_399));
        CcaAttestationResult r = v.verify(ev, CcaPolicy.defaults());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("11 claims had no reference value")),
                r.warnings().toString());
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> v.verify(ev, CcaPolicy.builder().requireReferenceValues(true).build()));
        assertEquals(11, e.violations().size(), e.violations().toString());
        assertEquals(List.of("requireReferenceValues"), e.ruleIds());
    }

    @Test
    void policyDocumentIsReadStrictly() throws Exception {
        Map<String, Object> doc = Map.of(
                "expectedChallenge", "ab".repeat(64),
                "allowedLifecycleStates", List.of("SECURED", "non_cca_platform_rot_debug"),
                "requireReferenceValues", true,
                "allowedInitialMeasurements", List.of("00".repeat(32)),
                "expectedPersonalizationValue", "00".repeat(64));
        CcaPolicy p = CcaPolicy.fromDocument(PolicyDocument.of(doc));
        assertEquals(2, p.allowedLifecycleStates().size());
        assertTrue(p.requireReferenceValues());
        assertEquals(64, p.expectedChallenge().orElseThrow().length);
        assertThrows(PolicyFormatException.class, () -> CcaPolicy.fromDocument(PolicyDocument.of(Map.of("nonce", "00"))));
        assertThrows(PolicyFormatException.class,
                () -> CcaPolicy.fromDocument(PolicyDocument.of(Map.of("expectedChallenge", "00".repeat(65)))));
        assertThrows(PolicyFormatException.class,
                () -> CcaPolicy.fromDocument(PolicyDocument.of(Map.of("allowedLifecycleStates", List.of("ON")))));
        // A short challenge is zero-padded to 64 bytes.
        CcaPolicy shortNonce = CcaPolicy.fromDocument(PolicyDocument.of(Map.of("expectedChallenge", "0102")));
        byte[] padded = new byte[64];
        padded[0] = 1;
        padded[1] = 2;
        assertEquals(Vectors.hex(padded), Vectors.hex(shortNonce.expectedChallenge().orElseThrow()));
    }

    @Test
    void badReferenceValueFilesAreRefused() {
        assertThrows(CcaConfigurationException.class,
                () -> CcaReferenceValues.parse("{\"platform\": [], \"extra\": 1}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CcaConfigurationException.class,
                () -> CcaReferenceValues.parse("{\"realm\": [], \"realm\": []}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CcaConfigurationException.class,
                () -> CcaReferenceValues.parse("{\"realm\": [{\"initial-measurement\": \"zz\"}]}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(CcaConfigurationException.class, () -> CcaTrustAnchors.parse("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(CcaConfigurationException.class,
                () -> CcaTrustAnchors.parse("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}"
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
