package io.tee4j.core.crypto;

import static io.tee4j.core.testing.TestCa.DEFAULT_NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.testing.TestCa;
import io.tee4j.core.testing.TestCa.KeyKind;
import java.security.cert.X509CRL;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link CrlVerifier} on CRLs made by {@link TestCa}: each rule broken one at a time. */
class CrlVerifierTest {

    private static final TestCa ROOT = TestCa.root("CN=CRL Root").build();
    private static final TestCa ICA = ROOT.issue("CN=CRL ICA").ca(0).build();
    private static final TestCa GOOD = ICA.issue("CN=Good Leaf").build();
    private static final TestCa REVOKED = ICA.issue("CN=Revoked Leaf").build();
    private static final Instant THIS_UPDATE = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant NEXT_UPDATE = Instant.parse("2026-07-01T00:00:00Z");

    private static X509CRL currentCrl() {
        return ICA.crl().thisUpdate(THIS_UPDATE).nextUpdate(NEXT_UPDATE)
                .revoke(REVOKED.certificate().getSerialNumber()).build();
    }

    @Test
    void currentCrlPassesAndListedSerialIsRevoked() throws Exception {
        X509CRL crl = currentCrl();
        CrlVerifier v = CrlVerifier.check(crl, ICA.certificate(), DEFAULT_NOW);
        assertSame(crl, v.crl());
        assertEquals(NEXT_UPDATE, v.nextUpdate());
        v.requireNotRevoked(GOOD.certificate());
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.requireNotRevoked(REVOKED.certificate()));
        assertEquals(Reason.REVOKED, e.reason());
        assertTrue(e.getMessage().contains("Revoked Leaf"), e.getMessage());
    }

    @Test
    void certificateOfAnotherIssuerIsNotCheckedAgainstThisCrl() throws Exception {
        // Same serial as the revoked leaf, but issued by another CA: this CRL says nothing about it.
        TestCa otherIca = ROOT.issue("CN=Other ICA").ca(0).build();
        TestCa other = otherIca.issue("CN=Other Leaf").serial(REVOKED.certificate().getSerialNumber()).build();
        CrlVerifier v = CrlVerifier.check(currentCrl(), ICA.certificate(), DEFAULT_NOW);
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.requireNotRevoked(other.certificate()));
        assertEquals(Reason.COLLATERAL, e.reason());
    }

    @Test
    void crlSignedByWrongKeyRejected() {
        TestCa impostor = TestCa.root("CN=Impostor").build();
        X509CRL crl = ICA.crl().thisUpdate(THIS_UPDATE).nextUpdate(NEXT_UPDATE).signWith(impostor.privateKey()).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> CrlVerifier.check(crl, ICA.certificate(), DEFAULT_NOW));
        assertEquals(Reason.COLLATERAL, e.reason());
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void crlOfAnotherIssuerNameRejected() {
        X509CRL crl = ICA.crl().thisUpdate(THIS_UPDATE).nextUpdate(NEXT_UPDATE).issuerName("CN=Somebody").build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> CrlVerifier.check(crl, ICA.certificate(), DEFAULT_NOW));
        assertEquals(Reason.COLLATERAL, e.reason());
    }

    @Test
    void crlCheckedAgainstWrongIssuerCertificateRejected() {
        assertThrows(VerificationFailedException.class, () -> CrlVerifier.check(currentCrl(), ROOT.certificate(), DEFAULT_NOW));
    }

    @Test
    void staleCrlIsRevocationUnavailable() {
        X509CRL crl = currentCrl();
        RevocationUnavailableException e = assertThrows(RevocationUnavailableException.class,
                () -> CrlVerifier.check(crl, ICA.certificate(), NEXT_UPDATE.plusSeconds(1)));
        assertTrue(e.getMessage().contains("nextUpdate"), e.getMessage());
        // nextUpdate itself is already too late; one second before is fine.
        assertThrows(RevocationUnavailableException.class, () -> CrlVerifier.check(crl, ICA.certificate(), NEXT_UPDATE));
        assertDoesNotThrowChecked(() -> CrlVerifier.check(crl, ICA.certificate(), NEXT_UPDATE.minusSeconds(1)));
    }

    @Test
    void crlFromTheFutureIsRevocationUnavailable() {
        X509CRL crl = currentCrl();
        assertThrows(RevocationUnavailableException.class,
                () -> CrlVerifier.check(crl, ICA.certificate(), THIS_UPDATE.minusSeconds(1)));
        assertDoesNotThrowChecked(() -> CrlVerifier.check(crl, ICA.certificate(), THIS_UPDATE));
    }

    @Test
    void crlWithoutNextUpdateIsRevocationUnavailable() {
        X509CRL crl = ICA.crl().thisUpdate(THIS_UPDATE).nextUpdate(null).build();
        RevocationUnavailableException e = assertThrows(RevocationUnavailableException.class,
                () -> CrlVerifier.check(crl, ICA.certificate(), DEFAULT_NOW));
        assertTrue(e.getMessage().contains("no nextUpdate"), e.getMessage());
    }

    @Test
    void rsaPssSignedCrlAccepted() throws Exception {
        // AMD's KDS CRLs are RSA-PSS (SHA-384, salt 48) signed by the ARK.
        TestCa ark = TestCa.root("CN=PSS ARK").key(KeyKind.RSA_2048).build();
        TestCa vcek = ark.issue("CN=VCEK-like").build();
        X509CRL crl = ark.crl().thisUpdate(THIS_UPDATE).nextUpdate(NEXT_UPDATE)
                .revoke(vcek.certificate().getSerialNumber()).build();
        assertEquals("RSASSA-PSS", crl.getSigAlgName());
        CrlVerifier v = CrlVerifier.check(crl, ark.certificate(), DEFAULT_NOW);
        assertThrows(VerificationFailedException.class, () -> v.requireNotRevoked(vcek.certificate()));
        X509CRL forged = ark.crl().thisUpdate(THIS_UPDATE).nextUpdate(NEXT_UPDATE)
                .signWith(TestCa.generateKeyPair(KeyKind.RSA_2048).getPrivate()).build();
        assertThrows(VerificationFailedException.class, () -> CrlVerifier.check(forged, ark.certificate(), DEFAULT_NOW));
    }

    @Test
    void tamperedCrlRejected() throws Exception {
        byte[] der = currentCrl().getEncoded();
        // The revoked entry's serial INTEGER sits inside the signed part, after the issuer name and
        // dates; flip the last bit of its last occurrence.
        byte[] serial = REVOKED.certificate().getSerialNumber().toByteArray();
        int at = CertificateChainValidatorTest.lastIndexOfInteger(der, serial);
        der[at + 2 + serial.length - 1] ^= 1;
        X509CRL tampered = Certificates.parseCrl(der);
        assertThrows(VerificationFailedException.class, () -> CrlVerifier.check(tampered, ICA.certificate(), DEFAULT_NOW));
    }

    private interface CheckedRunnable {
        void run() throws Exception;
    }

    private static void assertDoesNotThrowChecked(CheckedRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }
}
