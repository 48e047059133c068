package io.tee4j.tdx.simulator;

import io.tee4j.testing.SimulatedCertificate;
import io.tee4j.testing.SimulatedCrl;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The simulator's certificates, CRLs, SGX extension, raw ECDSA signatures and byte helpers: Intel's
 * shapes, signed with the simulator's own keys.
 */
final class SimulatedIntelPki {
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    static final String SGX_OID = "1.2.840.113741.1.13.1";

    private SimulatedIntelPki() {
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                default: b.append(c);
            }
        }
        return b.append('"').toString();
    }

    static ASN1Encodable sgxExtension(int[] cpuSvn, int pceSvn, byte[] fmspc) {
        ASN1EncodableVector tcb = new ASN1EncodableVector();
        for (int i = 0; i < 16; i++) {
            tcb.add(pair(SGX_OID + ".2." + (i + 1), new ASN1Integer(cpuSvn[i])));
        }
        tcb.add(pair(SGX_OID + ".2.17", new ASN1Integer(pceSvn)));
        byte[] cpu = new byte[16];
        for (int i = 0; i < 16; i++) {
            cpu[i] = (byte) cpuSvn[i];
        }
        tcb.add(pair(SGX_OID + ".2.18", new DEROctetString(cpu)));
        ASN1EncodableVector config = new ASN1EncodableVector();
        config.add(pair(SGX_OID + ".7.1", ASN1Boolean.TRUE));
        config.add(pair(SGX_OID + ".7.2", ASN1Boolean.TRUE));
        config.add(pair(SGX_OID + ".7.3", ASN1Boolean.TRUE));
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(pair(SGX_OID + ".1", new DEROctetString(fill(16, 0x77))));
        v.add(pair(SGX_OID + ".2", new DERSequence(tcb)));
        v.add(pair(SGX_OID + ".3", new DEROctetString(new byte[2])));
        v.add(pair(SGX_OID + ".4", new DEROctetString(fmspc)));
        v.add(pair(SGX_OID + ".5", new ASN1Enumerated(1)));
        v.add(pair(SGX_OID + ".6", new DEROctetString(fill(16, 0x66))));
        v.add(pair(SGX_OID + ".7", new DERSequence(config)));
        return new DERSequence(v);
    }

    static DERSequence pair(String oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }

    static X509Certificate cert(long serial, String subject, String issuer, KeyPair subjectKey,
            KeyPair issuerKey, Instant from, Instant to, boolean isCa, ASN1Encodable sgx, SecureRandom random)
            throws GeneralSecurityException {
        SimulatedCertificate.Builder b = SimulatedCertificate.builder(new X500Name(subject), subjectKey.getPublic())
                .issuer(new X500Name(issuer)).serial(BigInteger.valueOf(serial)).validity(from, to)
                .ca(isCa).keyUsage(isCa
                        ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
        if (sgx != null) {
            b.extension(new ASN1ObjectIdentifier(SGX_OID), false, sgx);
        }
        return b.sign(issuerKey.getPrivate(), SIGNATURE_ALGORITHM, random);
    }

    /** A CRL listing {@code revoked} as revoked (keyCompromise) an hour before {@code thisUpdate}. */
    static byte[] crl(KeyPair issuerKey, X509Certificate issuer, Instant thisUpdate, Instant nextUpdate,
            BigInteger... revoked) {
        try {
            SimulatedCrl crl = SimulatedCrl.issuedBy(issuer.getSubjectX500Principal(), thisUpdate)
                    .nextUpdate(nextUpdate);
            for (BigInteger serial : revoked) {
                crl.revoke(serial, thisUpdate.minus(Duration.ofHours(1)), CRLReason.keyCompromise);
            }
            return crl.sign(issuerKey.getPrivate(), SIGNATURE_ALGORITHM).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write a simulated CRL", e);
        }
    }

    static byte[] signRaw(KeyPair key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 signing is available on every Java 17 platform", e);
        }
    }

    static byte[] rawPoint(ECPublicKey k) {
        byte[] out = new byte[64];
        put32(k.getW().getAffineX(), out, 0);
        put32(k.getW().getAffineY(), out, 32);
        return out;
    }

    static void put32(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, off + 32 - n, n);
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    static byte[] svn(int... first) {
        byte[] b = new byte[16];
        for (int i = 0; i < first.length; i++) {
            b[i] = (byte) first[i];
        }
        return b;
    }

    static byte[] len(byte[] v, int n) {
        Objects.requireNonNull(v);
        if (v.length != n) {
            throw new IllegalArgumentException("expected " + n + " bytes, got " + v.length);
        }
        return v.clone();
    }

    /**
     * A QE report (384 bytes) for the given CPUSVN, MISCSELECT, QE MRSIGNER and ISVSVN whose report
     * data is SHA-256(attestation key ‖ auth data) followed by zeros.
     */
    static byte[] qeReport(int[] cpuSvn, int qeMiscSelect, byte[] qeMrSigner, int qeSvn, byte[] ak, byte[] authData) {
        ByteBuffer r = le(384);
        byte[] cpu = new byte[16];
        for (int i = 0; i < 16; i++) {
            cpu[i] = (byte) cpuSvn[i];
        }
        r.put(cpu).putInt(qeMiscSelect).put(new byte[28]);
        byte[] attrs = new byte[16];
        attrs[0] = 0x11;
        r.put(attrs).put(fill(32, 0x33)).put(new byte[32]).put(qeMrSigner).put(new byte[96])
                .putShort((short) 2).putShort((short) qeSvn).put(new byte[60]);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ak);
            md.update(authData);
            r.put(Arrays.copyOf(md.digest(), 64));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return r.array();
    }
}
