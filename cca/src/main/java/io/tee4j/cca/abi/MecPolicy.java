package io.tee4j.cca.abi;

/**
 * The realm's memory-encryption-context policy (realm claim 44243, 2024 profile). The RMM
 * specification encodes it as an integer (0 shared, 1 private); veraison/rust-ccatoken as the text
 * {@code "shared"} or {@code "private"}; both are accepted.
 *
 * @since 0.1
 */
public enum MecPolicy {
    /** The realm shares its MEC with others (also reported on platforms without FEAT_MEC). */
    SHARED,
    /** The realm has a private MEC. */
    PRIVATE
}
