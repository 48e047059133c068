package io.tee4j.snp.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A parsed SEV-SNP attestation report (1184 bytes, versions 2 to 5), every field typed.
 *
 * <p>Parsing checks structure only: the length, the version (2, 3, 4 read with the version-3
 * layout, 5; anything else is refused, never guessed), every must-be-zero field (offsets 0x4C,
 * 0x18B or 0x188 before version 3, 0x1EB, 0x1EF, 0x1F8 before version 5 or 0x208, the unused tail
 * of the signature and the high bytes of R and S), the reserved policy bit 17 (must be 1), the
 * reserved signer-info bits and the signing-key code. It does <em>not</em> check the signature,
 * the certificate chain or anything the values mean: use {@code SnpVerifier}.
 *
 * <p>The product line decides how the TCB versions are decoded (see {@link TcbLayout}). It comes
 * from the CPUID bytes of a version-3+ report (a hint that contradicts them is an error), and for
 * version 2, which has no CPUID bytes, from the caller's hint, else from the shape of the chip id
 * (only the first 8 bytes set: Turin; 64 bytes: the Milan/Genoa layout, product line not known
 * until a certificate names it). A version-2 report with an all-zero chip id (masked, or signed by
 * a VLEK) and no hint cannot be decoded and is refused with a message saying so.
 *
 * <p>Immutable; every byte array is copied out.
 *
 * @since 0.1
 */
public final class AttestationReport {
    /** The size of a report. */
    public static final int SIZE = 0x4A0;
    /** The signed bytes are {@code [0, SIGNED_LENGTH)}. */
    public static final int SIGNED_LENGTH = 0x2A0;
    /** The lowest version parsed. */
    public static final int MIN_VERSION = 2;
    /** The highest version parsed; higher versions are refused. */
    public static final int MAX_VERSION = 5;
    /** The only signature algorithm defined: ECDSA P-384 with SHA-384. */
    public static final int SIG_ALGO_ECDSA_P384_SHA384 = 1;

    /** Offset of the signature's R component (72 bytes, little-endian). */
    public static final int OFF_SIG_R = 0x2A0;
    /** Offset of the signature's S component (72 bytes, little-endian). */
    public static final int OFF_SIG_S = 0x2E8;
    static final int SIG_COMPONENT = 72;

    private final byte[] raw;
    private final Optional<ProductLine> productLine;
    private final TcbLayout tcbLayout;
    private final String productSource;

    private AttestationReport(byte[] raw, Optional<ProductLine> productLine, TcbLayout layout, String productSource) {
        this.raw = raw;
        this.productLine = productLine;
        this.tcbLayout = layout;
        this.productSource = productSource;
    }

    /** Parses a report without a product hint. */
    public static AttestationReport parse(byte[] report) throws MalformedEvidenceException {
        return parse(report, null);
    }

