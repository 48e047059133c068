package io.tee4j.nvgpu;

import io.tee4j.testing.SimulatedCertificate;
import io.tee4j.testing.SimulatedKeys;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** A throw-away P-384 CA for tests, issued through the shared simulated PKI (nothing is registered). */
final class TestCa {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    final KeyPair keys;
    final X509Certificate cert;

    private TestCa(KeyPair keys, X509Certificate cert) {
        this.keys = keys;
        this.cert = cert;
    }

    static KeyPair p384() {
        return SimulatedKeys.p384(new SecureRandom());
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
        SimulatedCertificate.Builder b = SimulatedCertificate.builder(subject, subjectKeys.getPublic()).issuer(issuer)
                .serial(BigInteger.valueOf(SERIAL.incrementAndGet())).validity(from, to)
                .ca(ca).keyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature);
        if (fwid != null) {
            ASN1EncodableVector fw = new ASN1EncodableVector();
            fw.add(NISTObjectIdentifiers.id_sha384);
            fw.add(new DEROctetString(fwid));
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new ASN1Integer(1));
            v.add(SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded()));
            v.add(new DERSequence(fw));
            b.extension(new ASN1ObjectIdentifier("2.23.133.5.4.1"), false, new DERSequence(v));
        }
        if (ocspSigner) {
            b.extendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning);
        }
        try {
            return b.sign(issuerKey, "SHA384withECDSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
