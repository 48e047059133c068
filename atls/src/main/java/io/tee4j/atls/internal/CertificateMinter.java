package io.tee4j.atls.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Builds the self-signed ECDSA P-256 leaf an attested server presents, with bcprov's ASN.1
 * classes (no bcpkix): subject and issuer {@code CN=tee4j aTLS}, a random positive 127-bit
 * serial, the given validity, optional DNS subject alternative names, and the evidence extension
 * {@code id-pe-cmw} (non-critical, RFC 9999 §4.4) holding the CBOR choice.
 */
public final class CertificateMinter {
    /** {@code id-pe-cmw}. */
    public static final String ID_PE_CMW = "1.3.6.1.5.5.7.1.35";
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private static final X500Name NAME = new X500Name("CN=tee4j aTLS");

    private final KeyPair keys;
    private final SecureRandom random;

    public CertificateMinter(KeyPair keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    /** The SubjectPublicKeyInfo DER of the key every certificate carries: what the evidence binds. */
    public byte[] subjectPublicKeyInfo() {
        return keys.getPublic().getEncoded();
    }

    /**
     * A certificate for the key, carrying {@code cmwCbor} as the CBOR choice of {@code id-pe-cmw}
     * (null: no evidence extension, the certificate a refused man in the middle presents in tests).
     */
    public X509Certificate mint(byte[] cmwCbor, Instant notBefore, Instant notAfter, List<String> dnsNames)
            throws GeneralSecurityException {
        try {
            V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
            g.setSerialNumber(new ASN1Integer(new BigInteger(127, random)));
            g.setSignature(ECDSA_SHA256);
            g.setIssuer(NAME);
            g.setSubject(NAME);
            g.setStartDate(new Time(Date.from(notBefore)));
            g.setEndDate(new Time(Date.from(notAfter)));
            g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo()));
            ExtensionsGenerator ext = new ExtensionsGenerator();
            if (cmwCbor != null) {
                ext.addExtension(new ASN1ObjectIdentifier(ID_PE_CMW), false, new DEROctetString(cmwCbor));
            }
            if (!dnsNames.isEmpty()) {
                GeneralName[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            if (!ext.isEmpty()) {
                g.setExtensions(ext.generate());
            }
            TBSCertificate tbs = g.generateTBSCertificate();
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate(), random);
            signer.update(tbs.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector cert = new ASN1EncodableVector();
            cert.add(tbs);
            cert.add(ECDSA_SHA256);
            cert.add(new DERBitString(signer.sign()));
            byte[] der = new DERSequence(cert).getEncoded(ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IOException e) {
            throw new GeneralSecurityException("encoding the certificate: " + e.getMessage(), e);
        }
    }
}