    /**
     * Parses a report.
     *
     * @param productHint the product line, for version-2 reports (ignored when CPUID bytes agree;
     *     an error when they disagree); may be null
     * @throws MalformedEvidenceException naming the offending field
     */
    public static AttestationReport parse(byte[] report, ProductLine productHint) throws MalformedEvidenceException {
        Objects.requireNonNull(report, "report");
        if (report.length != SIZE) {
            throw new MalformedEvidenceException("an SNP attestation report is " + SIZE + " bytes, got " + report.length);
        }
        byte[] b = report.clone();
        long version = LittleEndian.u32(b, 0x00);
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw new MalformedEvidenceException("unsupported SNP report version " + version + " (supported: "
                    + MIN_VERSION + " to " + MAX_VERSION + ")");
        }
        mbz(b, 0x04C, 0x050, "reserved field after signer info");
        mbz(b, version >= 3 ? 0x18B : 0x188, 0x1A0, version >= 3 ? "reserved field after CPUID" : "reserved field 0x188 (version 2)");
        mbz(b, 0x1EB, 0x1EC, "reserved byte after current version");
        mbz(b, 0x1EF, 0x1F0, "reserved byte after committed version");
        mbz(b, version >= 5 ? 0x208 : 0x1F8, SIGNED_LENGTH, "reserved field before the signature");
        mbz(b, OFF_SIG_R + 48, OFF_SIG_R + SIG_COMPONENT, "high bytes of signature R");
        mbz(b, OFF_SIG_S + 48, OFF_SIG_S + SIG_COMPONENT, "high bytes of signature S");
        mbz(b, OFF_SIG_S + SIG_COMPONENT, SIZE, "reserved tail of the signature");
        long policy = LittleEndian.u64(b, 0x08);
        if ((policy >>> 17 & 1) == 0) {
            throw new MalformedEvidenceException("guest policy bit 17 is reserved and must be 1 (policy "
                    + String.format("0x%x", policy) + ")");
        }
        long signer = LittleEndian.u32(b, 0x48);
        if ((signer >>> 5) != 0) {
            throw new MalformedEvidenceException(String.format("signer info 0x%x has reserved bits 5..31 set", signer));
        }
        int keyCode = (int) (signer >>> 2 & 7);
        if (keyCode != 0 && keyCode != 1 && keyCode != 7) {
            throw new MalformedEvidenceException("signer info names reserved signing key " + keyCode);
        }
        // Product line and TCB layout.
        Optional<ProductLine> hint = Optional.ofNullable(productHint);
        if (version >= 3) {
            int family = LittleEndian.u8(b, 0x188);
            int model = LittleEndian.u8(b, 0x189);
            Optional<ProductLine> fromCpuid = ProductLine.fromCpuid(family, model);
            if (fromCpuid.isPresent()) {
                if (hint.isPresent() && hint.get() != fromCpuid.get()) {
                    throw new MalformedEvidenceException("the report's CPUID (family 0x" + Integer.toHexString(family)
                            + ", model 0x" + Integer.toHexString(model) + ") is " + fromCpuid.get().kdsName()
                            + " but the product hint says " + hint.get().kdsName());
                }
                return new AttestationReport(b, fromCpuid, fromCpuid.get().tcbLayout(), "cpuid");
            }
            if (hint.isPresent()) {
                return new AttestationReport(b, hint, hint.get().tcbLayout(), "hint");
            }
            throw new MalformedEvidenceException("unknown CPUID family 0x" + Integer.toHexString(family) + " model 0x"
                    + Integer.toHexString(model) + " in a version " + version
                    + " report; pass the product line as a hint if this is a newer EPYC");
        }
        if (hint.isPresent()) {
            return new AttestationReport(b, hint, hint.get().tcbLayout(), "hint");
        }
        if (ByteArrays.allZero(b, 0x1A0, 0x1E0)) {
            throw new MalformedEvidenceException("version 2 report with an all-zero chip id (MASK_CHIP_ID or a VLEK "
                    + "signature): the product line and its TCB layout cannot be told from the report; "
                    + "pass the product line (Milan, Genoa or Turin) as a hint");
        }
        if (ByteArrays.allZero(b, 0x1A8, 0x1E0)) {
            return new AttestationReport(b, Optional.of(ProductLine.TURIN), TcbLayout.TURIN, "chip-id-shape");
        }
        return new AttestationReport(b, Optional.empty(), TcbLayout.MILAN_GENOA, "chip-id-shape");
    }

    private static void mbz(byte[] b, int from, int to, String what) throws MalformedEvidenceException {
        int nz = ByteArrays.firstNonZero(b, from, to);
        if (nz >= 0) {
            throw new MalformedEvidenceException(String.format("must-be-zero %s is not zero at offset 0x%x", what, nz));
        }
    }

    /** A copy of the 1184 raw bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The bytes the signature covers ({@code [0, 0x2A0)}), copied. */
    public byte[] signedBytes() {
        return ByteArrays.slice(raw, 0, SIGNED_LENGTH);
    }

    /**
     * The product line, when the report (CPUID), the hint or the chip-id shape established it;
     * empty for a version-2 Milan/Genoa-layout report without a hint (a certificate settles it).
     */
    public Optional<ProductLine> productLine() {
        return productLine;
    }

    /** How the product line or layout was established: {@code cpuid}, {@code hint} or {@code chip-id-shape}. */
    public String productSource() {
        return productSource;
    }

    /** The TCB layout every TCB version of this report is decoded in. */
    public TcbLayout tcbLayout() {
        return tcbLayout;
    }

    public int version() {
        return (int) LittleEndian.u32(raw, 0x00);
    }

    public long guestSvn() {
        return LittleEndian.u32(raw, 0x04);
    }

    public GuestPolicy policy() {
        return GuestPolicy.of(LittleEndian.u64(raw, 0x08));
    }

    public byte[] familyId() {
        return ByteArrays.slice(raw, 0x10, 16);
    }

    public byte[] imageId() {
        return ByteArrays.slice(raw, 0x20, 16);
    }

    /** The VMPL the report was requested at. */
    public long vmpl() {
        return LittleEndian.u32(raw, 0x30);
    }

    public int signatureAlgorithm() {
        return (int) LittleEndian.u32(raw, 0x34);
    }

    public TcbVersion currentTcb() {
        return TcbVersion.of(LittleEndian.u64(raw, 0x38), tcbLayout);
    }

    public PlatformInfo platformInfo() {
        return PlatformInfo.of(LittleEndian.u64(raw, 0x40));
    }

    public SignerInfo signerInfo() {
        long s = LittleEndian.u32(raw, 0x48);
        int code = (int) (s >>> 2 & 7);
        SigningKey key = code == 0 ? SigningKey.VCEK : code == 1 ? SigningKey.VLEK : SigningKey.NONE;
        return new SignerInfo((s & 1) != 0, (s & 2) != 0, key, s);
    }

    public byte[] reportData() {
        return ByteArrays.slice(raw, 0x50, 64);
    }

    /** The launch measurement (48 bytes). */
    public byte[] measurement() {
        return ByteArrays.slice(raw, 0x90, 48);
    }

    public byte[] hostData() {
        return ByteArrays.slice(raw, 0xC0, 32);
    }

    /** SHA-384 of the ID block's public key; all zero without an ID block. */
    public byte[] idKeyDigest() {
        return ByteArrays.slice(raw, 0xE0, 48);
    }

    public byte[] authorKeyDigest() {
        return ByteArrays.slice(raw, 0x110, 48);
    }

    public byte[] reportId() {
        return ByteArrays.slice(raw, 0x140, 32);
    }

    /** The report id of the migration agent; all 0xFF when there is none. */
    public byte[] reportIdMa() {
        return ByteArrays.slice(raw, 0x160, 32);
    }

    /** The TCB the signing VCEK was derived at. */
    public TcbVersion reportedTcb() {
        return TcbVersion.of(LittleEndian.u64(raw, 0x180), tcbLayout);
    }

    /** CPUID family (extended + base), version 3+. */
    public OptionalInt cpuidFamily() {
        return version() >= 3 ? OptionalInt.of(LittleEndian.u8(raw, 0x188)) : OptionalInt.empty();
    }

    /** CPUID model (extended {@code << 4 | base}), version 3+. */
    public OptionalInt cpuidModel() {
        return version() >= 3 ? OptionalInt.of(LittleEndian.u8(raw, 0x189)) : OptionalInt.empty();
    }

    /** CPUID stepping, version 3+. */
    public OptionalInt cpuidStepping() {
        return version() >= 3 ? OptionalInt.of(LittleEndian.u8(raw, 0x18A)) : OptionalInt.empty();
    }

    /** The 64-byte chip id (Turin: 8 bytes then zeros; all zero when masked or VLEK-signed). */
    public byte[] chipId() {
        return ByteArrays.slice(raw, 0x1A0, 64);
    }

    /** Whether the chip id is all zero. */
    public boolean chipIdMasked() {
        return ByteArrays.allZero(raw, 0x1A0, 0x1E0);
    }

    public TcbVersion committedTcb() {
        return TcbVersion.of(LittleEndian.u64(raw, 0x1E0), tcbLayout);
    }

    public int currentBuild() {
        return LittleEndian.u8(raw, 0x1E8);
    }

    public int currentMinor() {
        return LittleEndian.u8(raw, 0x1E9);
    }

    public int currentMajor() {
        return LittleEndian.u8(raw, 0x1EA);
    }

    public int committedBuild() {
        return LittleEndian.u8(raw, 0x1EC);
    }

    public int committedMinor() {
        return LittleEndian.u8(raw, 0x1ED);
    }

    public int committedMajor() {
        return LittleEndian.u8(raw, 0x1EE);
    }

    /** The TCB at launch. */
    public TcbVersion launchTcb() {
        return TcbVersion.of(LittleEndian.u64(raw, 0x1F0), tcbLayout);
    }

    /** The mitigation vector at launch, version 5+. */
    public OptionalLong launchMitigationVector() {
        return version() >= 5 ? OptionalLong.of(LittleEndian.u64(raw, 0x1F8)) : OptionalLong.empty();
    }

    /** The current mitigation vector, version 5+. */
    public OptionalLong currentMitigationVector() {
        return version() >= 5 ? OptionalLong.of(LittleEndian.u64(raw, 0x200)) : OptionalLong.empty();
    }

    /** R, 72 little-endian bytes. */
    public byte[] signatureR() {
        return ByteArrays.slice(raw, OFF_SIG_R, SIG_COMPONENT);
    }

    /** S, 72 little-endian bytes. */
    public byte[] signatureS() {
        return ByteArrays.slice(raw, OFF_SIG_S, SIG_COMPONENT);
    }

    /** Package access to the raw bytes without a copy (the verifier's hot path). */
    byte[] rawNoCopy() {
        return raw;
    }

    @Override
    public String toString() {
        return "AttestationReport[v" + version() + ", " + productLine.map(ProductLine::kdsName).orElse(tcbLayout.name())
                + ", " + signerInfo().signingKey() + ", measurement "
                + HexFormat.of().formatHex(measurement()) + "]";
    }
}
