package io.tee4j.envelope;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.json.Json;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SEV-SNP attestation report as the virtee {@code sev} crate's serde writes it (the
 * {@code attestation_report} of trustee's SNP evidence), turned back into the 1184 signed bytes the
 * way the crate's own encoder does before trustee checks the signature: every field at its offset
 * in the report layout, reserved bytes zero, the TCB versions in the layout of the processor
 * generation (Milan and Genoa: bootloader, tee, 4 reserved, snp, microcode; Turin and later: fmc,
 * bootloader, tee, snp, 3 reserved, microcode). The generation comes from the CPUID fields for
 * version 3 and later, and for version 2 from the chip id (zero in its last 56 bytes: Turin), as in
 * the crate; a version-2 report with a masked chip id cannot be encoded and is refused.
 *
 * <p>Nothing is verified here: a field the signer did not sign the same way simply makes the
 * signature check fail later.
 */
final class SevSerdeReport {
    static final int SIZE = 1184;
    private static final Set<String> KEYS = Set.of("version", "guest_svn", "policy", "family_id", "image_id", "vmpl",
            "sig_algo", "current_tcb", "plat_info", "key_info", "report_data", "measurement", "host_data",
            "id_key_digest", "author_key_digest", "report_id", "report_id_ma", "reported_tcb", "cpuid_fam_id",
            "cpuid_mod_id", "cpuid_step", "chip_id", "committed_tcb", "current", "committed", "launch_tcb",
            "launch_mit_vector", "current_mit_vector", "signature");

    private final Map<String, Object> m;
    private final byte[] out = new byte[SIZE];

    private SevSerdeReport(Map<String, Object> m) {
        this.m = m;
    }

