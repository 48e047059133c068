package io.tee4j.snp;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates shaped exactly like AMD's (names, RSASSA-PSS parameters, KDS extensions copied from
 * a genuine VCEK, so they are selected for its reports) but signed by a key AMD never had: what a
 * hostile host or client can put into a certificate table or a request. One impostor RSA key and
 * one EC key serve all of them, so hundreds cost only their signatures.
 */
final class ImpostorCertificates {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final KeyPair rsa;
    private final KeyPair ec;

    ImpostorCertificates() throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048, random);
        rsa = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp384r1"), random);
        ec = e.generateKeyPair();
    }

    /** {@code n} distinct CA certificates named like {@code genuineAsk}, claiming its issuer (the ARK). */
    List<X509Certificate> asks(X509Certificate genuineAsk, int n) throws Exception {
        X500Name subject = X500Name.getInstance(genuineAsk.getSubjectX500Principal().getEncoded());
        X500Name issuer = X500Name.getInstance(genuineAsk.getIssuerX500Principal().getEncoded());
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(0x70000 + i),
                    genuineAsk.getNotBefore(), genuineAsk.getNotAfter(), subject, rsa.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            out.add(sign(b));
        }
        return out;
    }

    /**
     * {@code n} distinct VCEKs with {@code genuine}'s name, issuer and AMD extensions (so the same
     * HWID and TCB), each with another notBefore second.
     */
    List<X509Certificate> vceks(X509Certificate genuine, int n) throws Exception {
        X509CertificateHolder g = new X509CertificateHolder(genuine.getEncoded());
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant nb = genuine.getNotBefore().toInstant().plusSeconds(i);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(g.getIssuer(), BigInteger.ZERO,
                    Date.from(nb), genuine.getNotAfter(), g.getSubject(), ec.getPublic());
            for (ASN1ObjectIdentifier oid : g.getExtensions().getExtensionOIDs()) {
                b.addExtension(g.getExtension(oid));
            }
            out.add(sign(b));
        }
        return out;
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder b) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA384withRSAandMGF1").setProvider(BC).build(rsa.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }
}
