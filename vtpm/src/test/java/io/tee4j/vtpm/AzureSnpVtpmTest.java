package io.tee4j.vtpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.json.Json;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.vtpm.azure.AzureVtpmEvidence;
import io.tee4j.vtpm.azure.RuntimeData;
import io.tee4j.vtpm.internal.AzureSnpVtpmBackend;
import io.tee4j.vtpm.internal.AzureTdxVtpmBackend;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Azure SEV-SNP vTPM: trustee's evidence v0 and v1 and the HCL-plus-quote pair, with every tampering. */
class AzureSnpVtpmTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String CHALLENGE = HEX.formatHex("challenge".getBytes(StandardCharsets.US_ASCII));
    private static final TeeBackend BACKEND = new AzureSnpVtpmBackend();

    static AttestationResult verify(String json, String policy) throws Exception {
        PreparedVerifier v = BACKEND.prepare(VtpmVectors.offline());
        PerCallInputs.Builder in = PerCallInputs.builder().clock(VtpmVectors.CLOCK);
        if (policy != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) Json.parse(policy.getBytes(StandardCharsets.UTF_8));
            in.policy(PolicyDocument.of(doc));
        }
        return v.verify(BACKEND.readEvidence(json.getBytes(StandardCharsets.UTF_8)), in.build());
    }

    static String nonce(String hex) {
        return "{\"nonce\": \"" + hex + "\"}";
    }

    @Test
    void trusteeEvidenceV1AndV0VerifyWithNonceChallenge() throws Exception {
        for (String name : List.of("trustee-evidence-v1.json", "trustee-evidence-v0.json")) {
            Map<String, Object> exp = VtpmVectors.expected("azure-snp", name);
            AttestationResult r = verify(VtpmVectors.text("azure-snp/" + name), nonce(CHALLENGE));
            assertEquals(TeeType.AZURE_SNP_VTPM, r.tee());
            assertEquals(CHALLENGE, HEX.formatHex(r.commonClaims().reportData()));
            Claims tpm = (Claims) r.claims().get("tpmQuote");
            Claims sha256 = (Claims) ((Claims) tpm.get("pcrs")).get("sha256");
            assertEquals(exp.get("pcr00"), sha256.get("0"), name);
            assertEquals(exp.get("pcr08"), sha256.get("8"), name);
            Claims vm = (Claims) ((Claims) r.claims().get("runtimeData")).get("vmConfiguration");
            @SuppressWarnings("unchecked")
            Map<String, Object> expVm = (Map<String, Object>) ((Map<String, Object>) exp.get("runtime_data"))
                    .get("vm-configuration");
            assertEquals(expVm.get("vmUniqueId"), vm.get("vmUniqueId"));
            assertEquals(true, vm.get("secure-boot"));
            @SuppressWarnings("unchecked")
            Map<String, Object> snp = (Map<String, Object>) exp.get("snp");
            assertEquals(snp.get("measurement"), HEX.formatHex(r.commonClaims().measurements().get("measurement")));
            assertFalse(r.warnings().stream().anyMatch(w -> w.contains("replay")), r.warnings().toString());
        }
    }

    @Test
    void versionTwoAlsoRequiresTheNonceInUserData() throws Exception {
        // The vectors' user-data is 64 zero bytes: as version 1 fine, as version 2 the nonce is not bound there.
        String v2 = VtpmVectors.text("azure-snp/trustee-evidence-v1.json").replace("\"version\": 1", "\"version\": 2");
        assertTrue(v2.contains("\"version\": 2"));
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> verify(v2, nonce(CHALLENGE)));
        assertEquals(List.of("nonce"), e.ruleIds());
        assertTrue(e.getMessage().contains("user-data"), e.getMessage());
        assertEquals(1, e.policyViolations().size(), "the quote itself carries the nonce");
    }

    @Test
    void hclReportPlusTrusteeQuoteVerifies() throws Exception {
        Map<String, Object> exp = VtpmVectors.expected("azure-snp",
                "trustee-tpm-quote-v1.json + ../../sev-snp/azure-milan-v2-hcl/hcl_report.bin");
        AttestationResult r = verify(hclPlusQuote(), nonce(CHALLENGE));
        Claims vm = (Claims) ((Claims) r.claims().get("runtimeData")).get("vmConfiguration");
        assertEquals("911B0EF8-9DBA-48B0-B275-4E4DF2D39252", vm.get("vmUniqueId"));
        Claims sha256 = (Claims) ((Claims) ((Claims) r.claims().get("tpmQuote")).get("pcrs")).get("sha256");
        assertEquals(exp.get("pcr00"), sha256.get("0"));
    }

    /** trustee's TPM quote for the stored HCL blob, assembled into evidence v1 with the blob's VCEK. */
    static String hclPlusQuote() {
        String quote = VtpmVectors.text("azure-snp/trustee-tpm-quote-v1.json");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return "{\"version\":1,\"tpm_quote\":" + quote + ",\"hcl_report\":\""
                + b64.encodeToString(VtpmVectors.read("azure-snp/hcl_report.bin")) + "\",\"vcek\":\""
                + b64.encodeToString(VtpmVectors.read("azure-snp/vcek.der")) + "\"}";
    }

    @Test
    void hclBlobAloneIsIncompleteNeverVerified() throws Exception {
        byte[] blob = VtpmVectors.read("azure-snp/hcl_report.bin");
        Evidence e = BACKEND.readEvidence(blob);
        IncompleteEvidenceException x = assertThrows(IncompleteEvidenceException.class,
                () -> BACKEND.prepare(VtpmVectors.offline()).verify(e, PerCallInputs.builder().clock(VtpmVectors.CLOCK)
                        .build()));
        assertEquals("tpm_quote", x.missingPart());
        assertEquals(FailureClass.VERIFICATION_FAILED, x.failureClass());
        assertTrue(x.getMessage().contains("incomplete"));
        assertEquals(List.of("tpm_quote"), BACKEND.describe(e).get("missing"));
    }

    @Test
    void tamperingIsRefusedWithItsClass() throws Exception {
        String v1 = VtpmVectors.text("azure-snp/trustee-evidence-v1.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> quote = (Map<String, Object>) ((Map<String, Object>) Json.parse(v1.getBytes(
                StandardCharsets.UTF_8))).get("tpm_quote");
        String message = (String) quote.get("message");
        assertReason(Reason.SIGNATURE, v1.replace(message, flipHex(message, message.length() - 1)));
        String sig = (String) quote.get("signature");
        assertReason(Reason.SIGNATURE, v1.replace(sig, flipHex(sig, 20)));
        String pcr7 = (String) ((List<?>) quote.get("pcrs")).get(7);
        assertReason(Reason.BINDING, v1.replace(pcr7, flipHex(pcr7, 0)));
        String hcl = (String) ((Map<?, ?>) Json.parse(v1.getBytes(StandardCharsets.UTF_8))).get("hcl_report");
        byte[] blob = Base64.getUrlDecoder().decode(hcl);
        // runtime data (the vmUniqueId's first character) and the SNP report's MEASUREMENT
        assertReason(Reason.BINDING, v1.replace(hcl, b64(flip(blob, runtimeOffset(blob, "vmUniqueId") + 13))));
        assertReason(Reason.SIGNATURE, v1.replace(hcl, b64(flip(blob, 0x20 + 0x90))));
        PolicyViolationException nonce = assertThrows(PolicyViolationException.class,
                () -> verify(v1, nonce(CHALLENGE + "00")));
        assertEquals(List.of("nonce"), nonce.ruleIds());
        assertEquals(FailureClass.POLICY_VIOLATION, nonce.failureClass());
    }

    @Test
    void aWarmPreparedVerifierStillChecksEveryCall() throws Exception {
        PreparedVerifier v = BACKEND.prepare(VtpmVectors.offline());
        PerCallInputs in = PerCallInputs.builder().clock(VtpmVectors.CLOCK).build();
        String v1 = VtpmVectors.text("azure-snp/trustee-evidence-v1.json");
        Evidence good = BACKEND.readEvidence(v1.getBytes(StandardCharsets.UTF_8));
        v.verify(good, in);
        // Same runtime data (the AK is cached by its bytes), tampered quote: still refused.
        @SuppressWarnings("unchecked")
        String sig = (String) ((Map<String, Object>) ((Map<String, Object>) Json.parse(v1.getBytes(
                StandardCharsets.UTF_8))).get("tpm_quote")).get("signature");
        Evidence bad = BACKEND.readEvidence(v1.replace(sig, flipHex(sig, 7)).getBytes(StandardCharsets.UTF_8));
        assertEquals(Reason.SIGNATURE, assertThrows(VerificationFailedException.class, () -> v.verify(bad, in)).reason());
        v.verify(good, in);
    }

    @Test
    void pcrAndSecureBootPoliciesAndTheInnerPolicyApply() throws Exception {
        String v1 = VtpmVectors.text("azure-snp/trustee-evidence-v1.json");
        Map<String, Object> exp = VtpmVectors.expected("azure-snp", "trustee-evidence-v1.json");
        verify(v1, "{\"pcrs\": {\"sha256\": {\"0\": \"" + exp.get("pcr00") + "\"}}, \"secureBootRequired\": true,"
                + " \"nonce\": \"" + CHALLENGE + "\", \"allowDebug\": false}");
        PolicyViolationException pcr = assertThrows(PolicyViolationException.class, () -> verify(v1,
                "{\"pcrs\": {\"sha256\": {\"0\": \"" + "00".repeat(32) + "\"}}, \"nonce\": \"" + CHALLENGE + "\"}"));
        assertEquals(List.of("pcrs"), pcr.ruleIds());
        // The inner SEV-SNP policy's violations come with the vTPM's, each under its key.
        PolicyViolationException both = assertThrows(PolicyViolationException.class, () -> verify(v1,
                "{\"nonce\": \"00\", \"minimumGuestSvn\": 99999}"));
        assertTrue(both.ruleIds().contains("nonce") && both.ruleIds().size() == 2, both.ruleIds().toString());
        assertThrows(PolicyFormatException.class, () -> verify(v1, "{\"nonse\": \"00\"}"));
        AttestationResult noNonce = verify(v1, null);
        assertTrue(noNonce.warnings().stream().anyMatch(w -> w.contains("replay")));
    }

    @Test
    void evidenceOfTheOtherPlatformOrBrokenJsonIsMalformed() {
        byte[] v1 = VtpmVectors.read("azure-snp/trustee-evidence-v1.json");
        assertThrows(MalformedEvidenceException.class, () -> new AzureTdxVtpmBackend().readEvidence(v1));
        assertThrows(MalformedEvidenceException.class, () -> BACKEND.readEvidence("{\"version\":1}".getBytes(
                StandardCharsets.UTF_8)));
        assertThrows(MalformedEvidenceException.class, () -> BACKEND.readEvidence(java.util.Arrays.copyOf(
                VtpmVectors.read("azure-snp/hcl_report.bin"), 0x4C8)));
    }

    @Test
    void hclAndRuntimeDataMatchTheExpectedFields() throws Exception {
        for (String name : List.of("trustee-evidence-v1.json", "trustee-evidence-v0.json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> exp = (Map<String, Object>) VtpmVectors.expected("azure-snp", name).get("hcl");
            AzureVtpmEvidence e = AzureVtpmEvidence.parse(VtpmVectors.read("azure-snp/" + name));
            AzureHclReport h = e.hcl();
            assertEquals(((Number) exp.get("header_version")).longValue(), h.headerVersion());
            assertEquals(AzureHclReport.Type.SNP, h.type());
            assertEquals(((Number) exp.get("var_data_size")).intValue(), h.runtimeData().length);
            assertEquals(exp.get("var_sha256"), HEX.formatHex(h.expectedReportData()).substring(0, 64));
            assertTrue(h.runtimeDataBound());
            assertEquals(List.of("HCLAkPub", "HCLEkPub"), RuntimeData.parse(h.runtimeData()).keyIds());
            assertEquals("0".repeat(128), RuntimeData.parse(h.runtimeData()).userData().orElseThrow());
        }
    }

    @Test
    void kinvolkRuntimeDataParsesWithItsTwoKeys() throws Exception {
        Map<String, Object> exp = VtpmVectors.expected("azure-snp", "kinvolk-var-data.json");
        byte[] json = VtpmVectors.read("azure-snp/kinvolk-var-data.json");
        assertEquals(((Number) exp.get("len")).intValue(), json.length);
        RuntimeData rd = RuntimeData.parse(json);
        assertEquals(List.of("HCLAkPub", "HCLEkPub"), rd.keyIds());
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) rd.attestationKey().publicKey()).getModulus()
                .bitLength());
        // A runtime data without HCLAkPub names no AK: malformed, not "no key to check".
        assertThrows(MalformedEvidenceException.class, () -> RuntimeData.parse(new String(json,
                StandardCharsets.UTF_8).replace("HCLAkPub", "HCLAkPuX").getBytes(StandardCharsets.UTF_8)));
    }

    static void assertReason(Reason reason, String evidence) {
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verify(evidence, nonce(CHALLENGE)));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(FailureClass.VERIFICATION_FAILED, ((AttestationException) e).failureClass());
    }

    static String flipHex(String hex, int index) {
        char c = hex.charAt(index);
        return hex.substring(0, index) + (c == '0' ? '1' : '0') + hex.substring(index + 1);
    }

    static byte[] flip(byte[] b, int index) {
        byte[] out = b.clone();
        out[index] ^= 1;
        return out;
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static int runtimeOffset(byte[] blob, String text) {
        return new String(blob, StandardCharsets.ISO_8859_1).indexOf(text);
    }
}
