package io.tee4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One verification-info value for every backend (issue 15 item 3): the result's warnings, time and
 * anchor origin are read from it, and its claims keep the names the SEV-SNP result printed.
 */
class VerificationInfoTest {

    @Test
    void resultsReadTheirSharedFactsFromIt() {
        List<String> warnings = new ArrayList<>(List.of("w"));
        VerificationInfo info = new VerificationInfo(Instant.EPOCH, VerificationInfo.origin(true), true,
                TcbStatus.UP_TO_DATE, warnings);
        warnings.add("later");
        assertEquals(List.of("w"), info.warnings(), "the warnings are copied");
        AttestationResult r = new AttestationResult() {
            @Override
            public TeeType tee() {
                return TeeType.TDX;
            }

            @Override
            public CommonClaims commonClaims() {
                return CommonClaims.builder(TeeType.TDX).build();
            }

            @Override
            public Claims claims() {
                return Claims.builder().build();
            }

            @Override
            public VerificationInfo verification() {
                return info;
            }
        };
        assertEquals(List.of("w"), r.warnings());
        assertEquals(Instant.EPOCH, r.verifiedAt());
        assertTrue(r.explicitTrustAnchors());
        assertFalse(new VerificationInfo(Instant.EPOCH, TrustAnchors.Origin.BUNDLED, false, TcbStatus.NOT_EVALUATED,
                List.of()).explicitTrustAnchors());
    }

    @Test
    void claimsUseTheEstablishedNames() {
        VerificationInfo info = new VerificationInfo(Instant.EPOCH, TrustAnchors.Origin.BUNDLED, false,
                TcbStatus.MEETS_POLICY_MINIMUM, List.of());
        Map<String, Object> m = info.putInto(Claims.builder()).build().asMap();
        assertEquals(List.of("trustAnchors", "revocationChecked", "tcbStatus", "verifiedAt"), List.copyOf(m.keySet()));
        assertEquals("BUNDLED", m.get("trustAnchors"));
        assertEquals("MEETS_POLICY_MINIMUM", m.get("tcbStatus"));
        assertThrows(NullPointerException.class, () -> new VerificationInfo(null, TrustAnchors.Origin.BUNDLED, false,
                TcbStatus.UP_TO_DATE, List.of()));
    }
}
