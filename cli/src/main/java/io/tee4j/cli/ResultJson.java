package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;

/** tee4j's native JSON form of a verification outcome, shared by {@code verify --json} and the sidecar. */
final class ResultJson {
    private ResultJson() {
    }

    static ObjectNode success(AttestationResult result) {
        ObjectNode out = ClaimsNodes.objectNode();
        out.put("verified", true);
        out.put("tee", result.tee().id());
        out.put("verifiedAt", result.verifiedAt().toString());
        out.put("trustAnchors", result.explicitTrustAnchors() ? "explicit" : "bundled");
        out.put("tcbStatus", result.commonClaims().tcbStatus().name());
        out.put("debug", result.commonClaims().debug());
        ArrayNode warnings = out.putArray("warnings");
        result.warnings().forEach(warnings::add);
        out.set("claims", ClaimsNodes.toNode(result.claims()));
        // NVIDIA evidence lists (alone or beside a CVM's report): one entry per GPU and NVSwitch, at the top.
        Object gpus = result.claims().get("gpus");
        Object devices = gpus instanceof Claims ? ((Claims) gpus).get("devices") : result.claims().get("devices");
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
