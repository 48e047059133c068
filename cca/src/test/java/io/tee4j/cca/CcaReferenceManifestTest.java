package io.tee4j.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.verify.CcaAttestationResult;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policy key referenceManifest: the realm's RIM must be one entry's; the result names the entry. */
class CcaReferenceManifestTest {
    private static final String TOKEN = "tfrmm-cca-token-tag399.cbor";
    private static final String ANCHORS = "rust-ccatoken-ta-tfa.json";

    private static CcaPolicy policy(Object entries) throws PolicyFormatException {
        return CcaPolicy.fromDocument(PolicyDocument.of(Map.of("referenceManifest", entries)));
    }

    private static byte[] rim() throws Exception {
        CcaAttestationResult r = CcaVerifierTest.verifier(ANCHORS).verify(CcaVerifierTest.evidence(TOKEN),
                CcaPolicy.defaults());
        return r.commonClaims().measurements().get("rim");
    }

    @Test
    void secondEntryMatchesAndIsNamed() throws Exception {
        byte[] rim = rim();
        CcaAttestationResult r = CcaVerifierTest.verifier(ANCHORS).verify(CcaVerifierTest.evidence(TOKEN), policy(List.of(
                Map.of("name", "release-1", "rim", "ff".repeat(rim.length)),
                Map.of("name", "release-2", "rim", HexFormat.of().formatHex(rim)))));
        assertEquals("release-2", r.claims().get("referenceManifestEntry"));
    }

    @Test
    void noEntryMatchesIsAPolicyViolation() throws Exception {
        int n = rim().length;
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> CcaVerifierTest.verifier(ANCHORS)
                .verify(CcaVerifierTest.evidence(TOKEN), policy(List.of(Map.of("name", "old", "rim", "ff".repeat(n))))));
        assertEquals(List.of("referenceManifest"), e.ruleIds());
        assertTrue(e.getMessage().contains("closest: 'old' (rim differs)"), e.getMessage());
    }

    @Test
    void aRimIsADigestLength() {
        assertThrows(PolicyFormatException.class, () -> policy(List.of(Map.of("name", "x", "rim", "00".repeat(20)))));
    }
}
