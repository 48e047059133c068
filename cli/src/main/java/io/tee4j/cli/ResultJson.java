package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;

/** tee4j's native JSON form of a verification outcome, shared by {@code verify --json} and the sidecar. */
final class ResultJson {
    private ResultJson() {
    }

    /**
     * The result's claims and common claims are each asked for once: a result may build them anew
     * on every call (SEV-SNP's do), and this runs for every sidecar reply.
     */
    static ObjectNode success(AttestationResult result) {
        CommonClaims common = result.commonClaims();
        Claims claims = result.claims();
        ObjectNode out = ClaimsNodes.objectNode();
        out.put("verified", true);
        out.put("tee", result.tee().id());
        out.put("verifiedAt", result.verifiedAt().toString());
        out.put("trustAnchors", result.explicitTrustAnchors() ? "explicit" : "bundled");
        out.put("tcbStatus", common.tcbStatus().name());
        out.put("debug", common.debug());
        ArrayNode warnings = out.putArray("warnings");
        result.warnings().forEach(warnings::add);
        out.set("claims", ClaimsNodes.toNode(claims));
        // NVIDIA evidence lists (alone or beside a CVM's report): one entry per GPU and NVSwitch, at the top.
        Object gpus = claims.get("gpus");
        Object devices = gpus instanceof Claims ? ((Claims) gpus).get("devices") : claims.get("devices");
        if (devices instanceof java.util.List) {
            out.set("devices", ClaimsNodes.value(devices));
        }
        return out;
    }

    static ObjectNode failure(TeeType tee, AttestationException e) {
        ObjectNode out = ClaimsNodes.objectNode();
        out.put("verified", false);
        out.put("tee", tee.id());
        out.put("failureClass", e.failureClass().name());
        out.put("exitCode", e.failureClass().exitCode());
        out.put("error", e.getMessage());
        if (e instanceof PolicyViolationException) {
            ArrayNode v = out.putArray("violations");
            ((PolicyViolationException) e).violations().forEach(v::add);
        }
        return out;
    }
}
