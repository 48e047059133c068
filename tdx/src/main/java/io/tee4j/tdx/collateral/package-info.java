/**
 * Intel collateral for TDX: the PCS/PCCS client ({@link io.tee4j.tdx.collateral.IntelPcs}), TCB info,
 * QE identity, CRLs, collateral bundles and files, and the QVL's TCB-level matching
 * ({@link io.tee4j.tdx.collateral.TcbEvaluator}). Documents are parsed here, not verified: their
 * signatures and validity windows are checked by {@code io.tee4j.tdx.verify}.
 */
package io.tee4j.tdx.collateral;
