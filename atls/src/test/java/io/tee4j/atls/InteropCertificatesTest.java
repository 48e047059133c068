package io.tee4j.atls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.atls.AttestedTlsException.Reason;
import io.tee4j.atls.cert.Bindings;
import io.tee4j.atls.cert.EvidenceFormat;
import io.tee4j.core.TeeType;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

/**
 * Certificates in the Edgeless conventions, made the way their Go servers make them (the
 * extension value is the evidence itself under the variant's OID), with the simulators' evidence,
 * verified end to end by the trust manager's appraisal when the policy opts in.
 */
class InteropCertificatesTest {
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    /** A self-signed certificate with one extension whose extnValue content is {@code content}. */
    static X509Certificate withExtension(KeyPair keys, String oid, byte[] content) throws Exception {
        V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
        g.setSerialNumber(new ASN1Integer(BigInteger.valueOf(new SecureRandom().nextInt(1 << 30))));
        g.setSignature(ECDSA_SHA256);
        X500Name name = new X500Name("CN=Contrast");
        g.setIssuer(name);
        g.setSubject(name);
        g.setStartDate(new Time(Date.from(Instant.now().minusSeconds(7200))));
        g.setEndDate(new Time(Date.from(Instant.now().plusSeconds(7200))));
        g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(new ASN1ObjectIdentifier(oid), false, content);
        g.setExtensions(ext.generate());
        TBSCertificate tbs = g.generateTBSCertificate();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(keys.getPrivate());
        s.update(tbs.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(tbs);
        v.add(ECDSA_SHA256);
        v.add(new DERBitString(s.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(new DERSequence(v).getEncoded(ASN1Encoding.DER)));
    }

    private static byte[] nonce() {
        byte[] n = new byte[45];
        new SecureRandom().nextBytes(n);
        return n;
    }

    @Test
    void contrastRawTdxQuoteVerifiesWhenThePolicyOptsIn() throws Exception {
        SimulatedTees sims = SimulatedTees.get();
        KeyPair keys = p256();
        byte[] nonce = nonce();
        byte[] quote = sims.tdx.quote(Bindings.sha512(keys.getPublic().getEncoded(), nonce));
        X509Certificate cert = withExtension(keys, "1.3.9901.2.2", quote);
        PeerAppraisal optIn = new PeerAppraisal(sims.verifier(TeeType.TDX, true),
                AtlsPolicy.builder(TeeType.TDX).acceptFormat(EvidenceFormat.CONTRAST_RAW).build());
        AttestedPeer peer = optIn.appraise(cert, Optional.of(nonce), Optional.empty());
        assertEquals(EvidenceFormat.CONTRAST_RAW, peer.format());
        assertEquals(Reason.KEY_BINDING_MISMATCH, assertThrows(AttestedTlsException.class, () -> optIn.appraise(cert, Optional.of(nonce()),
                        Optional.empty())).reason(), "another nonce: Contrast certificates do not name theirs");
        PeerAppraisal strict = new PeerAppraisal(sims.verifier(TeeType.TDX, true), AtlsPolicy.builder(TeeType.TDX)
                .build());
        assertEquals(Reason.NO_EVIDENCE, assertThrows(AttestedTlsException.class,
                () -> strict.appraise(cert, Optional.of(nonce), Optional.empty())).reason());
    }

    @Test
    void contrastRawSnpReportNeedsItsVcek() throws Exception {
        // Contrast's certificate carries the bare report; the client must get the VCEK elsewhere
        // (KDS). Offline and without it, the SNP verifier refuses: collateral unavailable.
        SimulatedTees sims = SimulatedTees.get();
        KeyPair keys = p256();
        byte[] nonce = nonce();
        byte[] report = sims.snpFirmware.report(Bindings.sha512(keys.getPublic().getEncoded(), nonce), 0);
        X509Certificate cert = withExtension(keys, "1.3.9901.2.1", report);
        PeerAppraisal optIn = new PeerAppraisal(sims.verifier(TeeType.SEV_SNP, true),
                AtlsPolicy.builder(TeeType.SEV_SNP).acceptFormat(EvidenceFormat.CONTRAST_RAW).build());
        AttestedTlsException e = assertThrows(AttestedTlsException.class,
                () -> optIn.appraise(cert, Optional.of(nonce), Optional.empty()));
        assertEquals(Reason.EVIDENCE_REJECTED, e.reason());
    }

    @Test
    void constellationQemuTdxDocumentVerifiesWithItsOwnBinding() throws Exception {
        SimulatedTees sims = SimulatedTees.get();
        KeyPair keys = p256();
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        byte[] userData = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
        byte[] quote = sims.tdx.quote(java.util.Arrays.copyOf(Bindings.constellation(keys.getPublic().getEncoded(),
                nonce), 64));
        String doc = "{\"RawQuote\":\"" + Base64.getEncoder().encodeToString(quote) + "\",\"UserData\":\""
                + Base64.getEncoder().encodeToString(userData) + "\"}";
        X509Certificate cert = withExtension(keys, "1.3.9900.5.99", doc.getBytes(StandardCharsets.UTF_8));
        PeerAppraisal optIn = new PeerAppraisal(sims.verifier(TeeType.TDX, true),
                AtlsPolicy.builder(TeeType.TDX).acceptFormat(EvidenceFormat.CONSTELLATION).build());
        assertEquals(EvidenceFormat.CONSTELLATION, optIn.appraise(cert, Optional.of(nonce), Optional.empty()).format());
        X509Certificate otherVariant = withExtension(keys, "1.3.9900.4.1", new DEROctetString(new byte[4]).getEncoded());
        assertEquals(Reason.UNSUPPORTED_EVIDENCE, assertThrows(AttestedTlsException.class,
                () -> optIn.appraise(otherVariant, Optional.of(nonce), Optional.empty())).reason(),
                "Azure SEV-SNP (a vTPM document) is not decoded");
    }
}
