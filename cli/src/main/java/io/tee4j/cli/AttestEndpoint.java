package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.TeeType;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * {@code POST /v1/attest} without HTTP (the token already checked): {@code {"tee"?, "reportData"}}
 * in, the evidence in base64 with its certificates out.
 */
final class AttestEndpoint {
    private static final Set<String> KEYS = Set.of("tee", "reportData");

    private final Sidecar.AttesterResolver attesters;
    private final SafeMessages messages;

    AttestEndpoint(Sidecar.AttesterResolver attesters, SafeMessages messages) {
        this.attesters = attesters;
        this.messages = messages;
    }

    Sidecar.Reply reply(byte[] body) {
        try {
            return attest(RequestFields.read(body, KEYS));
        } catch (BadRequest e) {
            return Sidecar.Reply.error(e.status, e.code, 1, messages.scrub(e.getMessage()));
        }
    }

    private Sidecar.Reply attest(RequestFields f) {
        String teeName = f.optionalText("tee", "auto");
        TeeType type = teeName.equals("auto") ? null : Sidecar.teeType(teeName);
        byte[] reportData;
        try {
            reportData = HexFormat.of().parseHex(f.requiredText("reportData"));
        } catch (IllegalArgumentException e) {
            throw BadRequest.usage("$.reportData: expected hex");
        }
        try {
            Attester attester = attesters.resolve(type);
            Evidence evidence = attester.attest(reportData);
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("tee", evidence.type().id());
            out.put("evidence", Base64.getEncoder().encodeToString(evidence.raw()));
            ArrayNode certs = out.putArray("certificates");
            evidence.certificates().forEach(c -> certs.add(Base64.getEncoder().encodeToString(c)));
            evidence.auxBlob().ifPresent(a -> out.put("auxBlob", Base64.getEncoder().encodeToString(a)));
            return new Sidecar.Reply(200, out);
        } catch (IllegalArgumentException e) {
            throw BadRequest.usage("$.reportData: " + e.getMessage());
        } catch (AttestationException e) {
            FailureClass c = e.failureClass();
            return Sidecar.Reply.error(c == FailureClass.TEE_UNAVAILABLE ? 503 : 500, c.name(), c.exitCode(),
                    messages.scrub(e.getMessage()));
        }
    }
}
