package io.tee4j.envelope;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.LittleEndian;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 1184 bytes of an SEV-SNP attestation report as the virtee {@code sev} crate decodes them and
 * serde writes the result (the {@code attestation_report} guest-components' SNP attester sends):
 * the struct's fields in declaration order; byte arrays as arrays of numbers; the bitfield newtypes
 * (policy, platform info, key info) as plain numbers; TCB versions as {@code {fmc, bootloader, tee,
 * snp, microcode}} read in the layout of the processor generation, {@code fmc} null before Turin;
 * firmware versions as {@code {major, minor, build}}; the CPUID fields null in a version-2 report
 * and the mitigation vectors null before version 5; reserved bytes dropped. The inverse of
 * {@link SevSerdeReport}, which rebuilds the bytes the same way the crate's encoder does.
 *
 * <p>As the crate's decoder, this refuses report versions 0 and 1, a version-2 report whose chip id is
 * masked (no processor generation can be told) and CPUID values of no known SEV-SNP processor.
 * Nothing is verified.
 */
final class SevSerdeWriter {
    private final byte[] r;
    private final boolean turin;

    private SevSerdeWriter(byte[] r, boolean turin) {
        this.r = r;
        this.turin = turin;
    }

    static Map<String, Object> tree(byte[] report) throws MalformedEvidenceException {
        if (report.length != SevSerdeReport.SIZE) {
            throw new MalformedEvidenceException("an SEV-SNP report is " + SevSerdeReport.SIZE + " bytes, not "
                    + report.length);
        }
        long version = LittleEndian.u32(report, 0);
        if (version < 2) {
            throw new MalformedEvidenceException("SEV-SNP report version " + version + " has no serde form");
        }
        boolean turin = version == 2 ? SevSerdeReport.turinLikeChipId(Arrays.copyOfRange(report, 0x1A0, 0x1E0))
                : SevSerdeReport.turinFromCpuid(report[0x188] & 0xFF, report[0x189] & 0xFF);
        return new SevSerdeWriter(report, turin).fields(version);
    }

    private Map<String, Object> fields(long version) {
        boolean v2 = version == 2;
        boolean v5 = version >= 5;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", BigInteger.valueOf(version));
        m.put("guest_svn", u32(0x04));
        m.put("policy", u64(0x08));
        m.put("family_id", bytes(0x10, 16));
        m.put("image_id", bytes(0x20, 16));
        m.put("vmpl", u32(0x30));
        m.put("sig_algo", u32(0x34));
        m.put("current_tcb", tcb(0x38));
        m.put("plat_info", u64(0x40));
        m.put("key_info", u32(0x48));
        m.put("report_data", bytes(0x50, 64));
        m.put("measurement", bytes(0x90, 48));
        m.put("host_data", bytes(0xC0, 32));
        m.put("id_key_digest", bytes(0xE0, 48));
        m.put("author_key_digest", bytes(0x110, 48));
        m.put("report_id", bytes(0x140, 32));
        m.put("report_id_ma", bytes(0x160, 32));
        m.put("reported_tcb", tcb(0x180));
        m.put("cpuid_fam_id", v2 ? null : u8(0x188));
        m.put("cpuid_mod_id", v2 ? null : u8(0x189));
        m.put("cpuid_step", v2 ? null : u8(0x18A));
        m.put("chip_id", bytes(0x1A0, 64));
        m.put("committed_tcb", tcb(0x1E0));
        m.put("current", version(0x1E8));
        m.put("committed", version(0x1EC));
        m.put("launch_tcb", tcb(0x1F0));
        m.put("launch_mit_vector", v5 ? u64(0x1F8) : null);
        m.put("current_mit_vector", v5 ? u64(0x200) : null);
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("r", bytes(0x2A0, 72));
        sig.put("s", bytes(0x2A0 + 72, 72));
        m.put("signature", sig);
        return m;
    }

    private Map<String, Object> tcb(int off) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (turin) {
            t.put("fmc", u8(off));
            t.put("bootloader", u8(off + 1));
            t.put("tee", u8(off + 2));
            t.put("snp", u8(off + 3));
        } else {
            t.put("fmc", null);
            t.put("bootloader", u8(off));
            t.put("tee", u8(off + 1));
            t.put("snp", u8(off + 6));
        }
        t.put("microcode", u8(off + 7));
        return t;
    }

    private Map<String, Object> version(int off) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("major", u8(off + 2));
        v.put("minor", u8(off + 1));
        v.put("build", u8(off));
        return v;
    }

    private BigInteger u8(int off) {
        return BigInteger.valueOf(r[off] & 0xFF);
    }

    private BigInteger u32(int off) {
        return BigInteger.valueOf(LittleEndian.u32(r, off));
    }

    private BigInteger u64(int off) {
        return new BigInteger(Long.toUnsignedString(LittleEndian.u64(r, off)));
    }

    private List<Object> bytes(int off, int length) {
        return byteArray(r, off, length);
    }

    /** serde's form of a byte array: a list of numbers 0..255. */
    static List<Object> byteArray(byte[] b, int off, int length) {
        List<Object> out = new ArrayList<>(length);
        for (int i = off; i < off + length; i++) {
            out.add(BigInteger.valueOf(b[i] & 0xFF));
        }
        return out;
    }
}
