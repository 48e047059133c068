/**
 * Azure confidential VMs with a vTPM: the HCL blob is read by {@link io.tee4j.snp.abi.AzureHclReport}
 * (the one parser, shared with the SEV-SNP backend),
 * {@link io.tee4j.vtpm.azure.RuntimeData} (its JSON: AK, VM configuration, user data),
 * {@link io.tee4j.vtpm.azure.AzureVtpmEvidence} (trustee's evidence JSON v0/v1/v2) and
 * {@link io.tee4j.vtpm.azure.AzureVtpmVerifier} (HCL binding, AK, TPM quote, the inner SEV-SNP
 * report or TD quote, policy).
 */
package io.tee4j.vtpm.azure;
