package io.tee4j.coco.kbs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.json.Json.JsonException;

/**
 * Fuzz harnesses for the KBS messages a client or a KBS reads (Request, Challenge, Attestation,
 * the tee4j evidence JSON) and for JCS. Each may only return or throw a typed exception; JCS must
 * also be idempotent (canonical bytes canonicalise to themselves), or the runtime-data digest would
 * depend on who serialised first. In {@code mvn verify} they replay the seeds in
 * {@code src/test/resources/io/tee4j/coco/kbs/KbsMessagesFuzzTestInputs/<method>/} (the kbs vectors).
 */
class KbsMessagesFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void request(byte[] data) {
        try {
            KbsRequest.parse(data).toJson();
        } catch (MalformedEvidenceException | JsonException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void challenge(byte[] data) {
        try {
            Challenge.parse(data).hashAlgorithm();
        } catch (MalformedEvidenceException expected) {
            // typed
        }
    }

    @FuzzTest(maxDuration = "5m")
    void attestation(byte[] data) {
        AttestationMessage m;
        try {
            m = AttestationMessage.parse(data);
            m.runtimeData().digest(HashAlgorithm.SHA384);
            m.runtimeData().deviceDigest(HashAlgorithm.SHA512);
        } catch (MalformedEvidenceException | JsonException expected) {
            return;
        }
        for (io.tee4j.core.TeeType tee : io.tee4j.core.TeeType.values()) {
            try {
                EvidenceJson.encode(EvidenceJson.decode(m.primaryEvidence(), tee).evidence());
            } catch (MalformedEvidenceException expected) {
                // typed
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void jcs(byte[] data) {
        byte[] once;
        try {
            once = Jcs.canonicalize(data);
        } catch (JsonException expected) {
            return;
        }
        try {
            assertArrayEquals(once, Jcs.canonicalize(once), "JCS is not idempotent");
        } catch (JsonException e) {
            throw new AssertionError("canonical JSON did not re-parse: " + e.getMessage(), e);
        }
    }
}
