package io.tee4j.tdx.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.ByteReader;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.tdx.abi.TdAttributes;
import io.tee4j.tdx.abi.Xfam;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The TD report body of a TDX quote: 584 bytes for TDX 1.0 (quote v4, or v5 body type 2) and 648
 * bytes for TDX 1.5 (v5 body type 3, which adds TEE_TCB_SVN2 and MRSERVICETD). Every field is
 * typed; byte arrays are copies.
 *
 * <p>Holding a body says nothing about its authenticity: it is signed by the quote's attestation
 * key, which {@code TdxVerifier} checks.
 *
 * @since 0.1
 */
public final class TdReportBody {
    /** Size of a TDX 1.0 body. */
    public static final int TDX10_SIZE = 584;
    /** Size of a TDX 1.5 body. */
    public static final int TDX15_SIZE = 648;

    private final byte[] teeTcbSvn;
    private final byte[] mrSeam;
    private final byte[] mrSignerSeam;
    private final long seamAttributes;
    private final TdAttributes tdAttributes;
    private final Xfam xfam;
    private final byte[] mrTd;
    private final byte[] mrConfigId;
    private final byte[] mrOwner;
    private final byte[] mrOwnerConfig;
    private final byte[][] rtmrs;
    private final byte[] reportData;
    private final byte[] teeTcbSvn2;
    private final byte[] mrServiceTd;

    private TdReportBody(byte[] b, int o, boolean tdx15) {
        teeTcbSvn = ByteArrays.slice(b, o, 16);
        mrSeam = ByteArrays.slice(b, o + 0x10, 48);
        mrSignerSeam = ByteArrays.slice(b, o + 0x40, 48);
        seamAttributes = LittleEndian.u64(b, o + 0x70);
        tdAttributes = TdAttributes.of(LittleEndian.u64(b, o + 0x78));
        xfam = Xfam.of(LittleEndian.u64(b, o + 0x80));
        mrTd = ByteArrays.slice(b, o + 0x88, 48);
        mrConfigId = ByteArrays.slice(b, o + 0xB8, 48);
        mrOwner = ByteArrays.slice(b, o + 0xE8, 48);
        mrOwnerConfig = ByteArrays.slice(b, o + 0x118, 48);
        rtmrs = new byte[4][];
        for (int i = 0; i < 4; i++) {
            rtmrs[i] = ByteArrays.slice(b, o + 0x148 + 48 * i, 48);
        }
        reportData = ByteArrays.slice(b, o + 0x208, 64);
        teeTcbSvn2 = tdx15 ? ByteArrays.slice(b, o + 0x248, 16) : null;
        mrServiceTd = tdx15 ? ByteArrays.slice(b, o + 0x258, 48) : null;
    }

    /**
     * Parses a body at {@code offset}.
     *
     * @param tdx15 whether the body is the 648-byte TDX 1.5 layout
     */
    public static TdReportBody parse(byte[] bytes, int offset, boolean tdx15) throws MalformedEvidenceException {
        ByteReader.of(bytes, offset, offset + (tdx15 ? TDX15_SIZE : TDX10_SIZE), "TD report body");
        return new TdReportBody(bytes, offset, tdx15);
    }

    /** Whether this is a TDX 1.5 body (with TEE_TCB_SVN2 and MRSERVICETD). */
    public boolean isTdx15() {
        return teeTcbSvn2 != null;
    }

    /** TEE_TCB_SVN (16 bytes): [0] module minor SVN, [1] module major version, [2] SEAM loader SVN, ... */
    public byte[] teeTcbSvn() {
        return teeTcbSvn.clone();
    }

    /** One byte of TEE_TCB_SVN, unsigned. */
    public int teeTcbSvn(int index) {
        return teeTcbSvn[index] & 0xFF;
    }

    public byte[] mrSeam() {
        return mrSeam.clone();
    }

    public byte[] mrSignerSeam() {
        return mrSignerSeam.clone();
    }

    public long seamAttributes() {
        return seamAttributes;
    }

    public TdAttributes tdAttributes() {
        return tdAttributes;
    }

    public Xfam xfam() {
        return xfam;
    }

    public byte[] mrTd() {
        return mrTd.clone();
    }

    public byte[] mrConfigId() {
        return mrConfigId.clone();
    }

    public byte[] mrOwner() {
        return mrOwner.clone();
    }

    public byte[] mrOwnerConfig() {
        return mrOwnerConfig.clone();
    }

    /** RTMR {@code index} (0..3). */
    public byte[] rtmr(int index) {
        return rtmrs[index].clone();
    }

    /** RTMR0..3, copies. */
    public List<byte[]> rtmrs() {
        return List.of(rtmrs[0].clone(), rtmrs[1].clone(), rtmrs[2].clone(), rtmrs[3].clone());
    }

    public byte[] reportData() {
        return reportData.clone();
    }

    /** TEE_TCB_SVN2 (TDX 1.5 only): the SVN of the TDX module running now, after a TD-preserving update. */
    public Optional<byte[]> teeTcbSvn2() {
        return Optional.ofNullable(teeTcbSvn2).map(byte[]::clone);
    }

    /** MRSERVICETD (TDX 1.5 only). */
    public Optional<byte[]> mrServiceTd() {
        return Optional.ofNullable(mrServiceTd).map(byte[]::clone);
    }

    public byte[] teeTcbSvnRef() {
        return teeTcbSvn;
    }

    public byte[] teeTcbSvn2Ref() {
        return teeTcbSvn2;
    }

    public byte[] mrSignerSeamRef() {
        return mrSignerSeam;
    }

    @Override
    public String toString() {
        return "TdReportBody[" + (isTdx15() ? "TDX 1.5" : "TDX 1.0") + ", mrtd " + HexFormat.of().formatHex(mrTd) + ", "
                + tdAttributes + "]";
    }
}
