package io.tee4j.coco.kbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** primary_evidence shapes: trustee's for TDX and CCA, tee4j's for the rest; the TEE comes from the session. */
class EvidenceJsonTest {
    private static Object roundTrip(Evidence e) throws Exception {
        return Json.parse(Jcs.canonicalize(EvidenceJson.encode(e)));
    }

    @Test
    void tdxAndCcaUseTheAttestationAgentsShapes() throws Exception {
        Evidence tdx = Evidence.builder(TeeType.TDX, new byte[] {1, 2, 3}).auxBlob(new byte[] {9}).build();
        Object tree = roundTrip(tdx);
        assertEquals(Map.of("quote", "AQID", "cc_eventlog", "CQ=="), tree);
        assertEquals(tdx, EvidenceJson.decode(tree, TeeType.TDX));
        Evidence cca = Evidence.of(TeeType.CCA, new byte[] {(byte) 0xd2, 0, 7});
        assertEquals("{\"token\":[210,0,7]}", new String(Jcs.canonicalize(EvidenceJson.encode(cca)), StandardCharsets.UTF_8));
        assertEquals(cca, EvidenceJson.decode(roundTrip(cca), TeeType.CCA));
        Evidence snp = Evidence.builder(TeeType.SEV_SNP, new byte[] {4}).addCertificate(new byte[] {5}).build();
        assertEquals(snp, EvidenceJson.decode(roundTrip(snp), TeeType.SEV_SNP));
    }

    @Test
    void evidenceOfAnotherTeeThanTheSessionsIsRefused() throws Exception {
        Object snp = roundTrip(Evidence.of(TeeType.SEV_SNP, new byte[] {4}));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(snp, TeeType.TDX));
        Object tdx = roundTrip(Evidence.of(TeeType.TDX, new byte[] {4}));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(tdx, TeeType.SEV_SNP));
        for (String bad : new String[] {"{\"token\":[256]}", "{\"token\":[-1]}", "{\"token\":[\"a\"]}",
                "{\"token\":[1],\"x\":1}"}) {
            Object t = Json.parse(bad.getBytes(StandardCharsets.UTF_8));
            assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(t, TeeType.CCA), bad);
        }
        Object extra = Json.parse("{\"quote\":\"AA==\",\"aa_eventlog\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(MalformedEvidenceException.class, () -> EvidenceJson.decode(extra, TeeType.TDX));
    }
}
