package io.tee4j.core.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.collateral.CollateralSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A one-shot request splits into what a prepared verifier keeps and what each call brings, losing nothing. */
class VerificationRequestSplitTest {

    @Test
    void everyInputLandsOnItsSide() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        PolicyDocument policy = PolicyDocument.of(Map.of("k", 1));
        CollateralSource source = CollateralSource.none();
        byte[] root = {1};
        VerificationRequest r = VerificationRequest.builder().addCertificate(new byte[] {9}).addTrustRoot(root)
                .addRimTrustRoot(new byte[] {2}).addCollateral(Path.of("crl.der")).clock(clock).policy(policy)
                .collateralSource(source).revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build();
        root[0] = 7; // the request copied it
        VerifierConfiguration c = r.configuration();
        assertArrayEquals(new byte[] {1}, c.trustRoots().get(0));
        assertArrayEquals(new byte[] {2}, c.rimTrustRoots().get(0));
        assertEquals(List.of(Path.of("crl.der")), c.collateral());
        assertSame(source, c.collateralSource().orElseThrow());
        assertEquals(RevocationMode.SKIP_INSECURE, c.revocationMode());
        assertTrue(c.offline());
        PerCallInputs p = r.perCallInputs();
        assertArrayEquals(new byte[] {9}, p.certificates().get(0));
        assertSame(clock, p.clock());
        assertSame(policy, p.policy().orElseThrow());
    }

    @Test
    void defaults() {
        VerifierConfiguration c = VerificationRequest.builder().build().configuration();
        assertEquals(RevocationMode.REQUIRE, c.revocationMode());
        assertFalse(c.offline());
        assertTrue(c.collateralSource().isEmpty() && c.trustRoots().isEmpty() && c.rimTrustRoots().isEmpty());
        assertTrue(PerCallInputs.none().policy().isEmpty() && PerCallInputs.none().certificates().isEmpty());
    }
}
