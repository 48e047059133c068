package io.tee4j.snp.verify;

import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbVersion;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a report says about the certificate that signed it, as go-sev-guest addresses a VCEK at
 * KDS: the signing-key kind, the chip (CHIP_ID, which a VCEK's HWID must equal; Turin: the first
 * 8 bytes, the rest zero) and REPORTED_TCB (which the certificate's TCB must equal). A certificate
 * that differs in any of these cannot have signed the report, so {@link SnpVerifier} never tries
 * it: among many supplied certificates only the matching ones are candidates, whatever their
 * order, and when none matches the signing certificate is missing collateral rather than a failed
 * signature.
 *
 * <p>An all-zero CHIP_ID (MASK_CHIP_ID, or a VLEK-signed report) selects by kind and TCB only;
 * a VLEK carries no HWID.
 */
final class SignerSelector {
    private final SigningKey kind;
    /** The CHIP_ID to match a VCEK's HWID against; null when the report does not name its chip. */
    private final byte[] chipId;
    private final long reportedTcb;

    private SignerSelector(SigningKey kind, byte[] chipId, long reportedTcb) {
        this.kind = kind;
        this.chipId = chipId;
        this.reportedTcb = reportedTcb;
    }

    /** The selector of a raw 1184-byte report signed by {@code kind}. */
    static SignerSelector of(byte[] rawReport, SigningKey kind) {
        byte[] chip = ByteArrays.slice(rawReport, 0x1A0, 64);
        boolean named = kind == SigningKey.VCEK && !ByteArrays.allZero(chip, 0, 64);
        return new SignerSelector(kind, named ? chip : null, LittleEndian.u64(rawReport, 0x180));
    }

    SigningKey kind() {
        return kind;
    }

    /**
     * Whether a certificate of {@code certKind} with this HWID (empty for a VLEK) and TCB (in its
     * product's layout) is the one the report names.
     */
    boolean matches(SigningKey certKind, byte[] hwid, TcbVersion certTcb) {
        return certKind == kind && certTcb.raw() == reportedTcb && (chipId == null || hwidIsChip(hwid, chipId));
    }

    /** Whether a VCEK's HWID (64 bytes; Turin: 8) names this CHIP_ID. */
    static boolean hwidIsChip(byte[] hwid, byte[] chipId) {
        if (hwid.length == 64) {
            return MessageDigest.isEqual(hwid, chipId);
        }
        return hwid.length == 8 && MessageDigest.isEqual(hwid, Arrays.copyOf(chipId, 8)) && ByteArrays.allZero(chipId, 8, 64);
    }

    /** For messages: "the VCEK of chip 3ac3… at REPORTED_TCB 0x…". */
    String describe() {
        String chip = chipId == null ? "" : " of chip " + shortHex(chipId);
        return "the " + kind + chip + " at REPORTED_TCB " + String.format("0x%016x", reportedTcb);
    }

    private static String shortHex(byte[] chip) {
        int n = ByteArrays.allZero(chip, 8, 64) ? 8 : 64;
        return HexFormat.of().formatHex(chip, 0, n);
    }
}
