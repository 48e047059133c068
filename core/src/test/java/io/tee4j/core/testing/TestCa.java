package io.tee4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for tests: makes roots, intermediates, leaves and CRLs with every
 * knob a chain or revocation test needs to break one rule at a time (validity window, issuer name
 * written into the certificate, signing key, basicConstraints and path length, keyUsage, extra
 * extensions, RSA-PSS or ECDSA signatures). Certificates and CRLs come back parsed by the JDK's
 * own {@code CertificateFactory}, the same way production code sees vendor certificates.
 *
 * <p>Signing uses a private Bouncy Castle provider instance; nothing is registered with
 * {@code java.security.Security}. Test code only.
 *
 * <pre>{@code
 * TestCa root = TestCa.root("CN=Test Root").build();
 * TestCa ica = root.issue("CN=Test ICA").ca(0).build();
 * TestCa leaf = ica.issue("CN=Test Leaf").build();
 * X509CRL crl = ica.crl().revoke(leaf.certificate().getSerialNumber()).build();
 * }</pre>
 */
public final class TestCa {
    /** Default validity start of every certificate and thisUpdate of every CRL. */
    public static final Instant DEFAULT_NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    /** Default validity end of every certificate. */
    public static final Instant DEFAULT_NOT_AFTER = Instant.parse("2035-01-01T00:00:00Z");
    /** An instant inside the default validity windows, for tests to pin their clocks to. */
    public static final Instant DEFAULT_NOW = Instant.parse("2026-06-01T12:00:00Z");

    private static final Provider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(0x1000);

    /** The kind of key a certificate gets. */
    public enum KeyKind {
        EC_P256, EC_P384, RSA_2048, RSA_3072, RSA_4096
    }

    private final X509Certificate certificate;
    private final KeyPair keyPair;

    private TestCa(X509Certificate certificate, KeyPair keyPair) {
        this.certificate = certificate;
        this.keyPair = keyPair;
    }

    /** A self-signed CA certificate (basicConstraints cA, no path length, keyCertSign and cRLSign). */
    public static Builder root(String subject) {
        return new Builder(null, subject).ca(-1);
    }

    /** A certificate issued by this CA; by default an end-entity certificate with digitalSignature. */
    public Builder issue(String subject) {
        return new Builder(this, subject);
    }

