package io.tee4j.nvgpu;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.CertStatus;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Builds the OCSP answers of the differential corpus with Bouncy Castle's ASN.1 classes (test scope):
 * the scenarios of {@code OcspCheckerTest} and the hand-parsed fields' adversarial variants, each a
 * complete DER OCSPResponse about the test leaf (or ICA) for a request carrying {@link #NONCE}.
 */
final class OcspCorpus {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofDays(30));
    static final Instant TO = NOW.plus(Duration.ofDays(3650));
    static final byte[] NONCE = new byte[32];

    static {
        for (int i = 0; i < NONCE.length; i++) {
            NONCE[i] = (byte) (i + 1);
        }
    }

    final Map<String, TestCa> cas = new LinkedHashMap<>();

    OcspCorpus() {
        TestCa root = put("root", TestCa.root("Test OCSP Root", FROM, TO));
        TestCa ica = put("ica", root.subCa("Test ICA", FROM, TO));
        put("leaf", ica.leaf("Test Leaf", FROM, TO, false));
        put("delegated", ica.leaf("Test Delegated Responder", FROM, TO, true));
        put("notDelegated", ica.leaf("Test Responder Without Purpose", FROM, TO, false));
        put("rootsDelegate", root.leaf("Test Root's Delegated Responder", FROM, TO, true));
        put("sibling", ica.leaf("Test Sibling Leaf", FROM, TO, false));
        put("stranger", TestCa.root("Stranger", FROM, TO));
        put("expiredDelegate", ica.leaf("Test Expired Delegate", FROM, NOW.minus(Duration.ofDays(1)), true));
    }

    private TestCa put(String name, TestCa ca) {
        cas.put(name, ca);
        return ca;
    }

    TestCa ca(String name) {
        return cas.get(name);
    }

    /** One answer under construction; every field defaults to a GOOD answer about the leaf signed by the ICA. */
    final class Answer {
        X509Certificate subject = ca("leaf").cert;
        TestCa issuer = ca("ica");
        TestCa signer = ca("ica");
        PrivateKey signingKey;
        List<X509Certificate> included = new ArrayList<>();
        List<ASN1EncodableVector> singles = new ArrayList<>();
        Extensions extensions = nonce(octets(NONCE));
        int responseStatus = OCSPResponseStatus.SUCCESSFUL;
        ASN1ObjectIdentifier responseType = OCSPObjectIdentifiers.id_pkix_ocsp_basic;
        AlgorithmIdentifier sigAlg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384);
        String jcaSigAlg = "SHA384withECDSA";
        byte[] signOver;
        /** Overrides for the adversarial tests: each replaces (or adds) one field of the answer. */
        org.bouncycastle.asn1.ASN1Encodable version;
        org.bouncycastle.asn1.ASN1Encodable responderId;
        org.bouncycastle.asn1.ASN1Encodable producedAt;
        org.bouncycastle.asn1.ASN1Encodable responsesField;
        org.bouncycastle.asn1.ASN1Encodable extensionsField;
        List<org.bouncycastle.asn1.ASN1Encodable> tbsTail = new ArrayList<>();
        org.bouncycastle.asn1.ASN1Encodable signatureAlgorithmField;
        int signaturePadBits;
        org.bouncycastle.asn1.ASN1Encodable certsField;
        java.util.function.UnaryOperator<byte[]> basicBytes = b -> b;

        Answer raw(ASN1EncodableVector single) {
            singles.add(single);
            return this;
        }

        /** The vector of a GOOD SingleResponse about the subject, to edit. */
        ASN1EncodableVector goodSingle() {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(certId(SHA384, subject, issuer.cert));
            v.add(new CertStatus());
            v.add(new ASN1GeneralizedTime(Date.from(NOW.minusSeconds(60))));
            v.add(new org.bouncycastle.asn1.DERTaggedObject(true, 0,
                    new ASN1GeneralizedTime(Date.from(NOW.plus(Duration.ofDays(1))))));
            return v;
        }

        Answer single(AlgorithmIdentifier hash, CertStatus status, Instant thisUpdate, Instant nextUpdate) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(certId(hash, subject, issuer.cert));
            v.add(status);
            v.add(new ASN1GeneralizedTime(Date.from(thisUpdate)));
            if (nextUpdate != null) {
                v.add(new org.bouncycastle.asn1.DERTaggedObject(true, 0, new ASN1GeneralizedTime(Date.from(nextUpdate))));
            }
            singles.add(v);
            return this;
        }

        Answer good() {
            return single(SHA384, new CertStatus(), NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)));
        }

        byte[] tbs() throws Exception {
            ASN1EncodableVector rs = new ASN1EncodableVector();
            for (ASN1EncodableVector s : singles) {
                rs.add(new DERSequence(s));
            }
            ResponderID rid = new ResponderID(X500Name.getInstance(signer.cert.getSubjectX500Principal().getEncoded()));
            ASN1EncodableVector data = new ASN1EncodableVector();
            if (version != null) {
                data.add(version);
            }
            data.add(responderId != null ? responderId : rid);
            data.add(producedAt != null ? producedAt : new ASN1GeneralizedTime(Date.from(NOW)));
            data.add(responsesField != null ? responsesField : new DERSequence(rs));
            if (extensionsField != null) {
                data.add(extensionsField);
            } else if (extensions != null) {
                data.add(new org.bouncycastle.asn1.DERTaggedObject(true, 1, extensions));
            }
            tbsTail.forEach(data::add);
            return new DERSequence(data).getEncoded(ASN1Encoding.DER);
        }

        byte[] encode() throws Exception {
            byte[] tbs = tbs();
            Signature sig = Signature.getInstance(jcaSigAlg);
            sig.initSign(signingKey != null ? signingKey : signer.keys.getPrivate());
            sig.update(signOver != null ? signOver : tbs);
            ASN1EncodableVector basic = new ASN1EncodableVector();
            basic.add(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(tbs));
            basic.add(signatureAlgorithmField != null ? signatureAlgorithmField : sigAlg);
            basic.add(new DERBitString(sig.sign(), signaturePadBits));
            if (certsField != null) {
                basic.add(certsField);
            } else if (!included.isEmpty()) {
                ASN1EncodableVector certs = new ASN1EncodableVector();
                for (X509Certificate c : included) {
                    certs.add(Certificate.getInstance(c.getEncoded()));
                }
                basic.add(new org.bouncycastle.asn1.DERTaggedObject(true, 0, new DERSequence(certs)));
            }
            return wrap(basicBytes.apply(new DERSequence(basic).getEncoded(ASN1Encoding.DER)));
        }

        byte[] wrap(byte[] basicDer) throws Exception {
            if (responseStatus != OCSPResponseStatus.SUCCESSFUL) {
                return new OCSPResponse(new OCSPResponseStatus(responseStatus), null).getEncoded(ASN1Encoding.DER);
            }
            return new OCSPResponse(new OCSPResponseStatus(responseStatus),
                    new ResponseBytes(responseType, new DEROctetString(basicDer))).getEncoded(ASN1Encoding.DER);
        }
    }

    static final AlgorithmIdentifier SHA384 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384);
    static final AlgorithmIdentifier SHA1 = new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE);
    static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

    static CertID certId(AlgorithmIdentifier hash, X509Certificate subject, X509Certificate issuer) {
        try {
            String name = hash.getAlgorithm().equals(OIWObjectIdentifiers.idSHA1) ? "SHA-1"
                    : hash.getAlgorithm().equals(NISTObjectIdentifiers.id_sha256) ? "SHA-256" : "SHA-384";
            MessageDigest md = MessageDigest.getInstance(name);
            byte[] nameHash = md.digest(issuer.getSubjectX500Principal().getEncoded());
            byte[] keyHash = md.digest(SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes());
            return new CertID(hash, new DEROctetString(nameHash), new DEROctetString(keyHash),
                    new ASN1Integer(subject.getSerialNumber()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DER of an OCTET STRING holding {@code value} (RFC 8954's nonce extension value). */
    static byte[] octets(byte[] value) {
        try {
            return new DEROctetString(value).getEncoded(ASN1Encoding.DER);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Extensions nonce(byte[] extnValue) {
        return new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, extnValue));
    }

    static CertStatus revoked(Integer reason) {
        return new CertStatus(new RevokedInfo(new ASN1GeneralizedTime(Date.from(NOW.minusSeconds(3600))),
                reason == null ? null : CRLReason.lookup(reason)));
    }

    static CertStatus unknown() {
        return new CertStatus(2, DERNull.INSTANCE);
    }

    /** Deterministic single-byte changes, truncations and appended bytes of {@code base}. */
    static Map<String, byte[]> mutations(String prefix, byte[] base, int flips, long seed) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Random random = new Random(seed);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(base.length);
            byte[] m = base.clone();
            m[at] = (byte) (m[at] ^ (1 + random.nextInt(255)));
            out.put(prefix + "-flip-" + at + "-" + Integer.toHexString(m[at] & 0xff), m);
        }
        for (int cut : new int[] {0, 1, 2, 5, base.length / 2, base.length - 1}) {
            out.put(prefix + "-truncated-" + cut, java.util.Arrays.copyOf(base, cut));
        }
        out.put(prefix + "-trailing-zero", java.util.Arrays.copyOf(base, base.length + 1));
        byte[] twice = java.util.Arrays.copyOf(base, base.length * 2);
        System.arraycopy(base, 0, twice, base.length, base.length);
        out.put(prefix + "-twice", twice);
        return out;
    }

    static BigInteger serial(X509Certificate c) {
        return c.getSerialNumber();
    }
}
