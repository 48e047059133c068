package io.tee4j.se.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.se.Vectors;
import io.tee4j.se.verify.MeasurementMismatchException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The SPI path the command and the sidecar use, on composite-1. */
class SeBackendTest {
    private static Path vector(String name) throws Exception {
        return Path.of(Vectors.class.getResource("vectors/" + name).toURI());
    }

    private static TeeBackend backend() {
        return ServiceLoader.load(TeeBackend.class).stream().map(ServiceLoader.Provider::get)
                .filter(b -> b.type() == TeeType.IBM_SE).findFirst().orElseThrow();
    }

    private static Evidence evidence(String response) throws Exception {
        return backend().readEvidence(Vectors.bytes(response)).toBuilder().auxBlob(Vectors.bytes("composite-1/arpk.bin")).build();
    }

    private static VerifierConfiguration config() throws Exception {
        return VerifierConfiguration.builder().addCollateral(vector("s390tools-secure_guest.hdr"))
                .addCollateral(vector("composite-1/request.bin")).build();
    }

    @Test
    void compositeVerifiesThroughTheServiceLoader() throws Exception {
        AttestationResult r = backend().prepare(config()).verify(evidence("composite-1/response.bin"), PerCallInputs.none());
        assertEquals(TeeType.IBM_SE, r.tee());
        assertEquals("6acf8cfb987d23eb4f9151e8c2e58357", r.claims().get("cuid"));
        assertEquals("6acf8cfb987d23eb4f9151e8c2e58357", r.commonClaims().platformId().orElseThrow());
    }

    @Test
    void tamperedResponseIsClassTwoAndPolicyIsClassFive() throws Exception {
        assertThrows(MeasurementMismatchException.class,
                () -> backend().prepare(config()).verify(evidence("composite-1/response-bad-cuid.bin"), PerCallInputs.none()));
        PolicyDocument doc = PolicyDocument.of(Map.of("allowedAttestationPhkhs", List.of("00".repeat(32))));
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> backend().prepare(config())
                .verify(evidence("composite-1/response.bin"), PerCallInputs.builder().policy(doc).build()));
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        assertEquals(List.of("allowedAttestationPhkhs"), e.ruleIds());
    }

    @Test
    void missingArpkOrUnknownCollateralIsAUsageError() throws Exception {
        Evidence noArpk = backend().readEvidence(Vectors.bytes("composite-1/response.bin"));
        assertThrows(PolicyFormatException.class, () -> backend().prepare(config()).verify(noArpk, PerCallInputs.none()));
        assertThrows(PolicyFormatException.class, () -> backend().prepare(VerifierConfiguration.builder()
                .addCollateral(vector("composite-1/arpk.bin")).build()));
        assertTrue(backend().describe(noArpk).asMap().containsKey("request_phkhs"));
    }
}
