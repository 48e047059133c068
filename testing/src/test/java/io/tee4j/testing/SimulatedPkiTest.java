package io.tee4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.SignatureException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** The shared simulated PKI issues exactly what it is asked for, signed so the JDK can check it. */
class SimulatedPkiTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");
    private static final X500Principal ROOT = new X500Principal("CN=Simulated Root, O=tee4j");
    private static final X500Principal LEAF = new X500Principal("CN=Simulated Leaf, O=tee4j");

    @Test
    void aCaCertificateCarriesItsNamesWindowSerialAndCriticalConstraints() throws Exception {
        KeyPair root = SimulatedKeys.p384(RANDOM);
        X509Certificate cert = SimulatedCertificate.builder(ROOT, root.getPublic()).serial(BigInteger.valueOf(0x10000))
                .validity(FROM, UNTIL).ca(true).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                .crlDistributionPoint("https://crl.example/root.crl").sign(root.getPrivate(), "SHA384withECDSA");

        assertEquals(ROOT, cert.getSubjectX500Principal());
        assertEquals(ROOT, cert.getIssuerX500Principal(), "self-issued unless an issuer is named");
        assertEquals(BigInteger.valueOf(0x10000), cert.getSerialNumber());
        assertEquals(Date.from(FROM), cert.getNotBefore());
        assertEquals(Date.from(UNTIL), cert.getNotAfter());
        assertEquals(Integer.MAX_VALUE, cert.getBasicConstraints(), "a CA without a path length limit");
        assertTrue(cert.getKeyUsage()[5] && cert.getKeyUsage()[6], "keyCertSign and cRLSign");
        assertTrue(cert.getCriticalExtensionOIDs().containsAll(List.of("2.5.29.19", "2.5.29.15")));
        assertNotNull(cert.getExtensionValue("2.5.29.31"), "CRL distribution point");
        cert.verify(root.getPublic());
    }

    @Test
    void aLeafIssuedByAnotherKeyVerifiesUnderThatKeyOnly() throws Exception {
        KeyPair root = SimulatedKeys.p384(RANDOM);
        KeyPair leaf = SimulatedKeys.p256(RANDOM);
        X509Certificate cert = SimulatedCertificate.builder(LEAF, leaf.getPublic()).issuer(ROOT).validity(FROM, UNTIL)
                .ca(false).keyUsage(KeyUsage.digitalSignature).extendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning)
                .ocspResponder("http://ocsp.example/").sign(root.getPrivate(), "SHA384withECDSA");

        assertEquals(ROOT, cert.getIssuerX500Principal());
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertEquals(List.of("1.3.6.1.5.5.7.3.9"), cert.getExtendedKeyUsage());
        assertNotNull(cert.getExtensionValue("1.3.6.1.5.5.7.1.1"), "authority information access");
        assertTrue(cert.getPublicKey() instanceof ECPublicKey);
        cert.verify(root.getPublic());
        assertThrows(SignatureException.class, () -> cert.verify(leaf.getPublic()));
    }

    @Test
    void onlyTheExtensionsAskedForAreAdded() throws Exception {
        KeyPair keys = SimulatedKeys.p256(RANDOM);
        ASN1ObjectIdentifier custom = new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1.4");
        X509Certificate cert = SimulatedCertificate.builder(LEAF, keys.getPublic()).validity(FROM, UNTIL)
                .extension(custom, false, new DEROctetString(new byte[] {1, 2, 3}))
                .sign(keys.getPrivate(), "SHA256withECDSA");

        assertTrue(cert.getCriticalExtensionOIDs().isEmpty(), "no basic constraints or key usage unless asked for");
        assertEquals(Set.of(custom.getId()), cert.getNonCriticalExtensionOIDs());
        assertEquals(-1, cert.getBasicConstraints());
    }

    @Test
    void rsaPssChainsAsAmdSignsThem() throws Exception {
        KeyPair ark = SimulatedKeys.rsa(2048, RANDOM);
        X509Certificate cert = SimulatedCertificate.builder(ROOT, ark.getPublic()).validity(FROM, UNTIL).ca(true)
                .sign(ark.getPrivate(), "SHA384withRSAandMGF1");

        assertEquals("1.2.840.113549.1.1.10", cert.getSigAlgOID(), "RSASSA-PSS");
        assertEquals(2048, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
        cert.verify(ark.getPublic());
    }

    @Test
    void aCrlListsTheRevokedSerialsWithTheirDateAndReason() throws Exception {
        KeyPair root = SimulatedKeys.p384(RANDOM);
        Instant revokedAt = FROM.minusSeconds(3600);
        X509CRL crl = SimulatedCrl.issuedBy(ROOT, FROM).nextUpdate(UNTIL)
                .revoke(BigInteger.TEN, revokedAt, CRLReason.keyCompromise)
                .sign(root.getPrivate(), "SHA384withECDSA");

        assertEquals(ROOT, crl.getIssuerX500Principal());
        assertEquals(Date.from(FROM), crl.getThisUpdate());
        assertEquals(Date.from(UNTIL), crl.getNextUpdate());
        assertEquals(1, crl.getRevokedCertificates().size());
        assertEquals(Date.from(revokedAt), crl.getRevokedCertificate(BigInteger.TEN).getRevocationDate());
        assertEquals(java.security.cert.CRLReason.KEY_COMPROMISE,
                crl.getRevokedCertificate(BigInteger.TEN).getRevocationReason());
        assertNull(crl.getRevokedCertificate(BigInteger.ONE));
        crl.verify(root.getPublic());
    }

    @Test
    void aCrlWithoutNextUpdateIsIssuedAsAsked() throws Exception {
        KeyPair root = SimulatedKeys.p256(RANDOM);
        X509CRL crl = SimulatedCrl.issuedBy(ROOT, FROM).nextUpdate(null).sign(root.getPrivate(), "SHA256withECDSA");

        assertNull(crl.getNextUpdate());
        assertNull(crl.getRevokedCertificates());
    }

    @Test
    void aKeyThatCannotSignTheAlgorithmIsATypedError() {
        KeyPair ec = SimulatedKeys.p256(RANDOM);
        assertThrows(GeneralSecurityException.class, () -> SimulatedCertificate.builder(ROOT, ec.getPublic())
                .sign(ec.getPrivate(), "SHA384withRSAandMGF1"));
        assertThrows(GeneralSecurityException.class,
                () -> SimulatedCrl.issuedBy(ROOT, FROM).sign(ec.getPrivate(), "SHA384withRSAandMGF1"));
    }

    @Test
    void signingRegistersNoProvider() throws Exception {
        List<String> before = providerNames();
        KeyPair keys = SimulatedKeys.p256(RANDOM);
        SimulatedCertificate.builder(ROOT, keys.getPublic()).sign(keys.getPrivate(), "SHA256withECDSA");
        assertEquals(before, providerNames());
        assertFalse(before.contains("BC"), "Bouncy Castle stays a private instance");
    }

    /** The tee4j command reloads a simulator from a seed and must get byte-identical roots back. */
    @Test
    void aSeededGeneratorGivesByteIdenticalCertificates() throws Exception {
        assertArrayEquals(seededRoot(), seededRoot());
    }

    private static byte[] seededRoot() throws GeneralSecurityException {
        SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(new byte[] {7, 7, 7});
        KeyPair keys = SimulatedKeys.p256(seeded);
        return SimulatedCertificate.builder(ROOT, keys.getPublic()).validity(FROM, UNTIL).ca(true)
                .sign(keys.getPrivate(), "SHA256withECDSA", seeded).getEncoded();
    }

    @Test
    void littleEndianWritesLeastSignificantByteFirstAndOnlyItsWidth() {
        byte[] b = new byte[14];
        Arrays.fill(b, (byte) 0xEE);
        LittleEndian.putU32(b, 1, 0x1_0403_0201L);
        LittleEndian.putU64(b, 5, 0x0807_0605_0403_0201L);
        assertArrayEquals(new byte[] {(byte) 0xEE, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 0xEE}, b);
    }

    private static List<String> providerNames() {
        return Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    }
}
