package io.tee4j.tdx.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.ByteReader;
import io.tee4j.core.util.LittleEndian;
import java.util.HexFormat;

/**
 * The Quoting Enclave's SGX report body (384 bytes) from the quote's certification data: the QE's
 * identity (MRSIGNER, ISVPRODID, ISVSVN, attributes, MISCSELECT) and its report data, which binds
 * the attestation key. Signed by the PCK key; {@code TdxVerifier} checks that signature and the
 * binding.
 *
 * @since 0.1
 */
public final class QeReport {
    /** Size of an SGX report body. */
    public static final int SIZE = 384;

    private final byte[] raw;

    private QeReport(byte[] raw) {
        this.raw = raw;
    }

    public static QeReport parse(byte[] bytes, int offset) throws MalformedEvidenceException {
        ByteReader.of(bytes, offset, offset + SIZE, "QE report");
        return new QeReport(ByteArrays.slice(bytes, offset, SIZE));
    }

    /** The 384 raw bytes (what the QE report signature covers). */
    public byte[] raw() {
        return raw.clone();
    }

    public byte[] rawRef() {
        return raw;
    }

    public byte[] cpuSvn() {
        return ByteArrays.slice(raw, 0, 16);
    }

    public long miscSelect() {
        return LittleEndian.u32(raw, 0x10);
    }

    /** The 16-byte SGX attributes (flags then XFRM). */
    public byte[] attributes() {
        return ByteArrays.slice(raw, 0x30, 16);
    }

    public byte[] mrEnclave() {
        return ByteArrays.slice(raw, 0x40, 32);
    }

    public byte[] mrSigner() {
        return ByteArrays.slice(raw, 0x80, 32);
    }

    public int isvProdId() {
        return LittleEndian.u16(raw, 0x100);
    }

    public int isvSvn() {
        return LittleEndian.u16(raw, 0x102);
    }

    public byte[] reportData() {
        return ByteArrays.slice(raw, 0x140, 64);
    }

    @Override
    public String toString() {
        return "QeReport[prodId " + isvProdId() + ", svn " + isvSvn() + ", mrsigner " + HexFormat.of().formatHex(mrSigner()) + "]";
    }
}
