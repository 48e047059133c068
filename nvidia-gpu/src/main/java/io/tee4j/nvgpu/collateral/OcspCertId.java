package io.tee4j.nvgpu.collateral;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * An OCSP CertID (RFC 6960 §4.1.1): the hash algorithm, the hashes of the issuer's DER subject
 * name and of its public key's BIT STRING value, and the serial number. Computed here from the
 * certificates (SHA-384 for requests, as nvtrust; SHA-1, SHA-224, SHA-256, SHA-512 to recognise a
 * response about the same certificate under another hash), or read from an answer. Not verified
 * here: that the serial belongs to a certificate the issuer signed (the chain validation did that).
 */
final class OcspCertId {
    static final String SHA384 = "2.16.840.1.101.3.4.2.2";
    private static final Map<String, String> DIGESTS = Map.of("1.3.14.3.2.26", "SHA-1",
            "2.16.840.1.101.3.4.2.4", "SHA-224", "2.16.840.1.101.3.4.2.1", "SHA-256", SHA384, "SHA-384",
            "2.16.840.1.101.3.4.2.3", "SHA-512");

    private final String hashOid;
    private final byte[] issuerNameHash;
    private final byte[] issuerKeyHash;
    private final BigInteger serial;

    OcspCertId(String hashOid, byte[] issuerNameHash, byte[] issuerKeyHash, BigInteger serial) {
        this.hashOid = hashOid;
        this.issuerNameHash = issuerNameHash.clone();
        this.issuerKeyHash = issuerKeyHash.clone();
        this.serial = serial;
    }

    /**
     * The CertID of {@code cert} under the hash {@code hashOid}, or null when this library does not
     * compute that hash (nothing can then show an entry under it is about this certificate).
     *
     * @throws CertificateEncodingException when the issuer certificate does not encode
     */
    static OcspCertId compute(String hashOid, X509Certificate cert, X509Certificate issuer)
            throws CertificateEncodingException {
        String digest = DIGESTS.get(hashOid);
        if (digest == null) {
            return null;
        }
        Certificate parsed;
        try {
            parsed = Certificate.getInstance(issuer.getEncoded());
        } catch (RuntimeException e) {
            throw new CertificateEncodingException("issuer certificate does not parse: " + e.getMessage());
        }
        try {
            // The name exactly as the issuer certificate encodes it, and the key's BIT STRING value
            // without tag, length and unused-bits octet, as RFC 6960 defines both hashes.
            byte[] name = parsed.getSubject().getEncoded(ASN1Encoding.DER);
            byte[] key = parsed.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
            return new OcspCertId(hashOid, MessageDigest.getInstance(digest).digest(name),
                    MessageDigest.getInstance(digest).digest(key), cert.getSerialNumber());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new CertificateEncodingException("cannot hash the issuer: " + e.getMessage());
        }
    }

    String hashOid() {
        return hashOid;
    }

    byte[] issuerKeyHash() {
        return issuerKeyHash.clone();
    }

    BigInteger serial() {
        return serial;
    }

    /** Same algorithm, same issuer hashes, same serial. */
    boolean sameAs(OcspCertId other) {
        return hashOid.equals(other.hashOid) && serial.equals(other.serial)
                && MessageDigest.isEqual(issuerNameHash, other.issuerNameHash)
                && MessageDigest.isEqual(issuerKeyHash, other.issuerKeyHash);
    }

    /** The CertID structure as a request carries it (SHA-384 without parameters, as before the rewrite). */
    CertID toAsn1() {
        return new CertID(new AlgorithmIdentifier(new ASN1ObjectIdentifier(hashOid)),
                new DEROctetString(issuerNameHash), new DEROctetString(issuerKeyHash), new ASN1Integer(serial));
    }

    /** The DER of {@link #toAsn1()}. */
    byte[] encoded() {
        try {
            return toAsn1().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("a CertID always encodes", e);
        }
    }
}
