package io.tee4j.core.crypto;

import static io.tee4j.core.testing.TestCa.DEFAULT_NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.testing.TestCa;
import io.tee4j.core.testing.TestCa.KeyKind;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/** Each rule of {@link CertificateChainValidator}, broken one at a time on chains made by {@link TestCa}. */
class CertificateChainValidatorTest {

    private static final TestCa ROOT = TestCa.root("CN=Test Root, O=tee4j").build();
    private static final TestCa ICA = ROOT.issue("CN=Test ICA, O=tee4j").ca(0).build();
    private static final TestCa LEAF = ICA.issue("CN=Test Leaf, O=tee4j").build();
    private static final TrustAnchors ANCHORS = TrustAnchors.explicit("test root", List.of(ROOT.certificate()));
    private static final CertificateChainValidator VALIDATOR = CertificateChainValidator.of(ANCHORS);

    private static VerificationFailedException rejects(CertificateChainValidator v, Instant at, X509Certificate... chain) {
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> v.validate(List.of(chain), at));
        assertEquals(VerificationFailedException.Reason.CERTIFICATE_CHAIN, e.reason());
        return e;
    }

    private static VerificationFailedException rejects(X509Certificate... chain) {
        return rejects(VALIDATOR, DEFAULT_NOW, chain);
    }

    private static void assertMessageContains(Exception e, String part) {
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }

    @Test
    void goodChainWithoutRootGetsAnchorAppended() throws Exception {
        List<X509Certificate> full = VALIDATOR.validate(List.of(LEAF.certificate(), ICA.certificate()), DEFAULT_NOW);
        assertEquals(List.of(LEAF.certificate(), ICA.certificate(), ROOT.certificate()), full);
    }

    @Test
    void goodChainEndingWithRoot() throws Exception {
        List<X509Certificate> chain = List.of(LEAF.certificate(), ICA.certificate(), ROOT.certificate());
        assertEquals(chain, VALIDATOR.validate(chain, DEFAULT_NOW));
    }

    @Test
    void rootAloneIsItsOwnChain() throws Exception {
        assertEquals(List.of(ROOT.certificate()), VALIDATOR.validate(List.of(ROOT.certificate()), DEFAULT_NOW));
    }

    @Test
    void emptyChainRejected() {
        rejects();
    }

    @Test
    void overlongChainRejected() {
        X509Certificate[] chain = new X509Certificate[CertificateChainValidator.MAX_CHAIN_LENGTH + 1];
        java.util.Arrays.fill(chain, ICA.certificate());
        chain[0] = LEAF.certificate();
        chain[chain.length - 1] = ROOT.certificate();
        assertMessageContains(rejects(chain), "longer than");
    }

    @Test
    void expiredLeafRejected() {
        TestCa leaf = ICA.issue("CN=Expired").validity(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z")).build();
        assertMessageContains(rejects(leaf.certificate(), ICA.certificate()), "expired");
    }

    @Test
    void expiredIntermediateRejected() {
        TestCa ica = ROOT.issue("CN=Expired ICA").ca(0).validity(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z")).build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        assertMessageContains(rejects(leaf.certificate(), ica.certificate()), "position 1");
    }

    @Test
    void expiredAnchorRejected() {
        TestCa root = TestCa.root("CN=Old Root").validity(Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z")).build();
        TestCa leaf = root.issue("CN=Leaf").build();
        CertificateChainValidator v = CertificateChainValidator.of(
                TrustAnchors.explicit("old", List.of(root.certificate())));
        assertMessageContains(rejects(v, DEFAULT_NOW, leaf.certificate()), "expired");
    }

    @Test
    void notYetValidRejected() {
        TestCa leaf = ICA.issue("CN=Future").validity(Instant.parse("2027-01-01T00:00:00Z"),
                Instant.parse("2030-01-01T00:00:00Z")).build();
        assertMessageContains(rejects(leaf.certificate(), ICA.certificate()), "not valid before");
    }

    @Test
    void validityBoundsAreInclusive() throws Exception {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-12-31T00:00:00Z");
        TestCa leaf = ICA.issue("CN=Window").validity(from, to).build();
        List<X509Certificate> chain = List.of(leaf.certificate(), ICA.certificate());
        VALIDATOR.validate(chain, from);
        VALIDATOR.validate(chain, to);
        rejects(VALIDATOR, from.minusSeconds(1), leaf.certificate(), ICA.certificate());
        rejects(VALIDATOR, to.plusSeconds(1), leaf.certificate(), ICA.certificate());
    }

    @Test
    void wrongIssuerNameRejected() {
        // Signed by the ICA's key, but names someone else as issuer.
        TestCa leaf = ICA.issue("CN=Leaf").issuerName("CN=Someone Else, O=tee4j").build();
        assertMessageContains(rejects(leaf.certificate(), ICA.certificate()), "names issuer");
    }

    @Test
    void badSignatureRejected() {
        // Right issuer name, signed by an unrelated key.
        TestCa other = TestCa.root("CN=Other").build();
        TestCa leaf = ICA.issue("CN=Leaf").signWith(other.privateKey()).build();
        assertMessageContains(rejects(leaf.certificate(), ICA.certificate()), "signature");
    }

    @Test
    void intermediateWithBadSignatureRejected() {
        TestCa other = TestCa.root("CN=Other").build();
        TestCa ica = ROOT.issue("CN=Forged ICA").ca(0).signWith(other.privateKey()).build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        // The forged ICA is not issued by any anchor, so the chain does not reach one.
        rejects(leaf.certificate(), ica.certificate());
        // With the root given, the ICA's own signature check fails.
        assertMessageContains(rejects(leaf.certificate(), ica.certificate(), ROOT.certificate()), "signature");
    }

    @Test
    void nonCaIntermediateRejected() {
        TestCa ica = ROOT.issue("CN=Not a CA").endEntity().keyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature)
                .build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        assertMessageContains(rejects(leaf.certificate(), ica.certificate()), "not a CA");
    }

    @Test
    void intermediateWithoutBasicConstraintsRejected() {
        TestCa ica = ROOT.issue("CN=No BC").noBasicConstraints().keyUsage(KeyUsage.keyCertSign).build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        assertMessageContains(rejects(leaf.certificate(), ica.certificate()), "not a CA");
    }

    @Test
    void pathLengthViolationRejected() throws Exception {
        // ICA allows 0 intermediates below it; put one there.
        TestCa sub = ICA.issue("CN=Sub ICA").ca(-1).build();
        TestCa leaf = sub.issue("CN=Leaf").build();
        assertMessageContains(rejects(leaf.certificate(), sub.certificate(), ICA.certificate()), "path length 0");
        // A root with pathLen 1 allows one intermediate below it (root -> ica1 -> leaf), not two.
        TestCa root = TestCa.root("CN=Root pathLen 1").ca(1).build();
        TestCa ica1 = root.issue("CN=ICA 1").ca(-1).build();
        TestCa ica2 = ica1.issue("CN=ICA 2").ca(-1).build();
        TestCa leaf1 = ica1.issue("CN=Leaf 1").build();
        TestCa leaf2 = ica2.issue("CN=Leaf").build();
        CertificateChainValidator v = CertificateChainValidator.of(TrustAnchors.explicit("r", List.of(root.certificate())));
        v.validate(List.of(leaf1.certificate(), ica1.certificate()), DEFAULT_NOW);
        assertMessageContains(rejects(v, DEFAULT_NOW, leaf2.certificate(), ica2.certificate(), ica1.certificate()),
                "path length 1");
    }

    @Test
    void caKeyUsageWithoutKeyCertSignRejected() {
        TestCa ica = ROOT.issue("CN=CRL only").ca(0).keyUsage(KeyUsage.cRLSign | KeyUsage.digitalSignature).build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        assertMessageContains(rejects(leaf.certificate(), ica.certificate()), "keyUsage");
    }

    @Test
    void caWithoutKeyUsageAccepted() throws Exception {
        // RFC 5280 lets a CA omit keyUsage; the validator only checks keyUsage when present.
        TestCa ica = ROOT.issue("CN=No KU").ca(0).noKeyUsage().build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        VALIDATOR.validate(List.of(leaf.certificate(), ica.certificate()), DEFAULT_NOW);
    }

    @Test
    void unknownCriticalExtensionRejectedUnlessHandled() throws Exception {
        String dice = "2.23.133.5.4.1";
        TestCa leaf = ICA.issue("CN=Leaf with DICE").extension(dice, true, new DEROctetString(new byte[] {1, 2, 3})
                .getEncoded()).build();
        assertMessageContains(rejects(leaf.certificate(), ICA.certificate()), dice);
        CertificateChainValidator handling = CertificateChainValidator.of(ANCHORS, Set.of(dice));
        handling.validate(List.of(leaf.certificate(), ICA.certificate()), DEFAULT_NOW);
        // The same extension, not critical, needs no handling.
        TestCa nonCritical = ICA.issue("CN=Leaf").extension(dice, false, new DEROctetString(new byte[] {1})
                .getEncoded()).build();
        VALIDATOR.validate(List.of(nonCritical.certificate(), ICA.certificate()), DEFAULT_NOW);
    }

    @Test
    void unknownCriticalExtensionOnIntermediateRejected() throws Exception {
        TestCa ica = ROOT.issue("CN=ICA ext").ca(0).extension("1.3.6.1.4.1.99999.1", true,
                new DEROctetString(new byte[] {0}).getEncoded()).build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        assertMessageContains(rejects(leaf.certificate(), ica.certificate()), "1.3.6.1.4.1.99999.1");
    }

    @Test
    void chainNotReachingAnAnchorRejected() {
        TestCa otherRoot = TestCa.root("CN=Test Root, O=tee4j").build(); // same name, other key
        TestCa ica = otherRoot.issue("CN=Test ICA, O=tee4j").ca(0).build();
        TestCa leaf = ica.issue("CN=Leaf").build();
        assertMessageContains(rejects(leaf.certificate(), ica.certificate()), "trusted root");
        // Nor does presenting the look-alike root itself help.
        rejects(leaf.certificate(), ica.certificate(), otherRoot.certificate());
    }

    @Test
    void leafAloneWithoutIntermediateRejected() {
        assertMessageContains(rejects(LEAF.certificate()), "trusted root");
    }

    @Test
    void chainInWrongOrderRejected() {
        rejects(ICA.certificate(), LEAF.certificate());
    }

    @Test
    void rsaPssSignedChainAccepted() throws Exception {
        // AMD's shape: RSA-PSS (SHA-384, MGF1-SHA-384, salt 48) root and ICA, EC P-384 leaf signed by the ICA.
        TestCa root = TestCa.root("CN=PSS Root").key(KeyKind.RSA_2048).build();
        TestCa ica = root.issue("CN=PSS ICA").ca(0).key(KeyKind.RSA_2048).build();
        TestCa leaf = ica.issue("CN=VCEK-like").key(KeyKind.EC_P384).build();
        assertEquals("RSASSA-PSS", leaf.certificate().getSigAlgName());
        CertificateChainValidator v = CertificateChainValidator.of(TrustAnchors.explicit("pss", List.of(root.certificate())));
        v.validate(List.of(leaf.certificate(), ica.certificate()), DEFAULT_NOW);
        // And a PSS signature by the wrong RSA key fails.
        TestCa forged = ica.issue("CN=Forged").signWith(TestCa.generateKeyPair(KeyKind.RSA_2048).getPrivate()).build();
        rejects(v, DEFAULT_NOW, forged.certificate(), ica.certificate());
    }

    @Test
    void tamperedCertificateRejected() throws Exception {
        // Flip one bit inside the to-be-signed part of the leaf: its serial number's last byte (the
        // first INTEGER with that value: the serial precedes everything else in tbsCertificate).
        byte[] der = LEAF.certificate().getEncoded();
        byte[] serial = LEAF.certificate().getSerialNumber().toByteArray();
        int at = indexOfInteger(der, serial, false);
        der[at + 2 + serial.length - 1] ^= 1;
        X509Certificate tampered = Certificates.parseOne(der);
        assertMessageContains(rejects(tampered, ICA.certificate()), "signature");
    }

    /** Where the DER INTEGER {@code 02 len value} with this (short) value starts: first or last occurrence. */
    static int indexOfInteger(byte[] der, byte[] value, boolean last) {
        int found = -1;
        for (int i = 0; i + 2 + value.length <= der.length; i++) {
            if (der[i] == 0x02 && der[i + 1] == value.length
                    && java.util.Arrays.equals(der, i + 2, i + 2 + value.length, value, 0, value.length)) {
                found = i;
                if (!last) {
                    break;
                }
            }
        }
        if (found < 0) {
            throw new AssertionError("INTEGER not found");
        }
        return found;
    }

    static int lastIndexOfInteger(byte[] der, byte[] value) {
        return indexOfInteger(der, value, true);
    }

    /**
     * Issue 23: the validator remembers signatures that verified, by exact bytes and issuer key, so a
     * fleet of leaves pays for its CA once. What it remembers must never stand in for anything else:
     * a one-bit change of a remembered certificate is verified afresh and fails, the time rules still
     * apply to a remembered certificate, and a remembered signature does not vouch for a different
     * issuer key.
     */
    @Test
    void rememberedSignaturesNeverStandInForChangedBytesTimeOrAnotherIssuer() throws Exception {
        CertificateChainValidator v = CertificateChainValidator.of(ANCHORS);
        TestCa second = ICA.issue("CN=Second Leaf, O=tee4j").build();
        v.validate(List.of(LEAF.certificate(), ICA.certificate()), DEFAULT_NOW);
        v.validate(List.of(second.certificate(), ICA.certificate()), DEFAULT_NOW);
        for (X509Certificate c : List.of(LEAF.certificate(), ICA.certificate())) {
            byte[] der = c.getEncoded();
            der[der.length - 1] ^= 1;
            X509Certificate flipped = Certificates.parseOne(der);
            X509Certificate[] chain = c == LEAF.certificate()
                    ? new X509Certificate[] {flipped, ICA.certificate()}
                    : new X509Certificate[] {LEAF.certificate(), flipped};
            rejects(v, DEFAULT_NOW, chain);
        }
        assertMessageContains(rejects(v, Instant.parse("2036-01-01T00:00:00Z"), LEAF.certificate(),
                ICA.certificate()), "expired");
        // A CA with the same name but another key: the remembered ICA signature is for the genuine key only.
        TestCa impostor = ROOT.issue("CN=Test ICA, O=tee4j").ca(0).build();
        rejects(v, DEFAULT_NOW, LEAF.certificate(), impostor.certificate());
        assertEquals(3, v.validate(List.of(LEAF.certificate(), ICA.certificate()), DEFAULT_NOW).size());
    }
}
