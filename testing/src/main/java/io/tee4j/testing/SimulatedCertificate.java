package io.tee4j.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Issues one simulated X.509 v3 certificate: subject, key, validity and the extensions a vendor's
 * chain carries, signed by the issuer's key with the algorithm the caller names.
 *
 * <p>Only the caller's extensions are added: a simulator that needs a certificate without key
 * usage (to test that a verifier notices) gets one. Nothing is checked; a simulator may issue a
 * certificate no verifier would accept, which is the point of some tests.
 *
 * <pre>{@code
 * X509Certificate ask = SimulatedCertificate.builder(askName, askKeys.getPublic())
 *         .issuer(arkName).serial(BigInteger.ONE).validity(from, until)
 *         .ca(true).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
 *         .crlDistributionPoint("https://kds.example/crl")
 *         .sign(arkKeys.getPrivate(), "SHA384withRSAandMGF1");
 * }</pre>
 */
public final class SimulatedCertificate {
    private final X509v3CertificateBuilder builder;

    private SimulatedCertificate(X509v3CertificateBuilder builder) {
        this.builder = builder;
    }

    /** A builder for a certificate of {@code subject} over {@code key}. */
    public static Builder builder(X500Name subject, PublicKey key) {
        return new Builder(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(key, "key"));
    }

    /** A builder for a certificate of {@code subject} over {@code key}. */
    public static Builder builder(X500Principal subject, PublicKey key) {
        return builder(X500Name.getInstance(subject.getEncoded()), key);
    }

    /** The settings of one certificate; {@link #sign} issues it. */
    public static final class Builder {
        private final X500Name subject;
        private final PublicKey key;
        private X500Name issuer;
        private BigInteger serial = BigInteger.ONE;
        private Instant notBefore = Instant.EPOCH;
        private Instant notAfter = Instant.parse("9999-12-31T23:59:59Z");
        private final List<Ext> extensions = new ArrayList<>();

        private Builder(X500Name subject, PublicKey key) {
            this.subject = subject;
            this.key = key;
            this.issuer = subject;
        }

        /** The issuer's name (the subject's own by default: self-issued). */
        public Builder issuer(X500Name issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** The issuer's name (the subject's own by default: self-issued). */
        public Builder issuer(X500Principal issuer) {
            return issuer(X500Name.getInstance(issuer.getEncoded()));
        }

        /** The serial number (1 by default). */
        public Builder serial(BigInteger serial) {
            this.serial = Objects.requireNonNull(serial, "serial");
            return this;
        }

        /** notBefore and notAfter. */
        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /** A critical basic-constraints extension saying whether this is a CA. */
        public Builder ca(boolean ca) {
            return extension(Extension.basicConstraints, true, new BasicConstraints(ca));
        }

        /** A critical key-usage extension ({@link KeyUsage} bits). */
        public Builder keyUsage(int bits) {
            return extension(Extension.keyUsage, true, new KeyUsage(bits));
        }

        /** A non-critical extended-key-usage extension. */
        public Builder extendedKeyUsage(KeyPurposeId purpose) {
            return extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }

        /** A non-critical CRL distribution point with one URI. */
        public Builder crlDistributionPoint(String uri) {
            return extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, uri))), null, null)}));
        }

        /** A non-critical authority-information-access extension naming one OCSP responder. */
        public Builder ocspResponder(String uri) {
            return extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    new AccessDescription(AccessDescription.id_ad_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, uri))));
        }

        /** Any other extension, in the order added. */
        public Builder extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Ext(oid, critical, value));
            return this;
        }

        /**
         * Signs the certificate with {@code issuerKey} under {@code algorithm} (a JCA name such as
         * {@code SHA384withECDSA} or {@code SHA384withRSAandMGF1}).
         *
         * @throws GeneralSecurityException if the key cannot sign with that algorithm or an
         *     extension cannot be encoded
         */
        public X509Certificate sign(PrivateKey issuerKey, String algorithm) throws GeneralSecurityException {
            return sign(issuerKey, algorithm, null);
        }

        /**
         * Signs as {@link #sign(PrivateKey, String)} does, drawing the signature's randomness (an
         * ECDSA nonce, a PSS salt) from {@code random}. A seeded, deterministic generator makes the
         * certificate byte-identical on every build, which is how a simulator keeps its roots
         * across runs.
         *
         * @throws GeneralSecurityException if the key cannot sign with that algorithm or an
         *     extension cannot be encoded
         */
        public X509Certificate sign(PrivateKey issuerKey, String algorithm, SecureRandom random)
                throws GeneralSecurityException {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, key);
            try {
                for (Ext e : extensions) {
                    b.addExtension(e.oid(), e.critical(), e.value());
                }
            } catch (IOException e) {
                throw new GeneralSecurityException("a simulated extension cannot be encoded", e);
            }
            return new SimulatedCertificate(b).issue(issuerKey, algorithm, random);
        }
    }

    private record Ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
    }

    private X509Certificate issue(PrivateKey issuerKey, String algorithm, SecureRandom random)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(Signers.signer(algorithm, issuerKey, random)));
    }
}
