/**
 * Measured identity: the launch measurements a confidential VM <em>should</em> report, computed
 * from the artifacts it was built from, so that a verifier derives its reference values instead of
 * pinning opaque hashes by hand.
 *
 * <ul>
 *   <li>{@link io.tee4j.measure.snp}: AMD SEV-SNP launch digest (and the SEV / SEV-ES digests),
 *       SNP ID block and ID authentication structure, the key digests a verifier pins;
 *   <li>{@link io.tee4j.measure.tdx}: Intel TDX MRTD from a TDVF image, the RTMR events that are
 *       derivable from build inputs, and CC event-log replay;
 *   <li>{@link io.tee4j.measure.cca}: Arm CCA realm initial measurement (RIM);
 *   <li>{@link io.tee4j.measure.ovmf}: the OVMF footer GUID table both firmware formats hang off.
 * </ul>
 *
 * <p>Nothing here verifies evidence: the values computed are the inputs of the SEV-SNP, TDX and CCA
 * policies. Malformed firmware or logs fail with {@link io.tee4j.core.MalformedEvidenceException};
 * inputs that do not fit together (a kernel for a firmware without a kernel-hashes page, say) with
 * {@link io.tee4j.measure.MeasurementInputException}.
 */
package io.tee4j.measure;
