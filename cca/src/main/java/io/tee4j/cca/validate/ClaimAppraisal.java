package io.tee4j.cca.validate;

import java.util.Objects;

/**
 * The outcome of comparing one claim with the reference values.
 *
 * @since 0.1
 */
public final class ClaimAppraisal {

    /** How a claim compared. */
    public enum Outcome {
        /** A reference value exists and the claim equals it. */
        MATCHED,
        /** A reference value exists and the claim differs from it. */
        MISMATCHED,
        /** No reference value covers this claim. */
        NO_REFERENCE
    }

    private final String claim;
    private final Outcome outcome;
    private final String detail;

    ClaimAppraisal(String claim, Outcome outcome, String detail) {
        this.claim = Objects.requireNonNull(claim);
        this.outcome = Objects.requireNonNull(outcome);
        this.detail = Objects.requireNonNull(detail);
    }

    /** The claim's name, e.g. {@code platform.softwareComponents[2]} or {@code realm.rem1}. */
    public String claim() {
        return claim;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** One line saying what was compared. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return claim + ": " + outcome + " (" + detail + ")";
    }
}
