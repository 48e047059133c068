package io.tee4j.cca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.verify.CcaAttestationResult;
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
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.core.util.CollateralFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcaBackendTest {
    private static final String TFRMM = "tfrmm-cca-token-tag399.cbor";

    private static byte[] load(String name) throws IOException {
        try (InputStream in = CcaBackendTest.class.getResourceAsStream("/io/tee4j/cca/vectors/" + name)) {
            return in.readAllBytes();
        }
    }

    private final TeeBackend backend = new CcaBackend();

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
    void aPreparedVerifierServesCallsStampedWithTheirOwnTimeAndRefusesCertificatesPerCall(@TempDir Path dir)
            throws Exception {
        Path rv = dir.resolve("rv.json");
        Files.write(rv, load("rust-ccatoken-rv.json"));
        PreparedVerifier v = backend.prepare(VerifierConfiguration.builder()
                .addTrustRoot(load("rust-ccatoken-ta-tfa.json")).addCollateral(dir).build());
        Files.delete(rv);
        Evidence ev = backend.readEvidence(load(TFRMM));
        PolicyDocument policy = PolicyDocument.of(Map.of("expectedChallenge", "ab".repeat(64),
                "requireReferenceValues", true));
        for (String t : List.of("2030-01-01T00:00:00Z", "2031-06-01T12:00:00Z")) {
            Instant at = Instant.parse(t);
            AttestationResult r = v.verify(ev, PerCallInputs.builder().policy(policy)
                    .clock(Clock.fixed(at, ZoneOffset.UTC)).build());
            assertEquals(TcbStatus.UP_TO_DATE, r.commonClaims().tcbStatus());
            assertEquals(at, r.verifiedAt());
        }
        assertThrows(PolicyFormatException.class, () -> v.verify(ev, PerCallInputs.builder()
                .addCertificate(new byte[] {1}).build()));
    }

    @Test
    void aReferenceFileOverOneMebibyteIsAUsageError(@TempDir Path dir) throws Exception {
        Evidence ev = backend.readEvidence(load(TFRMM));
        // A valid store padded past the cap: refused for its size, before it is parsed.
        Path big = dir.resolve("big.json");
        byte[] rv = load("rust-ccatoken-rv.json");
        byte[] padded = java.util.Arrays.copyOf(rv, (1 << 20) + 1);
        java.util.Arrays.fill(padded, rv.length, padded.length, (byte) ' ');
        Files.write(big, padded);
        PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> backend.verify(ev, request(big)));
        assertTrue(e.getMessage().contains("at most 1048576 bytes (1 MiB)"), e.getMessage());
        // At the cap it is read.
        Files.write(big, java.util.Arrays.copyOf(padded, 1 << 20));
        assertEquals(TcbStatus.UP_TO_DATE, backend.verify(ev, request(big)).commonClaims().tcbStatus());
        // An endless file is never read: core's collateral loader refuses a device as unusable collateral.
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));
        CollateralUnavailableException device = assertThrows(CollateralUnavailableException.class,
                () -> backend.verify(ev, request(zero)));
        assertTrue(device.getMessage().contains("is not a regular file"), device.getMessage());
    }

    @Test
    void aDirectoryOfMoreReferenceFilesThanCoreAllowsIsRefusedBeforeAnyIsRead(@TempDir Path dir) throws Exception {
        Evidence ev = backend.readEvidence(load(TFRMM));
        // Empty files: were any read, the first would fail as invalid JSON, not for the count.
        for (int i = 0; i <= CollateralFiles.MAX_FILES; i++) {
            Files.createFile(dir.resolve(String.format("rv-%03d.json", i)));
        }
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> backend.verify(ev, request(dir)));
        assertTrue(e.getMessage().contains("more than " + CollateralFiles.MAX_FILES), e.getMessage());
    }

    @Test
    void aReferenceEntryWithoutSignerIdIsAUsageError(@TempDir Path dir) throws Exception {
        Path rv = dir.resolve("rv.json");
        Files.writeString(rv, new String(load("rust-ccatoken-rv.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replaceFirst("\"signer-id\": \"[0-9A-F]+\",", ""));
        PolicyFormatException e = assertThrows(PolicyFormatException.class,
                () -> backend.verify(backend.readEvidence(load(TFRMM)), request(rv)));
        assertTrue(e.getMessage().contains("$.platform[0].sw-components[0].signer-id: missing"), e.getMessage());
    }

    @Test
    void emptyListsInThePolicyOrReferenceFileAreUsageErrors(@TempDir Path dir) throws Exception {
        Evidence ev = backend.readEvidence(load(TFRMM));
        for (String key : new String[] {"allowedInitialMeasurements", "allowedLifecycleStates"}) {
            PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> backend.verify(ev,
                    VerificationRequest.builder().addTrustRoot(load("rust-ccatoken-ta-tfa.json"))
                            .policy(PolicyDocument.of(Map.of(key, java.util.List.of()))).build()));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        for (String json : new String[] {"{\"platform\": []}", "{\"realm\": []}"}) {
            Path rv = dir.resolve("rv.json");
            Files.writeString(rv, json);
            PolicyFormatException e = assertThrows(PolicyFormatException.class, () -> backend.verify(ev, request(rv)));
            assertTrue(e.getMessage().contains("an empty list is not allowed"), e.getMessage());
        }
    }

    private static VerificationRequest request(Path collateral) throws IOException {
        return VerificationRequest.builder().addTrustRoot(load("rust-ccatoken-ta-tfa.json")).addCollateral(collateral)
                .build();
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
