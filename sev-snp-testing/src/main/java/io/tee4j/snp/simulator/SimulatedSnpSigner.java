package io.tee4j.snp.simulator;

import io.tee4j.core.Evidence;
import io.tee4j.core.TeeType;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.testing.LittleEndian;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Produces signed SEV-SNP reports (versions 2, 3 and 5) with a {@link SimulatedAmdChain}'s VCEK or
 * VLEK, laid out as AMD firmware lays them out: CPUID bytes of the product line (v3+), the chain's
 * chip id and TCB, little-endian R and S (deterministic RFC 6979 nonces).
 *
 * <p><b>Simulation only:</b> nothing here is evidence of anything; a verifier accepts these reports
 * only with the chain's roots passed explicitly.
 *
 * @since 0.1
 */
public final class SimulatedSnpSigner {
    private static final X9ECParameters P384 = CustomNamedCurves.getByName("secp384r1");

    private final SimulatedAmdChain chain;
    private final SigningKey key;
    private final ECPrivateKeyParameters privateKey;

    private SimulatedSnpSigner(SimulatedAmdChain chain, SigningKey key, PrivateKey pk) {
        this.chain = chain;
        this.key = key;
        BigInteger d = ((ECPrivateKey) pk).getS();
        this.privateKey = new ECPrivateKeyParameters(d,
                new ECDomainParameters(P384.getCurve(), P384.getG(), P384.getN(), P384.getH()));
    }

    /** Signs with the chain's VCEK. */
    public static SimulatedSnpSigner vcek(SimulatedAmdChain chain) {
        return new SimulatedSnpSigner(Objects.requireNonNull(chain, "chain"), SigningKey.VCEK, chain.vcekKey());
    }

    /** Signs with the chain's VLEK (chip id zero, signer info SIGNING_KEY=1). */
    public static SimulatedSnpSigner vlek(SimulatedAmdChain chain) {
        return new SimulatedSnpSigner(Objects.requireNonNull(chain, "chain"), SigningKey.VLEK, chain.vlekKey());
    }

    public SimulatedAmdChain chain() {
        return chain;
    }

    public SigningKey signingKey() {
        return key;
    }

    /** The signing certificate (VCEK or VLEK). */
    public X509Certificate certificate() {
        return key == SigningKey.VLEK ? chain.vlek() : chain.vcek();
    }

    /** A report builder pre-filled from the chain (version 5 unless changed). */
    public ReportBuilder report() {
        return new ReportBuilder();
    }

    /**
     * Signs any 1184 bytes in place of the firmware: writes R and S (little-endian) over
     * [0, 0x2A0) and returns the signed copy. Fields are not checked, so tests can sign malformed
     * reports too.
     */
    public byte[] sign(byte[] report) {
        if (report.length != AttestationReport.SIZE) {
            throw new IllegalArgumentException("a report is " + AttestationReport.SIZE + " bytes");
        }
        byte[] out = report.clone();
        SHA384Digest sha = new SHA384Digest();
        sha.update(out, 0, AttestationReport.SIGNED_LENGTH);
        byte[] digest = new byte[48];
        sha.doFinal(digest, 0);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
        signer.init(true, privateKey);
        BigInteger[] rs = signer.generateSignature(digest);
        Arrays.fill(out, 0x2A0, AttestationReport.SIZE, (byte) 0);
        putLe(out, 0x2A0, rs[0]);
        putLe(out, 0x2E8, rs[1]);
        return out;
    }

    private static void putLe(byte[] b, int off, BigInteger v) {
        byte[] be = v.toByteArray();
        for (int i = 0; i < be.length && i < 72; i++) {
            b[off + i] = be[be.length - 1 - i];
        }
    }

