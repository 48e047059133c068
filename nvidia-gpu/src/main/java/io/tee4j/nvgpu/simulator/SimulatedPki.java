package io.tee4j.nvgpu.simulator;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs and certificates of the simulator (JDK providers only; nothing is registered). */
final class SimulatedPki {
    /** A key pair with its certificate. */
    static final class Entity {
        final KeyPair keys;
        final X509Certificate cert;

        Entity(KeyPair keys, X509Certificate cert) {
            this.keys = keys;
            this.cert = cert;
        }
    }

    private final SecureRandom random;
    private final Instant notBefore;
    private final Instant notAfter;
    private final String ocspUrl;

    SimulatedPki(SecureRandom random, Instant notBefore, Instant notAfter, String ocspUrl) {
        this.random = random;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.ocspUrl = ocspUrl;
    }

    KeyPair p384() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-384 is required of the JDK", e);
        }
    }

    Entity root(String dn) {
        KeyPair k = p384();
        return new Entity(k, build(new X500Principal(dn), k.getPrivate(), new X500Principal(dn), k, true, null, false));
    }

    Entity ca(Entity issuer, String dn) {
        KeyPair k = p384();
        return new Entity(k, build(issuer.cert.getSubjectX500Principal(), issuer.keys.getPrivate(),
                new X500Principal(dn), k, true, null, false));
    }

    Entity leaf(Entity issuer, String dn, byte[] fwid) {
        KeyPair k = p384();
        return new Entity(k, build(issuer.cert.getSubjectX500Principal(), issuer.keys.getPrivate(),
                new X500Principal(dn), k, false, fwid, false));
    }

    /** An OCSP responder certificate issued by {@code issuer}, with or without the OCSPSigning purpose. */
    Entity responder(Entity issuer, String dn, boolean ocspSigning) {
        KeyPair k = p384();
        return new Entity(k, build(issuer.cert.getSubjectX500Principal(), issuer.keys.getPrivate(),
                new X500Principal(dn), k, false, null, ocspSigning));
    }

    private X509Certificate build(X500Principal issuer, PrivateKey issuerKey, X500Principal subject, KeyPair keys,
            boolean ca, byte[] fwid, boolean ocspSigning) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).setBit(63),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            if (ocspSigning) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            }
            if (ocspUrl != null) {
                b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                        new AccessDescription(AccessDescription.id_ad_ocsp,
                                new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl))));
            }
            if (fwid != null) {
                // The composite-device-id shape of NVIDIA's FMC leaves:
                // SEQUENCE { INTEGER 1, SubjectPublicKeyInfo, SEQUENCE { sha384, OCTET STRING fwid } }.
                ASN1EncodableVector fw = new ASN1EncodableVector();
                fw.add(NISTObjectIdentifiers.id_sha384);
                fw.add(new DEROctetString(fwid));
                ASN1EncodableVector v = new ASN1EncodableVector();
                v.add(new ASN1Integer(1));
                v.add(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
                v.add(new DERSequence(fw));
                b.addExtension(new ASN1ObjectIdentifier("2.23.133.5.4.1"), false, new DERSequence(v));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)));
        } catch (java.io.IOException | OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("simulated certificate", e);
        }
    }
}
