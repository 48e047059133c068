/**
 * The {@code TeeBackend}s of this module ({@code azure-snp-vtpm}, {@code azure-tdx-vtpm},
 * {@code gcp-vtpm}), registered through {@link java.util.ServiceLoader}; they reach the SEV-SNP and
 * TDX backends through the same SPI. Not API.
 */
package io.tee4j.vtpm.internal;
