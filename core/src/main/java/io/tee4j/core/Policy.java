package io.tee4j.core;

/**
 * What a relying party requires of authentic evidence. Each backend has its own immutable
 * implementation with a builder; all of them share these secure defaults:
 *
 * <ul>
 *   <li>debug TEEs are rejected unless allowed by name;
 *   <li>an unknown or unsupported TCB status is rejected;
 *   <li>every stricter check (exact measurement, minimum versions, ...) is off until asked for.
 * </ul>
 *
 * <p>A policy is evaluated only after the evidence's signatures, chain, collateral and revocation
 * have been verified; {@link PolicyViolationException} lists every failed check.
 *
 * @since 0.1
 */
public interface Policy {

    /** The TEE this policy is written for. */
    TeeType type();
}
