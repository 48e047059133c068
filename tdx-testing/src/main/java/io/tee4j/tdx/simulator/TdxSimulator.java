package io.tee4j.tdx.simulator;

import static io.tee4j.tdx.simulator.SimulatedIntelPki.cert;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.crl;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.fill;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.le;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.len;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.qeReport;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.rawPoint;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.sgxExtension;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.signRaw;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.svn;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.tdx.collateral.TdxCollateral;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A TDX platform and Intel's services, simulated: a fake Intel SGX Root CA, PCK Platform CA and PCK
 * leaf with SGX extensions (FMSPC, PCE-ID, TCB, PPID, platform instance, configuration), a fake
 * Quoting Enclave that signs v4 and v5 quotes (body types 2 and 3) with its attestation key, a
 * fake TCB Signing certificate that signs TDX TCB info and TD QE identity, and current CRLs — all
 * generated fresh per instance with the JDK's EC keys; certificates and CRLs come from the shared
 * simulated PKI ({@code tee4j-testing}).
 *
 * <p>The simulator's certificates carry Intel's subject common names (so the verifier's shape
 * checks apply unchanged) but organisation "tee4j simulator", and its root is trusted only when
 * passed explicitly: {@link #trustAnchors()} is {@link TrustAnchors.Origin#EXPLICIT}, and the
 * bundled-root verifier rejects every simulated quote. Time comes from the injected clock:
 * certificates are valid for a year around it, collateral and CRLs for 30 days from it.
 *
 * <p>For tests and demos only; keys live in memory and nothing here is secret.
 *
 * @since 0.1
 */
public final class TdxSimulator {
    /** Intel's PCK chain, CRLs and TCB signing certificate are ECDSA P-256 with SHA-256. */
    
        private static final String ORG = ", O=tee4j simulator, L=Santa Clara, ST=CA, C=US";
    private static final byte[] QE_MRSIGNER = HexFormat.of().parseHex(
            "dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5");
    private static final byte[] QE_VENDOR = HexFormat.of().parseHex("939a7233f79c4ca9940a0db3957f0607");

    private final Clock clock;
    private final byte[] fmspc;
    private final int pceSvn;
    private final int[] cpuSvn;
    private final int qeSvn;
    private final int qeMiscSelect;
    private final KeyPair rootKey;
    private final KeyPair caKey;
    private final KeyPair pckKey;
    private final KeyPair tcbKey;
    private final KeyPair attestationKey;
    private final X509Certificate root;
    private final X509Certificate ca;
    private final X509Certificate pck;
    private final X509Certificate tcbSigner;
    private final boolean revokePck;

    private TdxSimulator(Builder b) throws GeneralSecurityException {
        this.clock = b.clock;
        this.fmspc = b.fmspc.clone();
        this.pceSvn = b.pceSvn;
        this.cpuSvn = b.cpuSvn.clone();
        this.qeSvn = b.qeSvn;
        this.qeMiscSelect = b.qeMiscSelect;
        this.revokePck = b.revokePck;
        rootKey = newKey(b.random);
        caKey = newKey(b.random);
        pckKey = newKey(b.random);
        tcbKey = newKey(b.random);
        attestationKey = newKey(b.random);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = b.certificatesFrom != null ? b.certificatesFrom : now.minus(Duration.ofDays(180));
        Instant to = b.certificatesTo != null ? b.certificatesTo : now.plus(Duration.ofDays(180));
        String rootName = "CN=Intel SGX Root CA" + ORG;
        String caName = "CN=Intel SGX PCK Platform CA" + ORG;
        // Signed with the builder's randomness, so a seeded generator gives byte-identical certificates.
        root = cert(1, rootName, rootName, rootKey, rootKey, from, to, true, null, b.random);
        ca = cert(2, caName, rootName, caKey, rootKey, from, to, true, null, b.random);
        pck = cert(3, "CN=Intel SGX PCK Certificate" + ORG, caName, pckKey, caKey, from, to, false, sgxExtension(cpuSvn, pceSvn, fmspc), b.random);
        tcbSigner = cert(4, "CN=Intel SGX TCB Signing" + ORG, rootName, tcbKey, rootKey, from, to, false, null, b.random);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static KeyPair newKey(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    /** The simulator's root, as explicit trust anchors (never the bundled kind). */
    public TrustAnchors trustAnchors() {
        return TrustAnchors.explicit("tee4j TDX simulator root", List.of(root));
    }

    /** The simulated PCK chain: leaf, Platform CA, root. */
    public List<X509Certificate> pckChain() {
        return List.of(pck, ca, root);
    }

    /** A v4 quote with default TD measurements and the given 64-byte report data. */
    public byte[] quote(byte[] reportData) {
        return quoteBuilder().reportData(reportData).build();
    }

    /** A builder for a quote signed by the simulated QE. */
    public QuoteBuilder quoteBuilder() {
        return new QuoteBuilder();
    }

    /** Builds quotes; defaults: v4, TEE_TCB_SVN 03 01 02 .., SEPT_VE_DISABLE set, XFAM 0x602e7. */
    public final class QuoteBuilder {
        private int version = 4;
        private int bodyType = 2;
        private byte[] teeTcbSvn = svn(3, 1, 2);
        private byte[] teeTcbSvn2 = svn(3, 1, 2);
        private byte[] mrSeam = fill(48, 0x5a);
        private byte[] mrSignerSeam = new byte[48];
        private long seamAttributes;
        private long tdAttributes = 1L << 28;
        private long xfam = 0x602e7L;
        private byte[] mrTd = fill(48, 0x11);
        private final byte[][] rtmrs = {new byte[48], new byte[48], new byte[48], new byte[48]};
        private byte[] reportData = new byte[64];
        private byte[] mrConfigId = new byte[48];

        private QuoteBuilder() {
        }

        /** Quote version 4, or 5 with body type 2 or 3. */
        public QuoteBuilder version(int version, int bodyType) {
            if (!(version == 4 && bodyType == 2 || version == 5 && (bodyType == 2 || bodyType == 3))) {
                throw new IllegalArgumentException("version 4 (body 2) or 5 (body 2 or 3)");
            }
            this.version = version;
            this.bodyType = bodyType;
            return this;
        }

        public QuoteBuilder teeTcbSvn(byte[] svn) {
            teeTcbSvn = len(svn, 16);
            return this;
        }

        public QuoteBuilder teeTcbSvn2(byte[] svn) {
            teeTcbSvn2 = len(svn, 16);
            return this;
        }

        public QuoteBuilder mrSeam(byte[] v) {
            mrSeam = len(v, 48);
            return this;
        }

        /** MRSIGNERSEAM (default all zero, Intel's own TDX module signer). */
        public QuoteBuilder mrSignerSeam(byte[] v) {
            mrSignerSeam = len(v, 48);
            return this;
        }

        /** SEAMATTRIBUTES, little-endian as in the report (default 0). */
        public QuoteBuilder seamAttributes(long v) {
            seamAttributes = v;
            return this;
        }

        public QuoteBuilder tdAttributes(long v) {
            tdAttributes = v;
            return this;
        }

        public QuoteBuilder xfam(long v) {
            xfam = v;
            return this;
        }

        public QuoteBuilder mrTd(byte[] v) {
            mrTd = len(v, 48);
            return this;
        }

        public QuoteBuilder rtmr(int i, byte[] v) {
            rtmrs[i] = len(v, 48);
            return this;
        }

        public QuoteBuilder mrConfigId(byte[] v) {
            mrConfigId = len(v, 48);
            return this;
        }

        public QuoteBuilder reportData(byte[] v) {
            reportData = len(v, 64);
            return this;
        }

        /** The signed quote bytes. */
        public byte[] build() {
            int bodySize = bodyType == 3 ? 648 : 584;
            ByteBuffer q = le(48 + (version == 5 ? 6 : 0) + bodySize);
            q.putShort((short) version).putShort((short) 2).putInt(0x81).putShort((short) 0).putShort((short) 0)
                    .put(QE_VENDOR).put(new byte[20]);
            if (version == 5) {
                q.putShort((short) bodyType).putInt(bodySize);
            }
            q.put(teeTcbSvn).put(mrSeam).put(mrSignerSeam).putLong(seamAttributes).putLong(tdAttributes).putLong(xfam).put(mrTd)
                    .put(mrConfigId).put(new byte[48]).put(new byte[48]);
            for (byte[] r : rtmrs) {
                q.put(r);
            }
            q.put(reportData);
            if (bodyType == 3) {
                q.put(teeTcbSvn2).put(new byte[48]);
            }
            byte[] signed = q.array();
            byte[] ak = rawPoint((ECPublicKey) attestationKey.getPublic());
            byte[] authData = new byte[32];
            for (int i = 0; i < 32; i++) {
                authData[i] = (byte) i;
            }
            byte[] qeReport = qeReport(cpuSvn, qeMiscSelect, QE_MRSIGNER, qeSvn, ak, authData);
            byte[] chainPem = (Certificates.toPem(pck) + Certificates.toPem(ca) + Certificates.toPem(root))
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer cert = le(384 + 64 + 2 + 32 + 6 + chainPem.length);
            cert.put(qeReport).put(signRaw(pckKey, qeReport)).putShort((short) 32).put(authData)
                    .putShort((short) 5).putInt(chainPem.length).put(chainPem);
            byte[] certData = cert.array();
            ByteBuffer sig = le(4 + 128 + 6 + certData.length);
            sig.putInt(128 + 6 + certData.length).put(signRaw(attestationKey, signed)).put(ak)
                    .putShort((short) 6).putInt(certData.length).put(certData);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(signed);
            out.writeBytes(sig.array());
            return out.toByteArray();
        }
    }

    /**
     * Collateral for this platform, signed by the simulated TCB Signing key, valid from the clock's
     * instant for 30 days: TCB info with one UpToDate level at this platform's SVNs (TDX components
     * 0..2 from {@code minTeeTcbSvn}) and an older OutOfDate level, module identities TDX_01 and
     * TDX_03, the TD QE identity, and CRLs (listing the PCK leaf when built with
     * {@link Builder#revokePck()}).
     */
    public TdxCollateral collateral() {
        try {
            return TdxCollateral.fromBundle(collateralBundle());
        } catch (CollateralUnavailableException e) {
            throw new IllegalStateException("the simulator wrote collateral it cannot read", e);
        }
    }

    /** The collateral as a bundle file (the JSON shape {@link TdxCollateral#fromBundle} reads). */
    public byte[] collateralBundle() {
        return collateralBundle(pckCrl(), rootCaCrl());
    }

    /**
     * The collateral as a bundle file, as {@link #collateralBundle()}, but carrying the given PCK CRL
     * and root CA CRL (DER, e.g. from {@link #pckCrl(Instant, Instant, BigInteger...)}): for tests where
     * only a CRL is stale or revokes something while the TCB info and QE identity stay current.
     *
     * @param pckCrl the {@code pck_crl} to carry, DER
     * @param rootCaCrl the {@code root_ca_crl} to carry, DER
     * @return the bundle's JSON bytes
     */
    public byte[] collateralBundle(byte[] pckCrl, byte[] rootCaCrl) {
        return collateralBundle(tcbInfoJson(), qeIdentityJson(), pckCrl, rootCaCrl);
    }

    /**
     * A collateral bundle around the given TCB info and QE identity JSON (the exact text to sign,
     * e.g. {@link #tcbInfoJson()} reshaped by a test), signed by the simulated TCB Signing key, with
     * the given CRLs (DER): for tests of unusually shaped but authentic collateral.
     *
     * @param tcbInfoJson the {@code tcbInfo} object's text
     * @param qeIdentityJson the {@code enclaveIdentity} object's text
     * @param pckCrl the {@code pck_crl} to carry, DER
     * @param rootCaCrl the {@code root_ca_crl} to carry, DER
     * @return the bundle's JSON bytes
     */
    public byte[] collateralBundle(String tcbInfoJson, String qeIdentityJson, byte[] pckCrl, byte[] rootCaCrl) {
        return SimulatedCollateralJson.bundle(tcbInfoJson, qeIdentityJson, pckCrl, rootCaCrl, tcbKey,
                List.of(tcbSigner, ca, root));
    }

    /** A PCS v4 TCB info response body, {@code {"tcbInfo":…,"signature":…}}. */
    public byte[] tcbInfoResponse() {
        return SimulatedCollateralJson.signedResponse("tcbInfo", tcbInfoJson(), tcbKey);
    }

    /** A PCS v4 QE identity response body. */
    public byte[] qeIdentityResponse() {
        return SimulatedCollateralJson.signedResponse("enclaveIdentity", qeIdentityJson(), tcbKey);
    }

    /** The TCB Signing certificate and root, PEM (the PCS issuer-chain header value, before URL encoding). */
    public String tcbIssuerChainPem() {
        return Certificates.toPem(tcbSigner) + Certificates.toPem(root);
    }

    /** The PCK CRL, DER. */
    public byte[] pckCrl() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return crl(caKey, ca, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)),
                revokePck ? new BigInteger[] {pck.getSerialNumber()} : new BigInteger[0]);
    }

    /** The root CA CRL, DER. */
    public byte[] rootCaCrl() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return crl(rootKey, root, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    /**
     * A PCK CRL with a chosen window, signed by the simulated PCK Platform CA, listing the given
     * serial numbers as revoked (e.g. {@code pckChain().get(0).getSerialNumber()}). It lets a test
     * make the PCK CRL stale, not yet valid or revoking on its own, while the TCB info and QE identity
     * stay as issued (see {@link #collateralBundle(byte[], byte[])}).
     *
     * @param thisUpdate the CRL's thisUpdate
     * @param nextUpdate the CRL's nextUpdate, or null for a CRL without one
     * @param revoked serial numbers to list (each revoked one hour before {@code thisUpdate})
     * @return the CRL, DER
     */
    public byte[] pckCrl(Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        return crl(caKey, ca, Objects.requireNonNull(thisUpdate, "thisUpdate"), nextUpdate, revoked);
    }

    /**
     * An Intel SGX Root CA CRL with a chosen window, signed by the simulated root, listing the given
     * serial numbers as revoked (the PCK Platform CA is {@code pckChain().get(1)}); the counterpart of
     * {@link #pckCrl(Instant, Instant, BigInteger...)} for the root CA CRL.
     *
     * @param thisUpdate the CRL's thisUpdate
     * @param nextUpdate the CRL's nextUpdate, or null for a CRL without one
     * @param revoked serial numbers to list (each revoked one hour before {@code thisUpdate})
     * @return the CRL, DER
     */
    public byte[] rootCaCrl(Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        return crl(rootKey, root, Objects.requireNonNull(thisUpdate, "thisUpdate"), nextUpdate, revoked);
    }

    /**
     * The TCB info JSON this simulator signs ({@code tcbInfo} object text): issued at the clock's
     * instant for 30 days; levels, module identities and signer as described at {@link #collateral()}.
     */
    public String tcbInfoJson() {
        return SimulatedCollateralJson.tcbInfo(clock.instant(), fmspc, pceSvn, cpuSvn);
    }

    /**
     * The TD QE identity JSON this simulator signs ({@code enclaveIdentity} object text): MISCSELECT
     * 00000000 under mask FFFFFFFF, levels ISVSVN 4 UpToDate and 1 OutOfDate, evaluation number 17.
     */
    public String qeIdentityJson() {
        return SimulatedCollateralJson.qeIdentity(clock.instant(), QE_MRSIGNER);
    }

    /** Builds a {@link TdxSimulator}; defaults: FMSPC 00906ED50000, PCESVN 13, CPUSVN 05 05 02 02 03 01 00 03, QE SVN 4. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private byte[] fmspc = HexFormat.of().parseHex("00906ed50000");
        private int pceSvn = 13;
        private int[] cpuSvn = {5, 5, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0};
        private int qeSvn = 4;
        private int qeMiscSelect;
        private boolean revokePck;
        private SecureRandom random = new SecureRandom();
        private Instant certificatesFrom;
        private Instant certificatesTo;

        private Builder() {
        }

        /**
         * The randomness the five simulated keys are generated from (default a new
         * {@link SecureRandom}). A seeded, deterministic generator gives the same keys on every
         * build, which is how the {@code tee4j} command keeps a simulator across runs. The four
         * certificates are signed with it too (so, with {@link #certificateValidity}, they are
         * byte-identical across builds); quote, collateral and CRL signatures stay randomized.
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The validity of the four simulated certificates (default: 180 days either side of the
         * clock's instant). Collateral stays issued at the clock's instant.
         */
        public Builder certificateValidity(Instant from, Instant to) {
            if (!Objects.requireNonNull(from, "from").isBefore(Objects.requireNonNull(to, "to"))) {
                throw new IllegalArgumentException("from must be before to");
            }
            this.certificatesFrom = from;
            this.certificatesTo = to;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder fmspc(byte[] fmspc) {
            this.fmspc = len(fmspc, 6);
            return this;
        }

        public Builder pceSvn(int pceSvn) {
            this.pceSvn = pceSvn;
            return this;
        }

        /** The 16 CPUSVN components of the PCK certificate (and of the UpToDate TCB level). */
        public Builder cpuSvn(int[] cpuSvn) {
            if (cpuSvn.length != 16) {
                throw new IllegalArgumentException("16 components");
            }
            this.cpuSvn = cpuSvn.clone();
            return this;
        }

        public Builder qeSvn(int qeSvn) {
            this.qeSvn = qeSvn;
            return this;
        }

        /** The QE report's MISCSELECT (default 0), written little-endian as in a real report. */
        public Builder qeMiscSelect(int miscSelect) {
            this.qeMiscSelect = miscSelect;
            return this;
        }

        /** Lists the PCK leaf in the simulated PCK CRL. */
        public Builder revokePck() {
            this.revokePck = true;
            return this;
        }

        public TdxSimulator build() {
            try {
                return new TdxSimulator(this);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create simulated keys and certificates", e);
            }
        }
    }
}
