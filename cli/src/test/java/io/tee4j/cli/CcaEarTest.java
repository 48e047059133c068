package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.validate.CcaReferenceValues;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 27 / issue 28 item 6 for CCA: the real TF-RMM FVP token appraised against a
 * reference set that matches its platform and realm is "affirming", with executables approved,
 * because the CCA result says {@code measurementsAppraised: true}; without reference values the
 * executables stay unrecognised.
 */
class CcaEarTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** A vector of the cca module's tests (each folder there carries its PROVENANCE.md). */
    private static byte[] vector(String name) throws IOException {
        Path dir = Paths.get(System.getProperty("user.dir")).getParent()
                .resolve("cca/src/test/resources/io/tee4j/cca/vectors");
        return Files.readAllBytes(dir.resolve(name));
    }

    private static JsonNode cpu0(AttestationResult r, byte[] token) {
        ObjectNode ear = Ear.fromResult(r, token, NOW);
        return ear.get("submods").get("cpu0");
    }

    @Test
    void theFvpTokenMatchingEveryReferenceIsAffirming() throws Exception {
        byte[] token = vector("tfrmm-cca-token-tag399.cbor");
        CcaVerifier verifier = CcaVerifier.builder(CcaTrustAnchors.parse(vector("rust-ccatoken-ta-tfa.json")))
                .referenceValues(CcaReferenceValues.parse(vector("rust-ccatoken-rv.json"))).build();
        AttestationResult r = verifier.verify(Evidence.of(TeeType.CCA, token),
                CcaPolicy.builder().requireReferenceValues(true).build());
        JsonNode sub = cpu0(r, token);
        assertEquals(2, sub.get("ear.trustworthiness-vector").get("executables").asInt(), sub.toString());
        assertEquals("affirming", sub.get("ear.status").asText(), sub.toString());
    }

    @Test
    void withoutReferenceValuesTheExecutablesAreUnrecognised() throws Exception {
        byte[] token = vector("tfrmm-cca-token-tag399.cbor");
        AttestationResult r = CcaVerifier.builder(CcaTrustAnchors.parse(vector("rust-ccatoken-ta-tfa.json"))).build()
                .verify(Evidence.of(TeeType.CCA, token), CcaPolicy.defaults());
        assertEquals(33, cpu0(r, token).get("ear.trustworthiness-vector").get("executables").asInt());
    }
}
