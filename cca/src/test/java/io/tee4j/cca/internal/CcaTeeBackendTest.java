package io.tee4j.cca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.CcaAttestationResult;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcaTeeBackendTest {
    private static final String TFRMM = "tfrmm-cca-token-tag399.cbor";

    private static byte[] load(String name) throws IOException {
        try (InputStream in = CcaTeeBackendTest.class.getResourceAsStream("/io/tee4j/cca/vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    private final TeeBackend backend = new CcaTeeBackend();

    @Test
    void registeredForServiceLoader() {
        assertTrue(StreamSupport.stream(ServiceLoader.load(TeeBackend.class).spliterator(), false)
                .anyMatch(b -> b.type() == TeeType.CCA));
    }

    @Test
    void readsAndDescribes() throws Exception {
        Evidence ev = backend.readEvidence(load(TFRMM));
        Claims c = backend.describe(ev);
        assertEquals("LEGACY_TAG_399", c.get("format"));
        assertThrows(MalformedEvidenceException.class, () -> backend.readEvidence(new byte[] {1, 2, 3}));
    }

    @Test
    void verifiesWithTrustRootCollateralAndPolicy(@TempDir Path dir) throws Exception {
        Path rv = dir.resolve("rv.json");
        Files.write(rv, load("rust-ccatoken-rv.json"));
        VerificationRequest req = VerificationRequest.builder()
                .addTrustRoot(load("rust-ccatoken-ta-tfa.json"))
                .addCollateral(dir)
                .policy(PolicyDocument.of(Map.of("expectedChallenge", "ab".repeat(64), "requireReferenceValues", true)))
                .build();
        AttestationResult r = backend.verify(backend.readEvidence(load(TFRMM)), req);
        assertTrue(r instanceof CcaAttestationResult);
        assertEquals(TcbStatus.UP_TO_DATE, r.commonClaims().tcbStatus());
        Claims verification = (Claims) r.claims().get("verification");
        assertTrue(((String) verification.get("revocation")).startsWith("not applicable"));
        assertEquals("matched the expected challenge", verification.get("challenge"));
    }

    @Test
    void inputErrorsAreTyped() throws Exception {
        Evidence ev = backend.readEvidence(load(TFRMM));
        assertThrows(CollateralUnavailableException.class, () -> backend.verify(ev, VerificationRequest.builder().build()));
        assertThrows(PolicyFormatException.class, () -> backend.verify(ev,
                VerificationRequest.builder().addTrustRoot("not a key".getBytes()).build()));
        assertThrows(PolicyFormatException.class, () -> backend.verify(ev, VerificationRequest.builder()
                .addTrustRoot(load("rust-ccatoken-ta-tfa.json")).addCertificate(new byte[] {1}).build()));
        assertThrows(PolicyFormatException.class, () -> backend.verify(ev, VerificationRequest.builder()
                .addTrustRoot(load("rust-ccatoken-ta-tfa.json"))
                .policy(PolicyDocument.of(Map.of("nonce", "00"))).build()));
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> backend.verify(
                backend.readEvidence(load("rust-ccatoken-cca-token-02.cbor")),
                VerificationRequest.builder().addTrustRoot(load("rust-ccatoken-ta-02-bad.json")).build()));
        assertEquals(VerificationFailedException.Reason.SIGNATURE, e.reason());
    }
}
