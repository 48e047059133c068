package io.tee4j.vtpm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.json.Json;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.verify.TdxVerifier;
import io.tee4j.vtpm.azure.AzureVtpmEvidence;
import io.tee4j.vtpm.azure.AzureVtpmVerifier;
import io.tee4j.vtpm.azure.InnerReportVerifier;
import io.tee4j.vtpm.internal.AzureTdxVtpmBackend;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Azure TDX vTPM: trustee's evidence v1 and v0. The TCB status of the TD quote needs Intel
 * collateral for FMSPC 00806f050000, which the vectors do not carry, so the full pipeline ends in
 * "collateral unavailable" offline; every other step is checked with an inner verifier that checks
 * the TD quote's signatures, QE report and PCK chain (no TCB status).
 */
class AzureTdxVtpmTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CHALLENGE = "challenge".getBytes(StandardCharsets.US_ASCII);
    private static final TeeBackend BACKEND = new AzureTdxVtpmBackend();

    /** The TD quote's own signatures and PCK chain, without collateral. */
    private static final InnerReportVerifier SIGNATURES_ONLY = (e, certs, doc, clock) -> {
        TdxQuote q = TdxQuote.parse(e.tdQuote().orElseThrow());
        PckExtensions pck = TdxVerifier.builder().clock(clock).build().verifySignatures(q);
        CommonClaims common = CommonClaims.builder(TeeType.TDX).reportData(q.body().reportData())
                .measurement("mrtd", q.body().mrTd()).build();
        return new VtpmAttestationResult(TeeType.TDX, common, Claims.builder().put("fmspc",
                HEX.formatHex(pck.fmspc())).put("pcesvn", pck.pceSvn()).build(), List.of(), clock.instant(), false);
    };

    static VtpmAttestationResult verify(String json, byte[] nonce) throws Exception {
        VtpmPolicy policy = VtpmPolicy.fromDocument(io.tee4j.core.PolicyDocument.of(Map.of("nonce",
                HEX.formatHex(nonce))));
        return AzureVtpmVerifier.tdx(SIGNATURES_ONLY).verify(AzureVtpmEvidence.parse(json.getBytes(
                StandardCharsets.UTF_8)), policy, VtpmVectors.CLOCK);
    }

    @Test
    void v1AndV0VerifyUpToTheTcbStatus() throws Exception {
        for (String name : List.of("trustee-evidence-v1.json", "trustee-evidence-v0.json")) {
            Map<String, Object> exp = VtpmVectors.expected("azure-tdx", name);
            VtpmAttestationResult r = verify(VtpmVectors.text("azure-tdx/" + name), CHALLENGE);
            assertEquals(TeeType.AZURE_TDX_VTPM, r.tee());
            Claims hw = (Claims) r.claims().get("hardware");
            @SuppressWarnings("unchecked")
            Map<String, Object> td = (Map<String, Object>) exp.get("td_quote");
            assertEquals(td.get("fmspc"), hw.get("fmspc"));
            @SuppressWarnings("unchecked")
            Map<String, Object> tdreport = (Map<String, Object>) exp.get("tdreport");
            assertEquals(tdreport.get("mrtd"), HEX.formatHex(r.commonClaims().measurements().get("mrtd")));
            Claims sha256 = (Claims) ((Claims) ((Claims) r.claims().get("tpmQuote")).get("pcrs")).get("sha256");
            assertEquals(exp.get("pcr00"), sha256.get("0"));
            Claims vm = (Claims) ((Claims) r.claims().get("runtimeData")).get("vmConfiguration");
            assertEquals(false, vm.get("tpm-persisted"));
            assertEquals("6332533D-5649-4D02-8AA7-8F64B7C3EE21", vm.get("vmUniqueId"));
            assertEquals(true, ((Claims) r.claims().get("bindings")).get("tdQuoteMatchesTdReport"));
            assertEquals(2L, ((Claims) r.claims().get("hcl")).get("headerVersion"));
        }
    }

    @Test
    void theFullBackendOfflineWithoutCollateralIsCollateralUnavailable() throws Exception {
        byte[] v1 = VtpmVectors.read("azure-tdx/trustee-evidence-v1.json");
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class, () -> BACKEND
                .prepare(VtpmVectors.offline()).verify(BACKEND.readEvidence(v1), PerCallInputs.builder()
                        .clock(VtpmVectors.CLOCK).build()));
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
    }

    @Test
    void missingTdQuoteOrTpmQuoteIsIncomplete() throws Exception {
        String v1 = VtpmVectors.text("azure-tdx/trustee-evidence-v1.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) Json.parse(v1.getBytes(StandardCharsets.UTF_8));
        String hcl = (String) root.get("hcl_report");
        String noTd = "{\"version\":1,\"tpm_quote\":" + quoteJson(root) + ",\"hcl_report\":\"" + hcl + "\"}";
        IncompleteEvidenceException td = assertThrows(IncompleteEvidenceException.class, () -> verify(noTd, CHALLENGE));
        assertEquals("td_quote", td.missingPart());
        String noTpm = "{\"version\":1,\"hcl_report\":\"" + hcl + "\",\"td_quote\":\"" + root.get("td_quote") + "\"}";
        assertEquals("tpm_quote", assertThrows(IncompleteEvidenceException.class, () -> verify(noTpm, CHALLENGE))
                .missingPart());
        Claims described = BACKEND.describe(BACKEND.readEvidence(noTd.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("td_quote"), described.get("missing"));
    }

    @Test
    void tamperingIsRefusedWithItsClass() throws Exception {
        String v1 = VtpmVectors.text("azure-tdx/trustee-evidence-v1.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) Json.parse(v1.getBytes(StandardCharsets.UTF_8));
        String td = (String) root.get("td_quote");
        byte[] quote = Base64.getUrlDecoder().decode(td);
        // MRTD in the quote body (header 48 + 136): another TD's quote
        assertReason(Reason.BINDING, v1.replace(td, b64(AzureSnpVtpmTest.flip(quote, 48 + 136))));
        // the quote signature (after the body and the signature length)
        assertReason(Reason.SIGNATURE, v1.replace(td, b64(AzureSnpVtpmTest.flip(quote, 48 + 584 + 4 + 10))));
        String hcl = (String) root.get("hcl_report");
        byte[] blob = Base64.getUrlDecoder().decode(hcl);
        // RTMR3 in the TDREPORT: the quote no longer matches it
        assertReason(Reason.BINDING, v1.replace(hcl, b64(AzureSnpVtpmTest.flip(blob, 0x20 + 864))));
        // REPORTDATA: the runtime data is no longer bound
        assertReason(Reason.BINDING, v1.replace(hcl, b64(AzureSnpVtpmTest.flip(blob, 0x20 + 128))));
        @SuppressWarnings("unchecked")
        String message = (String) ((Map<String, Object>) root.get("tpm_quote")).get("message");
        assertReason(Reason.SIGNATURE, v1.replace(message, AzureSnpVtpmTest.flipHex(message, 30)));
        PolicyViolationException nonce = assertThrows(PolicyViolationException.class, () -> verify(v1,
                "challengf".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of("nonce"), nonce.ruleIds());
        assertTrue(AzureHclReport.parse(blob).runtimeDataBound());
    }

    private static void assertReason(Reason reason, String json) {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verify(json, CHALLENGE));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(FailureClass.VERIFICATION_FAILED, ((AttestationException) e).failureClass());
    }

    private static String quoteJson(Map<String, Object> root) {
        @SuppressWarnings("unchecked")
        Map<String, Object> q = (Map<String, Object>) root.get("tpm_quote");
        StringBuilder pcrs = new StringBuilder();
        for (Object p : (List<?>) q.get("pcrs")) {
            pcrs.append(pcrs.length() == 0 ? "" : ",").append('"').append(p).append('"');
        }
        return "{\"signature\":\"" + q.get("signature") + "\",\"message\":\"" + q.get("message") + "\",\"pcrs\":["
                + pcrs + "]}";
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
