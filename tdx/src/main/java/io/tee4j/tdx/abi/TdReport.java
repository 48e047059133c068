package io.tee4j.tdx.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.tdx.abi.TdAttributes;
import io.tee4j.tdx.abi.Xfam;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The 1024-byte TDREPORT_STRUCT that {@code TDX_CMD_GET_REPORT0} returns: REPORTMACSTRUCT (report
 * type, CPUSVN, the two hashes, report data, MAC), TEE_TCB_INFO and TDINFO.
 *
 * <p>Parsing checks the report type (0x81, TDX) and both internal hashes: TEE_TCB_INFO_HASH =
 * SHA-384 of the 239-byte TEE_TCB_INFO and TEE_INFO_HASH = SHA-384 of the 512-byte TDINFO. The MAC
 * can only be checked on the same platform by the TDX module ({@code TDG.MR.VERIFYREPORT}), so it
 * is not verified here: a TDREPORT is local evidence, not something to trust off-platform.
 *
 * @since 0.1
 */
public final class TdReport {
    /** Size of a TDREPORT. */
    public static final int SIZE = 1024;

    private final byte[] raw;

    private TdReport(byte[] raw) {
        this.raw = raw;
    }

    /** Parses and checks a 1024-byte TDREPORT. */
    public static TdReport parse(byte[] report) throws MalformedEvidenceException {
        Objects.requireNonNull(report, "report");
        if (report.length != SIZE) {
            throw new MalformedEvidenceException("a TDREPORT is " + SIZE + " bytes, got " + report.length);
        }
        if ((report[0] & 0xFF) != 0x81) {
            throw new MalformedEvidenceException(String.format("report type 0x%02x is not TDX (0x81)", report[0] & 0xFF));
        }
        MessageDigest md = sha384();
        md.update(report, 0x100, 239);
        if (!MessageDigest.isEqual(md.digest(), ByteArrays.slice(report, 0x20, 48))) {
            throw new MalformedEvidenceException("TEE_TCB_INFO_HASH does not match SHA-384 of TEE_TCB_INFO");
        }
        md.update(report, 0x200, 512);
        if (!MessageDigest.isEqual(md.digest(), ByteArrays.slice(report, 0x50, 48))) {
            throw new MalformedEvidenceException("TEE_INFO_HASH does not match SHA-384 of TDINFO");
        }
        return new TdReport(report.clone());
    }

    private static MessageDigest sha384() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-384 is required of every Java platform", e);
        }
    }

    /** The raw 1024 bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** REPORTTYPE: type (0x81), subtype, version, reserved. */
    public byte[] reportType() {
        return ByteArrays.slice(raw, 0, 4);
    }

    public byte[] cpuSvn() {
        return ByteArrays.slice(raw, 0x10, 16);
    }

    public byte[] teeTcbInfoHash() {
        return ByteArrays.slice(raw, 0x20, 48);
    }

    public byte[] teeInfoHash() {
        return ByteArrays.slice(raw, 0x50, 48);
    }

    public byte[] reportData() {
        return ByteArrays.slice(raw, 0x80, 64);
    }

    /** The MAC (not verifiable off-platform). */
    public byte[] mac() {
        return ByteArrays.slice(raw, 0xE0, 32);
    }

    /** TEE_TCB_INFO.VALID, the bitmap of valid TEE_TCB_INFO fields. */
    public byte[] teeTcbInfoValid() {
        return ByteArrays.slice(raw, 0x100, 8);
    }

    public byte[] teeTcbSvn() {
        return ByteArrays.slice(raw, 0x108, 16);
    }

    public byte[] mrSeam() {
        return ByteArrays.slice(raw, 0x118, 48);
    }

    public byte[] mrSignerSeam() {
        return ByteArrays.slice(raw, 0x148, 48);
    }

    public long seamAttributes() {
        return LittleEndian.u64(raw, 0x178);
    }

    /** TEE_TCB_SVN2 (TDX 1.5; zero on TDX 1.0). */
    public byte[] teeTcbSvn2() {
        return ByteArrays.slice(raw, 0x180, 16);
    }

    public TdAttributes tdAttributes() {
        return TdAttributes.of(LittleEndian.u64(raw, 0x200));
    }

    public Xfam xfam() {
        return Xfam.of(LittleEndian.u64(raw, 0x208));
    }

    public byte[] mrTd() {
        return ByteArrays.slice(raw, 0x210, 48);
    }

    public byte[] mrConfigId() {
        return ByteArrays.slice(raw, 0x240, 48);
    }

    public byte[] mrOwner() {
        return ByteArrays.slice(raw, 0x270, 48);
    }

    public byte[] mrOwnerConfig() {
        return ByteArrays.slice(raw, 0x2A0, 48);
    }

    public byte[] rtmr(int index) {
        Objects.checkIndex(index, 4);
        return ByteArrays.slice(raw, 0x2D0 + 48 * index, 48);
    }

    public List<byte[]> rtmrs() {
        return List.of(rtmr(0), rtmr(1), rtmr(2), rtmr(3));
    }

    /** SERVTD_HASH (TDX 1.5). */
    public byte[] servTdHash() {
        return ByteArrays.slice(raw, 0x390, 48);
    }

    @Override
    public String toString() {
        return "TdReport[mrtd " + HexFormat.of().formatHex(mrTd()) + ", " + tdAttributes() + "]";
    }
}
