/**
 * TDX quote verification ({@link io.tee4j.tdx.verify.TdxVerifier}) as a pipeline of named steps:
 * platform (PCK chain, QE report signature and binding), quote signature, collateral selection and
 * verification (signatures, validity windows, CRLs, FMSPC/PCE-ID, QE identity), TCB evaluation, and
 * the policy last. Also the trust anchors and the attestation result.
 */
package io.tee4j.tdx.verify;
