package io.tee4j.tpm.verify;

import io.tee4j.core.PolicyViolation;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The freshness check of a verified quote: its extraData must equal the verifier's nonce exactly
 * (same length, as go-tpm-tools and trustee's Azure verifiers compare), or, for evidence whose
 * attester zero-fills the nonce (trustee's generic TPM evidence), the nonce followed by zeros up to
 * the extraData's length. A mismatch is a policy violation with rule id {@code nonce}.
 *
 * @since 0.1
 */
public final class QuoteNonce {
    /** The rule id of a nonce mismatch. */
    public static final String RULE = "nonce";

    private QuoteNonce() {
    }

    /** An exact comparison; the violation if the quote carries another value. */
    public static Optional<PolicyViolation> exact(VerifiedQuote quote, byte[] expected) {
        return compare(quote.attest().extraData(), Objects.requireNonNull(expected, "expected").clone());
    }

    /** The nonce zero-padded to the extraData's length (never truncated). */
    public static Optional<PolicyViolation> zeroPadded(VerifiedQuote quote, byte[] expected) {
        byte[] extra = quote.attest().extraData();
        byte[] padded = expected.length < extra.length ? Arrays.copyOf(expected, extra.length) : expected.clone();
        return compare(extra, padded);
    }

    private static Optional<PolicyViolation> compare(byte[] actual, byte[] expected) {
        if (MessageDigest.isEqual(actual, expected)) {
            return Optional.empty();
        }
        HexFormat hex = HexFormat.of();
        return Optional.of(new PolicyViolation(RULE, "the TPM quote's extraData " + hex.formatHex(actual)
                + " is not the expected nonce " + hex.formatHex(expected)));
    }
}