    static byte[] encode(Object value) throws MalformedEvidenceException {
        if (!(value instanceof Map<?, ?>)) {
            throw new MalformedEvidenceException("$.attestation_report: expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) value;
        EnvelopeReaders.onlyKnown(m, KEYS, "$.attestation_report");
        return new SevSerdeReport(m).encode();
    }

    private byte[] encode() throws MalformedEvidenceException {
        long version = number("version", 0xFFFFFFFFL);
        byte[] chipId = bytes("chip_id", 64);
        boolean v2 = version == 2;
        boolean turin = v2 ? turinLikeChipId(chipId) : turinFromCpuid();
        LittleEndian.putU32(out, 0x00, version);
        LittleEndian.putU32(out, 0x04, number("guest_svn", 0xFFFFFFFFL));
        LittleEndian.putU64(out, 0x08, number("policy", -1));
        put(0x10, bytes("family_id", 16));
        put(0x20, bytes("image_id", 16));
        LittleEndian.putU32(out, 0x30, number("vmpl", 0xFFFFFFFFL));
        LittleEndian.putU32(out, 0x34, number("sig_algo", 0xFFFFFFFFL));
        tcb(0x38, "current_tcb", turin);
        LittleEndian.putU64(out, 0x40, number("plat_info", -1));
        LittleEndian.putU32(out, 0x48, number("key_info", 0xFFFFFFFFL));
        put(0x50, bytes("report_data", 64));
        put(0x90, bytes("measurement", 48));
        put(0xC0, bytes("host_data", 32));
        put(0xE0, bytes("id_key_digest", 48));
        put(0x110, bytes("author_key_digest", 48));
        put(0x140, bytes("report_id", 32));
        put(0x160, bytes("report_id_ma", 32));
        tcb(0x180, "reported_tcb", turin);
        if (!v2) {
            out[0x188] = (byte) optionalNumber("cpuid_fam_id", 0xFF);
            out[0x189] = (byte) optionalNumber("cpuid_mod_id", 0xFF);
            out[0x18A] = (byte) optionalNumber("cpuid_step", 0xFF);
        }
        put(0x1A0, chipId);
        tcb(0x1E0, "committed_tcb", turin);
        version(0x1E8, "current");
        version(0x1EC, "committed");
        tcb(0x1F0, "launch_tcb", turin);
        if (!v2 && version != 3 && version != 4) {
            LittleEndian.putU64(out, 0x1F8, optionalNumber("launch_mit_vector", -1));
            LittleEndian.putU64(out, 0x200, optionalNumber("current_mit_vector", -1));
        }
        Map<String, Object> sig = object("signature");
        EnvelopeReaders.onlyKnown(sig, Set.of("r", "s"), "$.attestation_report.signature");
        put(0x2A0, bytes(sig, "r", 72, "signature"));
        put(0x2A0 + 72, bytes(sig, "s", 72, "signature"));
        return out;
    }

    private boolean turinFromCpuid() throws MalformedEvidenceException {
        return turinFromCpuid(optionalNumber("cpuid_fam_id", 0xFF), optionalNumber("cpuid_mod_id", 0xFF));
    }

    /** Turin or later (true), Milan or Genoa (false), by CPUID family and model as the crate tells them apart. */
    static boolean turinFromCpuid(long family, long model) throws MalformedEvidenceException {
        if (family == 0x19 && (model <= 0x1F || model >= 0xA0 && model <= 0xAF)) {
            return false;
        }
        if (family == 0x1A && (model <= 0x11 || model >= 0x50 && model <= 0x57 || model >= 0x90 && model <= 0xAF
                || model >= 0xC0 && model <= 0xC7)) {
            return true;
        }
        throw new MalformedEvidenceException("$.attestation_report: CPUID family 0x" + Long.toHexString(family)
                + " model 0x" + Long.toHexString(model) + " is no known SEV-SNP processor");
    }

    static boolean turinLikeChipId(byte[] chipId) throws MalformedEvidenceException {
        boolean allZero = true;
        boolean tailZero = true;
        for (int i = 0; i < 64; i++) {
            allZero &= chipId[i] == 0;
            tailZero &= i < 8 || chipId[i] == 0;
        }
        if (allZero) {
            throw new MalformedEvidenceException("$.attestation_report: a version-2 report with a masked chip id "
                    + "names no processor generation, so its bytes cannot be rebuilt");
        }
        return tailZero;
    }

    private void tcb(int off, String key, boolean turin) throws MalformedEvidenceException {
        Map<String, Object> t = object(key);
        EnvelopeReaders.onlyKnown(t, Set.of("fmc", "bootloader", "tee", "snp", "microcode"), "$." + key);
        String p = key + ".";
        long fmc = optional(t, "fmc", p); // range-checked for every generation, as serde does
        if (turin) {
            out[off] = (byte) fmc;
            out[off + 1] = (byte) number(t, "bootloader", 0xFF, p);
            out[off + 2] = (byte) number(t, "tee", 0xFF, p);
            out[off + 3] = (byte) number(t, "snp", 0xFF, p);
        } else {
            out[off] = (byte) number(t, "bootloader", 0xFF, p);
            out[off + 1] = (byte) number(t, "tee", 0xFF, p);
            out[off + 6] = (byte) number(t, "snp", 0xFF, p);
        }
        out[off + 7] = (byte) number(t, "microcode", 0xFF, p);
    }

    private void version(int off, String key) throws MalformedEvidenceException {
        Map<String, Object> v = object(key);
        EnvelopeReaders.onlyKnown(v, Set.of("major", "minor", "build"), "$." + key);
        out[off] = (byte) number(v, "build", 0xFF, key + ".");
        out[off + 1] = (byte) number(v, "minor", 0xFF, key + ".");
        out[off + 2] = (byte) number(v, "major", 0xFF, key + ".");
    }

    private void put(int off, byte[] b) {
        System.arraycopy(b, 0, out, off, b.length);
    }

    private Map<String, Object> object(String key) throws MalformedEvidenceException {
        Object v = m.get(key);
        if (!(v instanceof Map<?, ?>)) {
            throw new MalformedEvidenceException("$.attestation_report." + key + ": expected an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> o = (Map<String, Object>) v;
        return o;
    }

    private long number(String key, long max) throws MalformedEvidenceException {
        return number(m, key, max, "");
    }

    private long optionalNumber(String key, long max) throws MalformedEvidenceException {
        Object v = m.get(key);
        return v == null || v == Json.NULL ? 0 : number(m, key, max, "");
    }

    private static long optional(Map<String, Object> t, String key, String path) throws MalformedEvidenceException {
        Object v = t.get(key);
        return v == null || v == Json.NULL ? 0 : number(t, key, 0xFF, path);
    }

    /** An unsigned integer up to {@code max}; {@code -1} stands for the whole u64 range. */
    private static long number(Map<String, Object> o, String key, long max, String path)
            throws MalformedEvidenceException {
        Object v = o.get(key);
        BigInteger limit = max == -1 ? BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE) : BigInteger.valueOf(max);
        if (!(v instanceof BigInteger b) || b.signum() < 0 || b.compareTo(limit) > 0) {
            throw new MalformedEvidenceException("$.attestation_report." + path + key
                    + ": expected an integer in [0, " + limit + "]");
        }
        return b.longValue();
    }

    private byte[] bytes(String key, int length) throws MalformedEvidenceException {
        return bytes(m, key, length, "");
    }

    /** A serde byte array: exactly {@code length} integers 0..255. */
    static byte[] bytes(Map<String, Object> o, String key, int length, String path) throws MalformedEvidenceException {
        Object v = o.get(key);
        String where = "$.attestation_report." + (path.isEmpty() ? "" : path + ".") + key;
        if (!(v instanceof List<?> list) || length >= 0 && list.size() != length) {
            throw new MalformedEvidenceException(where + ": expected an array of " + length + " bytes");
        }
        byte[] b = new byte[list.size()];
        for (int i = 0; i < b.length; i++) {
            if (!(list.get(i) instanceof BigInteger x) || x.signum() < 0 || x.bitLength() > 8) {
                throw new MalformedEvidenceException(where + "[" + i + "]: expected a byte (0..255)");
            }
            b[i] = x.byteValue();
        }
        return b;
    }
}
