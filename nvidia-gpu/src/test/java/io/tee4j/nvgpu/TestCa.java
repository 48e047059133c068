package io.tee4j.nvgpu;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away P-384 CA for tests (JDK provider only; nothing is registered). */
final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    final KeyPair keys;
    final X509Certificate cert;

    private TestCa(KeyPair keys, X509Certificate cert) {
        this.keys = keys;
        this.cert = cert;
    }

    static KeyPair p384() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestCa root(String cn, Instant from, Instant to) {
        KeyPair k = p384();
        return new TestCa(k, issue(new X500Principal("CN=" + cn), k.getPrivate(), new X500Principal("CN=" + cn), k, from,
                to, true, false));
    }

    TestCa subCa(String cn, Instant from, Instant to) {
        KeyPair k = p384();
        return new TestCa(k, issue(cert.getSubjectX500Principal(), keys.getPrivate(), new X500Principal("CN=" + cn), k,
                from, to, true, false));
    }

    TestCa leaf(String cn, Instant from, Instant to, boolean ocspSigner) {
        KeyPair k = p384();
        return new TestCa(k, issue(cert.getSubjectX500Principal(), keys.getPrivate(), new X500Principal("CN=" + cn), k,
                from, to, false, ocspSigner));
    }

    /** A leaf carrying the DICE FWID extension in the composite-device-id shape of NVIDIA's FMC leaves. */
    TestCa diceLeaf(String cn, Instant from, Instant to, byte[] fwid) {
        KeyPair k = p384();
        return new TestCa(k, issue(cert.getSubjectX500Principal(), keys.getPrivate(), new X500Principal("CN=" + cn), k,
                from, to, false, false, fwid));
    }

    static X509Certificate issue(X500Principal issuer, PrivateKey issuerKey, X500Principal subject, KeyPair subjectKeys,
            Instant from, Instant to, boolean ca, boolean ocspSigner) {
        return issue(issuer, issuerKey, subject, subjectKeys, from, to, ca, ocspSigner, null);
    }

    static X509Certificate issue(X500Principal issuer, PrivateKey issuerKey, X500Principal subject, KeyPair subjectKeys,
            Instant from, Instant to, boolean ca, boolean ocspSigner, byte[] fwid) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), subject,
                    subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature));
            if (fwid != null) {
                org.bouncycastle.asn1.ASN1EncodableVector fw = new org.bouncycastle.asn1.ASN1EncodableVector();
                fw.add(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha384);
                fw.add(new org.bouncycastle.asn1.DEROctetString(fwid));
                org.bouncycastle.asn1.ASN1EncodableVector v = new org.bouncycastle.asn1.ASN1EncodableVector();
                v.add(new org.bouncycastle.asn1.ASN1Integer(1));
                v.add(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded()));
                v.add(new org.bouncycastle.asn1.DERSequence(fw));
                b.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.23.133.5.4.1"), false,
                        new org.bouncycastle.asn1.DERSequence(v));
            }
            if (ocspSigner) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
