/**
 * TDX quote verification ({@link io.tee4j.tdx.verify.TdxVerifier}) as a pipeline of named steps:
 * platform (PCK chain, QE report signature and binding), quote signature, collateral selection and
 * verification (signatures, validity windows, CRLs, FMSPC/PCE-ID, QE identity), TCB evaluation, and
 * the policy last. Also the trust anchors and the attestation result.
 *
 * <p>The module as a whole: quote v4/v5 and TDREPORT parsing ({@link io.tee4j.tdx.abi}), DCAP
 * collateral from Intel PCS or a PCCS with the Quote Verification Library's TCB-status semantics
 * ({@link io.tee4j.tdx.collateral}), appraisal ({@link io.tee4j.tdx.validate}), and evidence
 * production inside a TD ({@link io.tee4j.tdx.client}). Defaults are secure: the bundled Intel SGX
 * Root CA only, revocation required, collateral outside its validity window refused, only
 * {@code UpToDate} accepted, debug TDs rejected.
 */
package io.tee4j.tdx.verify;
