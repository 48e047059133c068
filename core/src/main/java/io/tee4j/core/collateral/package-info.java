/**
 * Collateral: the certificates, CRLs, OCSP responses, TCB information and reference documents
 * that verifiers fetch from vendor services.
 *
 * <ul>
 *   <li>{@link io.tee4j.core.collateral.CollateralSource} is the SPI verifiers code against;
 *       {@link io.tee4j.core.collateral.CollateralRequest} says what to fetch and how it may be
 *       cached.</li>
 *   <li>{@link io.tee4j.core.collateral.HttpCollateralSource} fetches over HTTPS, bounded in time,
 *       size and attempts.</li>
 *   <li>{@link io.tee4j.core.collateral.CachingCollateralSource} caches in memory and in a
 *       {@link io.tee4j.core.collateral.CollateralDirectory} (preloadable, usable offline), never
 *       serving expiring collateral past its {@code nextUpdate}.</li>
 *   <li>{@link io.tee4j.core.collateral.CollateralSources} builds the usual online and offline
 *       combinations.</li>
 * </ul>
 *
 * Nothing in this package authenticates collateral: verifiers check signatures and validity of
 * everything they are given, so a wrong or poisoned document can only cause a rejection.
 */
package io.tee4j.core.collateral;
