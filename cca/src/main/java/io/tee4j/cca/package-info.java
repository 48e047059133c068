/**
 * Arm Confidential Compute Architecture (CCA) realm attestation: decoding, verification and
 * appraisal of CCA attestation tokens, and the configfs-tsm attester.
 *
 * <ul>
 *   <li>{@link io.tee4j.cca.abi.CcaToken}: strict decoder of both top-level formats (tag 399 and the tag
 *       907 CMW collection), COSE_Sign1 with the exact protected-header bytes, typed platform and
 *       realm claims of the RMM 1.0, 2023 and 2024 profiles.
 *   <li>{@link io.tee4j.cca.verify.CcaVerifier}: platform signature with a CPAK from
 *       {@link io.tee4j.cca.verify.CcaTrustAnchors} (found by implementation and instance id), realm
 *       signature with the RAK, the RAK binding, the challenge, reference values
 *       ({@link io.tee4j.cca.validate.CcaReferenceValues}) and {@link io.tee4j.cca.validate.CcaPolicy}.
 *   <li>{@link io.tee4j.cca.client.CcaAttester}: tokens from {@code /sys/kernel/config/tsm/report}.
 *   <li>{@code io.tee4j.cca.simulator}: software CPAK and RAK for tests.
 * </ul>
 *
 * <p>Security guarantees: a {@link io.tee4j.cca.verify.CcaAttestationResult} exists only when both
 * signatures verified, the platform challenge equals the hash of the RAK as carried, the realm
 * challenge equals the expected one (when given), no claim differs from its reference value (a
 * platform with reference entries equals one of them as a whole, never piecemeal) and the policy
 * held. Not provided: any bundled CPAK (none is public; callers supply them), CPAK
 * revocation (CCA has none), interpretation of the implementation-defined platform config.
 *
 * @since 0.1
 */
package io.tee4j.cca;
