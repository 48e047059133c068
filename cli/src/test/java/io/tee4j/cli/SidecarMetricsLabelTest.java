package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.TeeType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The /metrics result label takes only FailureClass names, whatever "failureClass" strings a reply carries. */
class SidecarMetricsLabelTest {
    @Test
    void echoedFailureClassStringsDoNotBecomeLabels() {
        SidecarMetrics m = new SidecarMetrics();
        for (int i = 0; i < 50; i++) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("tee", "snp");
            body.putObject("claims").put("failureClass", "ATTACKER_" + (char) ('A' + i % 26) + (char) ('A' + i / 26));
            m.timeVerification(() -> new Sidecar.Reply(200, body));
        }
        String out = m.render();
        assertFalse(out.contains("attacker_"), out);
        assertTrue(out.contains("result=\"ok\"} 50"), out);
    }

    @Test
    void realFailureClassIsStillCounted() {
        SidecarMetrics m = new SidecarMetrics();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("tee", "snp");
        body.putObject("ear").put("failureClass", "COLLATERAL_UNAVAILABLE");
        m.timeVerification(() -> new Sidecar.Reply(200, body));
        assertTrue(m.render().contains("result=\"collateral_unavailable\"} 1"), m.render());
    }

    /**
     * A verified result's written reply is counted for its TEE as ok without searching it: its
     * claims may carry a "failureClass" field from signed evidence, and that never becomes a label.
     */
    @Test
    void aVerifiedReplyIsCountedOkForItsTeeWhateverItsClaimsSay() {
        SidecarMetrics m = new SidecarMetrics();
        byte[] written = "{\"verified\":true,\"tee\":\"cca\",\"claims\":{\"failureClass\":\"REVOKED\"}}"
                .getBytes(StandardCharsets.UTF_8);
        m.timeVerification(() -> Sidecar.Reply.verified(TeeType.TDX, written));
        String out = m.render();
        assertTrue(out.contains("tee4j_verifications_total{tee=\"tdx\",result=\"ok\"} 1"), out);
        assertFalse(out.contains("revoked") || out.contains("tee=\"cca\""), out);
    }
}
