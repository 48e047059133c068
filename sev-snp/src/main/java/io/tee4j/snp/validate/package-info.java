/**
 * Appraisal of authentic SEV-SNP reports: {@link io.tee4j.snp.validate.SnpPolicy}, its builder,
 * its JSON reader and its rule groups. Each failed rule is a {@link io.tee4j.core.PolicyViolation}
 * named by the policy JSON key.
 *
 * @since 0.1
 */
package io.tee4j.snp.validate;
