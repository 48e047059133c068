/**
 * AMD SEV-SNP measured identity: the launch digest a guest's attestation report must carry for a
 * given firmware, kernel, command line, vCPU model and count, VMM and guest features
 * ({@link io.tee4j.measure.snp.SnpLaunchDigest}), the legacy SEV and SEV-ES digests
 * ({@link io.tee4j.measure.snp.LegacySevDigest}), COCONUT-SVSM launches
 * ({@link io.tee4j.measure.snp.SvsmLaunchDigest}), and the ID block with its signatures and key
 * digests ({@link io.tee4j.measure.snp.SignedIdBlock}). The pieces follow the AMD SEV-SNP
 * firmware ABI as virtee/sev-snp-measure and virtee/sev implement it.
 */
package io.tee4j.measure.snp;
