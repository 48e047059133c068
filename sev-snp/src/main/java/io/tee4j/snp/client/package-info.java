/**
 * The guest side of SEV-SNP: the {@code /dev/sev-guest} and configfs-tsm devices, the attester and
 * its provider, derived-key requests and the sealing-key source built on them.
 *
 * @since 0.1
 */
package io.tee4j.snp.client;
