package io.tee4j.nvgpu.simulator;

import io.tee4j.testing.SimulatedCertificate;
import io.tee4j.testing.SimulatedKeys;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
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

/**
 * Key pairs and certificates of the simulator, from the shared simulated PKI (nothing is registered):
 * keys and serials from {@code random}, every certificate valid from {@code notBefore} to {@code notAfter}
 * and naming {@code ocspUrl} as its OCSP responder when that is not null.
 */
record SimulatedPki(SecureRandom random, Instant notBefore, Instant notAfter, String ocspUrl) {
    /** A key pair with its certificate. */
    static final class Entity {
        final KeyPair keys;
        final X509Certificate cert;

        Entity(KeyPair keys, X509Certificate cert) {
            this.keys = keys;
            this.cert = cert;
        }
    }

    KeyPair p384() {
        return SimulatedKeys.p384(random);
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
        SimulatedCertificate.Builder b = SimulatedCertificate.builder(subject, keys.getPublic()).issuer(issuer)
                .serial(new BigInteger(64, random).setBit(63)).validity(notBefore, notAfter);
        if (ca) {
            b.ca(true).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
        } else {
            b.keyUsage(KeyUsage.digitalSignature);
        }
        if (ocspSigning) {
            b.extendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning);
        }
        if (ocspUrl != null) {
            b.ocspResponder(ocspUrl);
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
            b.extension(new ASN1ObjectIdentifier("2.23.133.5.4.1"), false, new DERSequence(v));
        }
        try {
            return b.sign(issuerKey, "SHA384withECDSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("simulated certificate", e);
        }
    }
}
