package io.tee4j.envelope;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The envelope's nonce must equal the verified evidence's REPORT_DATA, all of it: ratsd's
 * {@code eat_nonce} is the configfs-tsm inblob, 64 bytes for SEV-SNP and TDX, so a nonce that
 * differs in any byte, or is shorter, is a policy violation with rule id {@link #name()} (exit 5).
 *
 * @since 0.1
 */
public final class ReportDataBinding implements EnvelopeBinding {
    private final String name;
    private final byte[] expected;

    ReportDataBinding(String name, byte[] expected) {
        this.name = Objects.requireNonNull(name, "name");
        this.expected = expected.clone();
    }

    @Override
    public String name() {
        return name;
    }

    /** A copy of the nonce REPORT_DATA must equal. */
    public byte[] expected() {
        return expected.clone();
    }

    @Override
    public String description() {
        return "REPORT_DATA equals " + name + " (" + expected.length + " bytes)";
    }

    @Override
    public void check(AttestationResult verified) throws PolicyViolationException {
        byte[] actual = verified.commonClaims().reportData();
        if (!MessageDigest.isEqual(actual, expected)) {
            throw new PolicyViolationException(List.of(new PolicyViolation(name, "REPORT_DATA "
                    + HexFormat.of().formatHex(actual) + " does not equal the envelope's " + name + " "
                    + HexFormat.of().formatHex(expected))));
        }
    }
}