    /** Evidence of a signed report with the signing certificate attached. */
    public Evidence evidence(byte[] signedReport) {
        try {
            return Evidence.builder(TeeType.SEV_SNP, signedReport).addCertificate(certificate().getEncoded()).build();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The extended-report certificate table this chip's host would serve: VCEK or VLEK, ASK or ASVK, ARK. */
    public CertificateTable certificateTable() {
        try {
            return CertificateTable.of(List.of(
                    new CertificateTable.Entry(key == SigningKey.VLEK ? CertificateTable.VLEK : CertificateTable.VCEK,
                            certificate().getEncoded()),
                    new CertificateTable.Entry(CertificateTable.ASK,
                            (key == SigningKey.VLEK ? chain.asvk() : chain.ask()).getEncoded()),
                    new CertificateTable.Entry(CertificateTable.ARK, chain.ark().getEncoded())));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds and signs one report. Defaults: an ordinary production guest (policy 0x30000, VMPL 0, SMT). */
    public final class ReportBuilder {
        private int version = 5;
        private long guestSvn;
        private long policy = 0x30000L;
        private byte[] familyId = new byte[16];
        private byte[] imageId = new byte[16];
        private long vmpl;
        private long platformInfo = 0x25;
        private boolean authorKey;
        private boolean maskChipId;
        private boolean maskChipKey;
        private byte[] reportData = new byte[64];
        private byte[] measurement = sha384("simulated launch measurement");
        private byte[] hostData = new byte[32];
        private byte[] idKeyDigest = new byte[48];
        private byte[] authorKeyDigest = new byte[48];
        private long launchMitigations;
        private long currentMitigations;
        private long currentTcb = chain.tcb().raw();
        private long committedTcb = chain.tcb().raw();
        private int build = 43;

        private ReportBuilder() {
        }

        /** 2, 3, 4 or 5. */
        public ReportBuilder version(int v) {
            if (v < 2 || v > 5) {
                throw new IllegalArgumentException("versions 2..5");
            }
            this.version = v;
            return this;
        }

        public ReportBuilder guestSvn(long svn) {
            this.guestSvn = svn;
            return this;
        }

        /** The guest policy (bit 17 is always set). */
        public ReportBuilder policy(long policy) {
            this.policy = policy | 1L << 17;
            return this;
        }

        public ReportBuilder familyId(byte[] v) {
            this.familyId = fixed(v, 16);
            return this;
        }

        public ReportBuilder imageId(byte[] v) {
            this.imageId = fixed(v, 16);
            return this;
        }

        public ReportBuilder vmpl(long vmpl) {
            this.vmpl = vmpl;
            return this;
        }

        public ReportBuilder platformInfo(long bits) {
            this.platformInfo = bits;
            return this;
        }

        public ReportBuilder authorKey(byte[] digest) {
            this.authorKey = true;
            this.authorKeyDigest = fixed(digest, 48);
            return this;
        }

        public ReportBuilder idKeyDigest(byte[] digest) {
            this.idKeyDigest = fixed(digest, 48);
            return this;
        }

        /**
         * Zero the chip id, as firmware does when the host set MASK_CHIP_ID. The signer info is
         * unchanged: MASK_CHIP_ID has no bit there.
         */
        public ReportBuilder maskChipId(boolean mask) {
            this.maskChipId = mask;
            return this;
        }

        /**
         * Set MASK_CHIP_KEY (signer info bit 1): the host configured the firmware not to use the
         * VCEK. Firmware then signs nothing with the VCEK, so a VCEK-signed report with this bit can
         * only be forged: for negative tests (a verifier must refuse it).
         */
        public ReportBuilder maskChipKey(boolean mask) {
            this.maskChipKey = mask;
            return this;
        }

        /** Up to 64 bytes, zero-padded. */
        public ReportBuilder reportData(byte[] v) {
            if (v.length > 64) {
                throw new IllegalArgumentException("report data is at most 64 bytes");
            }
            this.reportData = Arrays.copyOf(v, 64);
            return this;
        }

        public ReportBuilder measurement(byte[] v) {
            this.measurement = fixed(v, 48);
            return this;
        }

        public ReportBuilder hostData(byte[] v) {
            this.hostData = fixed(v, 32);
            return this;
        }

        /** Version-5 mitigation vectors. */
        public ReportBuilder mitigationVectors(long launch, long current) {
            this.launchMitigations = launch;
            this.currentMitigations = current;
            return this;
        }

        /** The current TCB (default: the chain's TCB). */
        public ReportBuilder currentTcb(long raw) {
            this.currentTcb = raw;
            return this;
        }

        /** The committed and launch TCB (default: the chain's TCB). */
        public ReportBuilder committedTcb(long raw) {
            this.committedTcb = raw;
            return this;
        }

        /** The unsigned report bytes (signature area zero). */
        public byte[] unsigned() {
            byte[] b = new byte[AttestationReport.SIZE];
            LittleEndian.putU32(b, 0x00, version);
            LittleEndian.putU32(b, 0x04, guestSvn);
            LittleEndian.putU64(b, 0x08, policy | 1L << 17);
            System.arraycopy(familyId, 0, b, 0x10, 16);
            System.arraycopy(imageId, 0, b, 0x20, 16);
            LittleEndian.putU32(b, 0x30, vmpl);
            LittleEndian.putU32(b, 0x34, AttestationReport.SIG_ALGO_ECDSA_P384_SHA384);
            LittleEndian.putU64(b, 0x38, currentTcb);
            LittleEndian.putU64(b, 0x40, platformInfo);
            boolean masked = maskChipId || key == SigningKey.VLEK;
            LittleEndian.putU32(b, 0x48, (authorKey ? 1 : 0) | (maskChipKey ? 2 : 0) | key.code() << 2);
            System.arraycopy(reportData, 0, b, 0x50, 64);
            System.arraycopy(measurement, 0, b, 0x90, 48);
            System.arraycopy(hostData, 0, b, 0xC0, 32);
            System.arraycopy(idKeyDigest, 0, b, 0xE0, 48);
            System.arraycopy(authorKeyDigest, 0, b, 0x110, 48);
            byte[] reportId = sha384("report id " + HexFormat.of().formatHex(reportData));
            System.arraycopy(reportId, 0, b, 0x140, 32);
            Arrays.fill(b, 0x160, 0x180, (byte) 0xFF);
            LittleEndian.putU64(b, 0x180, chain.tcb().raw());
            if (version >= 3) {
                int[] cpuid = cpuid(chain.product());
                b[0x188] = (byte) cpuid[0];
                b[0x189] = (byte) cpuid[1];
                b[0x18A] = (byte) cpuid[2];
            }
            if (!masked) {
                System.arraycopy(chain.chipId(), 0, b, 0x1A0, 64);
            }
            LittleEndian.putU64(b, 0x1E0, committedTcb);
            b[0x1E8] = (byte) build;
            b[0x1E9] = 55;
            b[0x1EA] = 1;
            b[0x1EC] = (byte) build;
            b[0x1ED] = 55;
            b[0x1EE] = 1;
            LittleEndian.putU64(b, 0x1F0, committedTcb);
            if (version >= 5) {
                LittleEndian.putU64(b, 0x1F8, launchMitigations);
                LittleEndian.putU64(b, 0x200, currentMitigations);
            }
            return b;
        }

        /** The signed report. */
        public byte[] sign() {
            return SimulatedSnpSigner.this.sign(unsigned());
        }

        /** Evidence of the signed report with the signing certificate attached. */
        public Evidence evidence() {
            return SimulatedSnpSigner.this.evidence(sign());
        }
    }

    /** CPUID family, model, stepping of a product line's typical part. */
    static int[] cpuid(ProductLine p) {
        switch (p) {
            case MILAN:
                return new int[] {0x19, 0x01, 0x01};
            case GENOA:
                return new int[] {0x19, 0x11, 0x01};
            default:
                return new int[] {0x1A, 0x02, 0x01};
        }
    }

    private static byte[] fixed(byte[] v, int n) {
        if (v.length != n) {
            throw new IllegalArgumentException("expected " + n + " bytes");
        }
        return v.clone();
    }

    static byte[] sha384(String s) {
        try {
            return MessageDigest.getInstance("SHA-384").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SimulatedSnpSigner[" + chain.product().kdsName() + ", " + key + ", SIMULATED]";
    }
}
