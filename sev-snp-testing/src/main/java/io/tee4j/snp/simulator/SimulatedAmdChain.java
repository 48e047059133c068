package io.tee4j.snp.simulator;

import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.abi.TcbVersion;
import io.tee4j.snp.verify.SnpTrustAnchors;
import io.tee4j.testing.SimulatedCertificate;
import io.tee4j.testing.SimulatedCrl;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A fake AMD key hierarchy for one product line, shaped like AMD's: an ARK (self-signed), an ASK
 * and an ASVK (RSA, RSASSA-PSS SHA-384/MGF1-SHA-384/salt 48, AMD's name attributes and CRL
 * distribution point), a VCEK (EC P-384, serial 0, the KDS extensions: structure version, product
 * name, SPLs incl. fmcSPL on Turin, HWID of 64 or 8 bytes) and a VLEK (the same with a CSP id and
 * no HWID), plus ARK-signed CRLs.
 *
 * <p><b>For tests and demos only.</b> Its roots are never trusted by default: pass
 * {@link #roots()} ({@link SnpTrustAnchors#explicit}) to a verifier, which then marks every result as
 * verified with explicit anchors. RSA keys are 2048-bit by default so tests stay fast (AMD's are
 * 4096; see {@link Builder#rsaBits(int)}). Certificates and CRLs come from the shared simulated PKI
 * ({@code tee4j-testing}), which uses Bouncy Castle as a private provider instance, never registered.
 *
 * @since 0.1
 */
public final class SimulatedAmdChain {
    private static final String SIG = "SHA384withRSAandMGF1";
    private static final String ARC = "1.3.6.1.4.1.3704.1.";
    private static final int CA_KEY_USAGE = KeyUsage.keyCertSign | KeyUsage.cRLSign;

    private final ProductLine product;
    private final byte[] chipId;
    private final TcbVersion tcb;
    private final KeyPair ark;
    private final KeyPair ask;
    private final KeyPair asvk;
    private final KeyPair vcek;
    private final KeyPair vlek;
    private final X509Certificate arkCert;
    private final X509Certificate askCert;
    private final X509Certificate asvkCert;
    private final X509Certificate vcekCert;
    private final X509Certificate vlekCert;
    private final String cspId;
    private final SecureRandom random;
    private final Instant notBefore;

    private SimulatedAmdChain(Builder b) throws GeneralSecurityException {
        this.product = b.product;
        this.tcb = b.tcb != null ? b.tcb : defaultTcb(b.product);
        if (tcb.layout() != product.tcbLayout()) {
            throw new IllegalArgumentException("TCB layout " + tcb.layout() + " does not match " + product);
        }
        this.chipId = b.chipId != null ? b.chipId.clone() : defaultChipId(b.random, product);
        this.cspId = b.cspId;
        this.random = b.random;
        this.notBefore = b.notBefore;
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(b.rsaBits, b.random);
        this.ark = rsa.generateKeyPair();
        this.ask = rsa.generateKeyPair();
        this.asvk = rsa.generateKeyPair();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"), b.random);
        this.vcek = ec.generateKeyPair();
        this.vlek = ec.generateKeyPair();
        String line = product.kdsName();
        Instant nb = b.notBefore;
        Instant caEnd = nb.plus(Duration.ofDays(25 * 365));
        Instant leafEnd = nb.plus(Duration.ofDays(7 * 365));
        X500Name arkName = name("ARK-" + line);
        X500Name askName = name("SEV-" + line);
        X500Name asvkName = name("SEV-VLEK-" + line);
        this.arkCert = ca(arkName, arkName, ark.getPublic(), ark.getPrivate(), BigInteger.valueOf(0x10000), nb, caEnd,
                "https://kdsintf.amd.com/vcek/v1/" + line + "/crl", true, CA_KEY_USAGE);
        this.askCert = ca(askName, arkName, ask.getPublic(), ark.getPrivate(), BigInteger.valueOf(0x10001), nb, caEnd,
                "https://kdsintf.amd.com/vcek/v1/" + line + "/crl", b.askCa, b.askKeyUsage);
        this.asvkCert = ca(asvkName, arkName, asvk.getPublic(), ark.getPrivate(), BigInteger.valueOf(0x10101), nb,
                caEnd, "https://kdsintf.amd.com/vlek/v1/" + line + "/crl", true, CA_KEY_USAGE);
        this.vcekCert = leaf(name("SEV-VCEK"), askName, vcek.getPublic(), ask.getPrivate(), nb, leafEnd, true);
        this.vlekCert = leaf(name("SEV-VLEK"), asvkName, vlek.getPublic(), asvk.getPrivate(), nb, leafEnd, false);
    }

    /** Another chip or TCB under the same ARK, ASK and ASVK: new VCEK and VLEK keys and certificates. */
    private SimulatedAmdChain(SimulatedAmdChain same, byte[] chipId, TcbVersion tcb) throws GeneralSecurityException {
        this.product = same.product;
        this.tcb = Objects.requireNonNull(tcb, "tcb");
        if (tcb.layout() != product.tcbLayout()) {
            throw new IllegalArgumentException("TCB layout " + tcb.layout() + " does not match " + product);
        }
        if (chipId.length != 64) {
            throw new IllegalArgumentException("chip id is 64 bytes");
        }
        this.chipId = chipId.clone();
        this.cspId = same.cspId;
        this.random = same.random;
        this.notBefore = same.notBefore;
        this.ark = same.ark;
        this.ask = same.ask;
        this.asvk = same.asvk;
        this.arkCert = same.arkCert;
        this.askCert = same.askCert;
        this.asvkCert = same.asvkCert;
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"), random);
        this.vcek = ec.generateKeyPair();
        this.vlek = ec.generateKeyPair();
        String line = product.kdsName();
        Instant leafEnd = notBefore.plus(Duration.ofDays(7 * 365));
        this.vcekCert = leaf(name("SEV-VCEK"), name("SEV-" + line), vcek.getPublic(), ask.getPrivate(), notBefore,
                leafEnd, true);
        this.vlekCert = leaf(name("SEV-VLEK"), name("SEV-VLEK-" + line), vlek.getPublic(), asvk.getPrivate(),
                notBefore, leafEnd, false);
    }

    /**
     * The certificates AMD would issue under this chain's ASK and ASVK for another chip id or
     * another TCB (a firmware update): the same ARK, ASK and ASVK, a new VCEK and VLEK. A signer of
     * the result signs reports of that chip at that TCB. For tests of certificate selection among
     * several genuine VCEKs.
     *
     * @param chipId the 64-byte chip id (Turin: only the first 8 bytes may be non-zero)
     * @param tcb the TCB the new VCEK and VLEK certify, in the product's layout
     */
    public SimulatedAmdChain withSigningKeysFor(byte[] chipId, TcbVersion tcb) {
        try {
            return new SimulatedAmdChain(this, Objects.requireNonNull(chipId, "chipId"), tcb);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("generating the simulated VCEK failed", e);
        }
    }

    /** A chain for the product line with defaults (random chip id, a typical TCB, valid from 2024-01-01). */
    public static SimulatedAmdChain generate(ProductLine product) {
        return builder(product).build();
    }

    public static Builder builder(ProductLine product) {
        return new Builder(product);
    }

    private static TcbVersion defaultTcb(ProductLine p) {
        return p == ProductLine.TURIN ? TcbVersion.of(0x4700000002000100L, TcbLayout.TURIN)
                : TcbVersion.of(0xdb18000000000004L, TcbLayout.MILAN_GENOA);
    }

    private static byte[] defaultChipId(SecureRandom random, ProductLine p) {
        byte[] id = new byte[64];
        byte[] sig = new byte[p == ProductLine.TURIN ? 8 : 64];
        do {
            random.nextBytes(sig);
        } while (Arrays.equals(sig, new byte[sig.length]));
        System.arraycopy(sig, 0, id, 0, sig.length);
        return id;
    }

    private static X500Name name(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.OU, "Engineering").addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.L, "Santa Clara").addRDN(BCStyle.ST, "CA").addRDN(BCStyle.O, "Advanced Micro Devices")
                .addRDN(BCStyle.CN, cn).build();
    }

    private static X509Certificate ca(X500Name subject, X500Name issuer, PublicKey key, PrivateKey signingKey,
            BigInteger serial, Instant nb, Instant na, String crlDp, boolean isCa, int keyUsage)
            throws GeneralSecurityException {
        return SimulatedCertificate.builder(subject, key).issuer(issuer).serial(serial).validity(nb, na)
                .ca(isCa).keyUsage(keyUsage).crlDistributionPoint(crlDp).sign(signingKey, SIG);
    }

    /** A VCEK or VLEK: serial 0, no basic constraints or key usage, AMD's KDS extensions only. */
    private X509Certificate leaf(X500Name subject, X500Name issuer, PublicKey key, PrivateKey signingKey, Instant nb,
            Instant na, boolean isVcek) throws GeneralSecurityException {
        SimulatedCertificate.Builder b = SimulatedCertificate.builder(subject, key).issuer(issuer)
                .serial(BigInteger.ZERO).validity(nb, na);
        boolean turin = product == ProductLine.TURIN;
        ext(b, "1", new ASN1Integer(turin ? 1 : 0));
        ext(b, "2", new DERIA5String(product.kdsName()));
        ext(b, "3.1", new ASN1Integer(tcb.bootloader()));
        ext(b, "3.2", new ASN1Integer(tcb.tee()));
        ext(b, "3.3", new ASN1Integer(tcb.snp()));
        int[] reserved = tcb.reservedBytes();
        if (!turin) {
            for (int i = 0; i < 4; i++) {
                ext(b, "3." + (4 + i), new ASN1Integer(reserved[i]));
            }
        } else {
            for (int i = 5; i <= 7; i++) {
                ext(b, "3." + i, new ASN1Integer(0));
            }
        }
        ext(b, "3.8", new ASN1Integer(tcb.microcode()));
        if (turin) {
            ext(b, "3.9", new ASN1Integer(tcb.fmc()));
        }
        if (isVcek) {
            ext(b, "4", new DEROctetString(Arrays.copyOf(chipId, turin ? 8 : 64)));
        } else {
            ext(b, "5", new DERIA5String(cspId));
        }
        return b.sign(signingKey, SIG);
    }

    private static void ext(SimulatedCertificate.Builder b, String arc, ASN1Encodable value) {
        b.extension(new ASN1ObjectIdentifier(ARC + arc), false, value);
    }

    /**
     * An ARK-signed CRL current from {@code thisUpdate} to {@code nextUpdate}, listing the given
     * serial numbers (e.g. {@code ask().getSerialNumber()}) as revoked.
     */
    public X509CRL crl(Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        try {
            SimulatedCrl crl = SimulatedCrl.issuedBy(arkCert.getSubjectX500Principal(), thisUpdate)
                    .nextUpdate(nextUpdate);
            for (BigInteger s : revoked) {
                crl.revoke(s, thisUpdate, CRLReason.keyCompromise);
            }
            return crl.sign(ark.getPrivate(), SIG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a simulated CRL failed", e);
        }
    }

    public ProductLine product() {
        return product;
    }

    /** The chip id the VCEK's HWID certifies (64 bytes; Turin: 8 then zeros). */
    public byte[] chipId() {
        return chipId.clone();
    }

    /** The TCB the VCEK and VLEK certify (used as the reports' reported TCB). */
    public TcbVersion tcb() {
        return tcb;
    }

    public X509Certificate ark() {
        return arkCert;
    }

    public X509Certificate ask() {
        return askCert;
    }

    public X509Certificate asvk() {
        return asvkCert;
    }

    public X509Certificate vcek() {
        return vcekCert;
    }

    public X509Certificate vlek() {
        return vlekCert;
    }

    /** These roots, for an explicit-anchor verifier: ARK, ASK and ASVK. */
    public SnpTrustAnchors roots() {
        return SnpTrustAnchors.explicit(List.of(arkCert, askCert, asvkCert));
    }

    PrivateKey vcekKey() {
        return vcek.getPrivate();
    }

    PrivateKey vlekKey() {
        return vlek.getPrivate();
    }

    @Override
    public String toString() {
        return "SimulatedAmdChain[" + product.kdsName() + ", SIMULATED roots]";
    }

    /** Builds a {@link SimulatedAmdChain}. */
    public static final class Builder {
        private final ProductLine product;
        private byte[] chipId;
        private TcbVersion tcb;
        private Instant notBefore = Instant.parse("2024-01-01T00:00:00Z");
        private int rsaBits = 2048;
        private SecureRandom random = new SecureRandom();
        private String cspId = "CN=simulated-csp.example";
        private boolean askCa = true;
        private int askKeyUsage = CA_KEY_USAGE;

        private Builder(ProductLine product) {
            this.product = Objects.requireNonNull(product, "product");
        }

        /** The 64-byte chip id (Turin: only the first 8 bytes may be non-zero). */
        public Builder chipId(byte[] chipId) {
            if (chipId.length != 64) {
                throw new IllegalArgumentException("chip id is 64 bytes");
            }
            this.chipId = chipId.clone();
            return this;
        }

        /** The TCB the VCEK/VLEK certify, in the product's layout. */
        public Builder tcb(TcbVersion tcb) {
            this.tcb = Objects.requireNonNull(tcb, "tcb");
            return this;
        }

        /** Start of every certificate's validity (VCEK/VLEK 7 years, ARK/ASK/ASVK 25 years). */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            return this;
        }

        /** RSA modulus size of the ARK, ASK and ASVK (2048 default, 4096 as AMD). */
        public Builder rsaBits(int bits) {
            if (bits != 2048 && bits != 3072 && bits != 4096) {
                throw new IllegalArgumentException("RSA size 2048, 3072 or 4096");
            }
            this.rsaBits = bits;
            return this;
        }

        /** The randomness for keys (seed a SecureRandom for reproducible tests). */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** The VLEK's CSP id. */
        public Builder cspId(String cspId) {
            this.cspId = Objects.requireNonNull(cspId, "cspId");
            return this;
        }

        /**
         * The ASK's keyUsage bits ({@link KeyUsage} constants; default keyCertSign and cRLSign). For
         * hostile-chain tests: an ASK without keyCertSign may not sign the VCEK, so verifiers must
         * refuse the chain although every signature in it is valid.
         */
        public Builder askKeyUsage(int keyUsageBits) {
            this.askKeyUsage = keyUsageBits;
            return this;
        }

        /**
         * Whether the ASK's basicConstraints say it is a CA (default true). For hostile-chain tests:
         * an ASK that is not a CA must not be accepted as the VCEK's issuer.
         */
        public Builder askCa(boolean ca) {
            this.askCa = ca;
            return this;
        }

        public SimulatedAmdChain build() {
            try {
                return new SimulatedAmdChain(this);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("generating the simulated AMD chain failed", e);
            }
        }
    }
}
