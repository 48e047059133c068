/**
 * Support code shared by tee4j's own modules: a bounded byte reader that fails with
 * {@link io.tee4j.core.MalformedEvidenceException}, fixed-offset little-endian codecs, a bounded
 * concurrent cache, an exact-bytes map key and the collateral-file loader with its caps.
 *
 * <p><b>Not API.</b> These types are public only so that the backends (sev-snp, tdx, cca,
 * nvidia-gpu, sealing, cli) can share one copy instead of each keeping its own; they carry no
 * compatibility promise and may change or disappear in any release. The package is deliberately
 * not named {@code internal}, because tee4j's build treats any use of another module's
 * {@code internal} package as a boundary violation.
 */
package io.tee4j.core.util;
