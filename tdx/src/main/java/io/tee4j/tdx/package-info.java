/**
 * Intel TDX for tee4j: quote v4/v5 and TDREPORT parsing ({@link io.tee4j.tdx.abi.TdxQuote},
 * {@link io.tee4j.tdx.abi.TdReport}), DCAP verification against Intel's collateral with the Quote
 * Verification Library's TCB-status semantics ({@link io.tee4j.tdx.verify.TdxVerifier},
 * {@link io.tee4j.tdx.collateral.TdxCollateral}, {@link io.tee4j.tdx.abi.TcbEvaluation}), appraisal
 * ({@link io.tee4j.tdx.validate.TdxPolicy}), collateral from Intel PCS or a PCCS
 * ({@link io.tee4j.tdx.collateral.IntelPcs}), the CC event log and RTMR replay
 * ({@link io.tee4j.tdx.abi.CcEventLog}), and evidence production inside a TD
 * ({@link io.tee4j.tdx.client.TdxAttester}).
 *
 * <p>Defaults are secure: the bundled Intel SGX Root CA only, revocation required, collateral
 * outside its validity window refused, only {@code UpToDate} accepted, debug TDs rejected.
 */
package io.tee4j.tdx;
