package io.tee4j.tdx.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.tdx.Collaterals;
import io.tee4j.tdx.Vectors;
import io.tee4j.tdx.verify.TdxVerifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every TDX policy violation names its rule by the policy document's key for it. */
class TdxPolicyRuleIdsTest {
    private static final String PATTERN48 = "11".repeat(48);

    private static PolicyViolationException violate(Map<String, Object> doc) throws Exception {
        TdxPolicy policy = TdxPolicy.fromDocument(PolicyDocument.of(doc));
        TdxVerifier v = TdxVerifier.builder().collateral(Collaterals.phala())
                .clock(Collaterals.at(Collaterals.PHALA_AT)).build();
        byte[] quote = Vectors.quote(Vectors.PHALA);
        return assertThrows(PolicyViolationException.class, () -> v.verify(quote, policy));
    }

    @Test
    void eachViolationCarriesTheDocumentKeyThatFailed() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("acceptedTcbStatuses", List.of("OutOfDate"));
        doc.put("mrtd", List.of(PATTERN48));
        doc.put("mrseam", List.of(PATTERN48));
        doc.put("rtmr2", PATTERN48);
        doc.put("mrOwner", PATTERN48);
        doc.put("xfam", Map.of("value", 0, "mask", 1));
        doc.put("minimumQeSvn", 65535);
        doc.put("minimumPceSvn", 65535);
        doc.put("reportData", "00".repeat(64));
        doc.put("qeVendorId", "00".repeat(16));
        doc.put("minimumTeeTcbSvn", "ff".repeat(16));
        doc.put("minimumTcbEvaluationDataNumber", 4294967295L);
        PolicyViolationException e = violate(doc);
        assertEquals(List.of("acceptedTcbStatuses", "mrtd", "mrseam", "rtmr2", "mrOwner", "xfam",
                "minimumTeeTcbSvn", "minimumQeSvn", "minimumPceSvn", "reportData", "qeVendorId",
                "minimumTcbEvaluationDataNumber"), e.ruleIds());
        for (PolicyViolation pv : e.policyViolations()) {
            assertTrue(pv.isAttributed(), pv.toString());
        }
    }

    @Test
    void singleRuleIdForASinglePinnedMeasurement() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("rtmr0", PATTERN48);
        PolicyViolationException e = violate(doc);
        assertEquals(List.of("rtmr0"), e.ruleIds());
        assertTrue(e.getMessage().startsWith("policy violation: RTMR0 is "), e.getMessage());
    }
}