    /** A CRL issued by this CA, current at {@link #DEFAULT_NOW} by default. */
    public CrlBuilder crl() {
        return new CrlBuilder(this);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** A fresh key pair of the given kind. */
    public static KeyPair generateKeyPair(KeyKind kind) {
        try {
            switch (kind) {
                case EC_P256:
                case EC_P384: {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec(kind == KeyKind.EC_P256 ? "secp256r1" : "secp384r1"));
                    return g.generateKeyPair();
                }
                default: {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(kind == KeyKind.RSA_2048 ? 2048 : kind == KeyKind.RSA_3072 ? 3072 : 4096);
                    return g.generateKeyPair();
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The usual signature algorithm for a signing key: ECDSA with the curve's hash, or RSA-PSS SHA-384 salt 48. */
    public static String defaultSignatureAlgorithm(PublicKey signer) {
        if (signer instanceof ECPublicKey) {
            int bits = ((ECPublicKey) signer).getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        // Bouncy Castle's name for RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt (AMD's parameters).
        return "SHA384withRSAandMGF1";
    }

    private static ContentSigner signer(String algorithm, PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds one certificate; every setter breaks or changes one thing. */
    public static final class Builder {
        private final TestCa issuer;
        private final String subject;
        private KeyPair keyPair;
        private KeyKind keyKind = KeyKind.EC_P384;
        private String issuerName;
        private PrivateKey signingKey;
        private String signatureAlgorithm;
        private Instant notBefore = DEFAULT_NOT_BEFORE;
        private Instant notAfter = DEFAULT_NOT_AFTER;
        private BigInteger serial;
        private boolean ca;
        private int pathLen = -1;
        private boolean basicConstraints = true;
        private Integer keyUsage;
        private boolean keyUsagePresent = true;
        private final List<Object[]> extensions = new ArrayList<>();

        private Builder(TestCa issuer, String subject) {
            this.issuer = issuer;
            this.subject = Objects.requireNonNull(subject, "subject");
        }

        /** The subject's key kind (default EC P-384); ignored when {@link #keyPair} is set. */
        public Builder key(KeyKind kind) {
            this.keyKind = Objects.requireNonNull(kind);
            return this;
        }

        /** Use this key pair for the subject. */
        public Builder keyPair(KeyPair pair) {
            this.keyPair = Objects.requireNonNull(pair);
            return this;
        }

        /** Write this issuer name into the certificate instead of the issuer's subject. */
        public Builder issuerName(String name) {
            this.issuerName = name;
            return this;
        }

        /** Sign with this key instead of the issuer's (a bad signature when the key differs). */
        public Builder signWith(PrivateKey key) {
            this.signingKey = key;
            return this;
        }

        /** The JCA signature algorithm name (Bouncy Castle's names), e.g. {@code SHA384withRSAandMGF1}. */
        public Builder signatureAlgorithm(String name) {
            this.signatureAlgorithm = name;
            return this;
        }

        public Builder validity(Instant from, Instant to) {
            this.notBefore = Objects.requireNonNull(from);
            this.notAfter = Objects.requireNonNull(to);
            return this;
        }

        public Builder serial(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        /** A CA certificate: basicConstraints cA with the path length ({@code < 0}: none), keyCertSign and cRLSign. */
        public Builder ca(int pathLen) {
            this.ca = true;
            this.pathLen = pathLen;
            return this;
        }

        /** An end-entity certificate: basicConstraints cA false, digitalSignature. */
        public Builder endEntity() {
            this.ca = false;
            this.pathLen = -1;
            return this;
        }

        /** Leave out basicConstraints altogether. */
        public Builder noBasicConstraints() {
            this.basicConstraints = false;
            return this;
        }

        /** keyUsage bits ({@link KeyUsage#digitalSignature} etc.), marked critical. */
        public Builder keyUsage(int bits) {
            this.keyUsage = bits;
            this.keyUsagePresent = true;
            return this;
        }

        /** Leave out keyUsage altogether. */
        public Builder noKeyUsage() {
            this.keyUsagePresent = false;
            return this;
        }

        /** Adds an extension with the given DER-encoded value. */
        public Builder extension(String oid, boolean critical, byte[] derValue) {
            extensions.add(new Object[] {oid, critical, derValue.clone()});
            return this;
        }

        public TestCa build() {
            KeyPair subjectKeys = keyPair != null ? keyPair : generateKeyPair(keyKind);
            PrivateKey signKey = signingKey != null ? signingKey
                    : issuer != null ? issuer.privateKey() : subjectKeys.getPrivate();
            PublicKey signerPublic = issuer != null ? issuer.publicKey() : subjectKeys.getPublic();
            String alg = signatureAlgorithm != null ? signatureAlgorithm : defaultSignatureAlgorithm(signerPublic);
            X500Name issuerX500 = issuerName != null ? new X500Name(issuerName)
                    : issuer != null ? X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded())
                    : new X500Name(subject);
            try {
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerX500,
                        serial != null ? serial : BigInteger.valueOf(SERIALS.incrementAndGet()),
                        Date.from(notBefore), Date.from(notAfter), new X500Name(subject), subjectKeys.getPublic());
                if (basicConstraints) {
                    b.addExtension(Extension.basicConstraints, true,
                            ca ? (pathLen >= 0 ? new BasicConstraints(pathLen) : new BasicConstraints(true))
                                    : new BasicConstraints(false));
                }
                if (keyUsagePresent) {
                    int bits = keyUsage != null ? keyUsage
                            : ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature;
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
                }
                for (Object[] e : extensions) {
                    b.addExtension(new ASN1ObjectIdentifier((String) e[0]), (Boolean) e[1], (byte[]) e[2]);
                }
                X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer(alg, signKey)));
                return new TestCa(cert, subjectKeys);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Builds one CRL. */
    public static final class CrlBuilder {
        private final TestCa issuer;
        private Instant thisUpdate = DEFAULT_NOT_BEFORE;
        private Instant nextUpdate = Instant.parse("2027-01-01T00:00:00Z");
        private PrivateKey signingKey;
        private String issuerName;
        private BigInteger number;
        private final List<Object[]> revoked = new ArrayList<>();

        private CrlBuilder(TestCa issuer) {
            this.issuer = issuer;
        }

        public CrlBuilder thisUpdate(Instant t) {
            this.thisUpdate = Objects.requireNonNull(t);
            return this;
        }

        /** {@code null}: leave nextUpdate out. */
        public CrlBuilder nextUpdate(Instant t) {
            this.nextUpdate = t;
            return this;
        }

        public CrlBuilder signWith(PrivateKey key) {
            this.signingKey = key;
            return this;
        }

        public CrlBuilder issuerName(String name) {
            this.issuerName = name;
            return this;
        }

        /** Adds the CRL number extension. */
        public CrlBuilder number(long n) {
            this.number = BigInteger.valueOf(n);
            return this;
        }

        /** Lists the serial as revoked (keyCompromise) at thisUpdate. */
        public CrlBuilder revoke(BigInteger serial) {
            revoked.add(new Object[] {serial, thisUpdate});
            return this;
        }

        public X509CRL build() {
            X500Name name = issuerName != null ? new X500Name(issuerName)
                    : X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
            if (nextUpdate != null) {
                b.setNextUpdate(Date.from(nextUpdate));
            }
            if (number != null) {
                try {
                    b.addExtension(org.bouncycastle.asn1.x509.Extension.cRLNumber, false,
                            new org.bouncycastle.asn1.ASN1Integer(number));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (Object[] r : revoked) {
                b.addCRLEntry((BigInteger) r[0], Date.from((Instant) r[1]), CRLReason.keyCompromise);
            }
            String alg = defaultSignatureAlgorithm(issuer.publicKey());
            X509CRLHolder holder = b.build(signer(alg, signingKey != null ? signingKey : issuer.privateKey()));
            try {
                return new JcaX509CRLConverter().getCRL(holder);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
