package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.core.util.CollateralFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnpBackendTest {
    private final TeeBackend backend = ServiceLoader.load(TeeBackend.class).stream().map(ServiceLoader.Provider::get)
            .filter(b -> b.type() == TeeType.SEV_SNP).findFirst().orElseThrow();

    /**
     * An HCL blob is kept whole, so the verifier binds its runtime data: tampered runtime data is a
     * verification failure (exit 2), found after the signature, not malformed evidence (exit 6).
     */
    @Test
    void readsRawReportsAndHclBlobs() throws Exception {
        assertArrayEquals(Vectors.report("oak-genoa-v5"), backend.readEvidence(Vectors.report("oak-genoa-v5")).raw());
        assertArrayEquals(Vectors.evidenceFile("azure-genoa-v3-hcl"),
                backend.readEvidence(Vectors.evidenceFile("azure-genoa-v3-hcl")).raw());
        String n = "azure-milan-v2-hcl";
        byte[] tampered = Vectors.evidenceFile(n);
        tampered[tampered.length - 300] ^= 1; // inside the runtime data
        Evidence ev = backend.readEvidence(tampered);
        VerificationRequest req = VerificationRequest.builder().addCertificate(Vectors.certBytes(n))
                .clock(Clock.fixed(Vectors.pinnedTime(n), ZoneOffset.UTC)).offline(true)
                .revocationMode(RevocationMode.SKIP_INSECURE).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> backend.verify(ev, req));
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
        assertEquals(io.tee4j.core.FailureClass.VERIFICATION_FAILED, e.failureClass());
        assertTrue(backend.verify(backend.readEvidence(Vectors.evidenceFile(n)), req).commonClaims().reportData().length > 0);
        assertThrows(MalformedEvidenceException.class, () -> backend.readEvidence(new byte[12]));
    }

    @Test
    void describesEveryField() throws Exception {
        Claims c = backend.describe(backend.readEvidence(Vectors.report("oak-turin-v5")));
        assertEquals(5, c.get("version"));
        assertEquals("Turin", c.get("productLine"));
        Claims tcb = (Claims) c.get("reportedTcb");
        assertEquals(71, tcb.get("microcode"));
        assertEquals(0, tcb.get("fmc"));
        assertTrue(c.asMap().containsKey("currentMitigationVector"));
    }

    @Test
    void verifiesWithCertificatesClockAndPolicyDocument() throws Exception {
        String n = "gsg-milan-v2";
        VerificationRequest.Builder req = VerificationRequest.builder().addCertificate(Vectors.certBytes(n))
                .clock(Clock.fixed(Vectors.pinnedTime(n), ZoneOffset.UTC)).offline(true)
                .revocationMode(RevocationMode.SKIP_INSECURE);
        Evidence ev = backend.readEvidence(Vectors.report(n));
        assertThrows(PolicyViolationException.class, () -> backend.verify(ev, req.build()));
        AttestationResult r = backend.verify(ev, req.policy(PolicyDocument.of(Map.of("allowDebug", true))).build());
        assertTrue(r.commonClaims().debug());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("revocation")));
    }

    @Test
    void revocationRequiredOfflineWithoutCrl(@TempDir Path dir) throws Exception {
        String n = "oak-milan-v3";
        Files.write(dir.resolve("vcek.der"), Vectors.certBytes(n));
        VerificationRequest req = VerificationRequest.builder().addCollateral(dir)
                .addTrustRoot(Vectors.bytes("roots/milan_ark.pem")).addTrustRoot(Vectors.bytes("roots/milan_ask.pem"))
                .clock(Clock.fixed(Vectors.pinnedTime(n), ZoneOffset.UTC)).offline(true).build();
        assertThrows(RevocationUnavailableException.class, () -> backend.verify(backend.readEvidence(Vectors.report(n)), req));
    }

    @Test
    void collateralFilesAreCappedInAllNotPerDirectory(@TempDir Path dir) throws Exception {
        // Two directories of 200 files each: 400 in all is over the one cap every backend shares,
        // though each directory alone is under it (the backend used to cap each directory only).
        for (String d : new String[] {"a", "b"}) {
            Path sub = Files.createDirectory(dir.resolve(d));
            for (int i = 0; i < 200; i++) {
                Files.write(sub.resolve("f" + i), new byte[] {1});
            }
        }
        String n = "oak-milan-v3";
        VerificationRequest req = VerificationRequest.builder().addCollateral(dir.resolve("a"))
                .addCollateral(dir.resolve("b")).clock(Clock.fixed(Vectors.pinnedTime(n), ZoneOffset.UTC))
                .offline(true).build();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> backend.verify(backend.readEvidence(Vectors.report(n)), req));
        assertTrue(e.getMessage().contains("more than " + CollateralFiles.MAX_FILES + " collateral files"),
                e.getMessage());
    }
}
