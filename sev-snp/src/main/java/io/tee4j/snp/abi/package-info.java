/**
 * Byte layouts and value types of AMD SEV-SNP: the attestation report (versions 2 to 5) and its
 * fields (guest policy, platform info, signer info, TCB versions per product line), the Azure HCL
 * wrapper, the extended-report certificate table and AMD's KDS certificate extensions. Parsing
 * checks sizes and must-be-zero fields; nothing here checks a signature.
 *
 * @since 0.1
 */
package io.tee4j.snp.abi;
