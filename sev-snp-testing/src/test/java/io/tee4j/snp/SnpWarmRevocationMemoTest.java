package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm path keeps the ASK revocation decision keyed by the exact ARK, ASK and CRL bytes (the key is now
 * framed into one presized array and hashed eight bytes at a time). On a verifier that has decided once with
 * the host's CRL, a one-bit flip anywhere in that CRL is still rejected, and another CRL that revokes the ASK
 * revokes it.
 */
class SnpWarmRevocationMemoTest {
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final SimulatedAmdChain CHAIN = SimulatedAmdChain.generate(ProductLine.GENOA);

    private static Evidence withTableCrl(SimulatedSnpSigner signer, byte[] report, byte[] crl) {
        List<CertificateTable.Entry> entries = new ArrayList<>(signer.certificateTable().entries());
        entries.add(new CertificateTable.Entry(CertificateTable.CRL, crl));
        return Evidence.builder(TeeType.SEV_SNP, report).auxBlob(CertificateTable.of(entries).toBytes()).build();
    }

    @Test
    void aOneBitFlipOfTheHostCrlIsRejectedOnAWarmVerifier() throws Exception {
        SimulatedSnpSigner signer = SimulatedSnpSigner.vcek(CHAIN);
        byte[] report = signer.report().sign();
        byte[] crl = CHAIN.crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6))).getEncoded();
        SnpVerifier warm = SnpVerifier.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).roots(CHAIN.roots()).build();
        assertTrue(warm.verify(withTableCrl(signer, report, crl), SnpPolicy.defaults()).verification()
                .revocationChecked());
        warm.verify(withTableCrl(signer, report, crl), SnpPolicy.defaults());
        int accepted = 0;
        for (int i = 0; i < crl.length; i++) {
            byte[] flipped = crl.clone();
            flipped[i] ^= (byte) (1 << (i % 8));
            try {
                warm.verify(withTableCrl(signer, report, flipped), SnpPolicy.defaults());
                accepted++;
            } catch (AttestationException expected) {
                // rejected: unparsable, forged, or no CRL of this ARK left
            }
        }
        assertEquals(0, accepted);
        warm.verify(withTableCrl(signer, report, crl), SnpPolicy.defaults());

        X509CRL revoking = CHAIN.crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(6)),
                CHAIN.ask().getSerialNumber());
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> warm.verify(withTableCrl(signer, report, revoking.getEncoded()), SnpPolicy.defaults()));
        assertEquals(Reason.REVOKED, e.reason());
    }
}
