package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.internal.SnpBackend;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SnpBackend#prepare}: one verifier made from the configuration serves many calls,
 * keeps what it verified, reads its files once, and takes each call's certificates and time.
 */
class SnpPreparedVerifierTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final SimulatedAmdChain CHAIN = SimulatedAmdChain.generate(ProductLine.GENOA);

    @TempDir
    Path dir;

    private PreparedVerifier prepared() throws Exception {
        Path crl = dir.resolve("ask.crl");
        Files.write(crl, CHAIN.crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6))).getEncoded());
        PreparedVerifier v = new SnpBackend().prepare(VerifierConfiguration.builder()
                .addTrustRoot(CHAIN.ark().getEncoded()).addTrustRoot(CHAIN.ask().getEncoded())
                .addCollateral(crl).offline(true).build());
        Files.delete(crl);
        return v;
    }

    private static PerCallInputs at(Instant t, byte[]... certificates) {
        PerCallInputs.Builder b = PerCallInputs.builder().clock(Clock.fixed(t, ZoneOffset.UTC));
        for (byte[] c : certificates) {
            b.addCertificate(c);
        }
        return b.build();
    }

    @Test
    void repeatedCallsEachBringTheirOwnCertificates() throws Exception {
        PreparedVerifier v = prepared();
        Evidence report = Evidence.of(TeeType.SEV_SNP, SimulatedSnpSigner.vcek(CHAIN).report().sign());
        for (int i = 0; i < 3; i++) {
            Instant t = NOW.plusSeconds(60L * i);
            assertEquals(t, v.verify(report, at(t, CHAIN.vcek().getEncoded())).verifiedAt());
        }
        // A call's certificates are not kept for the next call: offline, without a VCEK, it fails.
        assertThrows(CollateralUnavailableException.class, () -> v.verify(report, at(NOW)));
    }

    @Test
    void eachCallRunsAtItsOwnTimeAgainstCollateralReadOnce() throws Exception {
        PreparedVerifier v = prepared();
        Evidence report = Evidence.of(TeeType.SEV_SNP, SimulatedSnpSigner.vcek(CHAIN).report().sign());
        byte[] vcek = CHAIN.vcek().getEncoded();
        v.verify(report, at(NOW, vcek));
        // After the CRL's next update the same verifier (its file already deleted) has no current CRL.
        assertThrows(RevocationUnavailableException.class, () -> v.verify(report, at(NOW.plus(Duration.ofDays(7)),
                vcek)));
        v.verify(report, at(NOW.plusSeconds(1), vcek));
    }

    @Test
    void rimTrustRootsAreRefusedOutsideTheGpuBackend() {
        assertThrows(PolicyFormatException.class, () -> new SnpBackend().prepare(VerifierConfiguration.builder()
                .addRimTrustRoot(CHAIN.ark().getEncoded()).build()));
    }
}
