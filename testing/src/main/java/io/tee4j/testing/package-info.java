/**
 * The simulated PKI shared by the tee4j simulators ({@code tee4j-sev-snp-testing},
 * {@code tee4j-tdx-testing}, {@code tee4j-cca-testing}, {@code tee4j-nvidia-gpu-testing}):
 * {@link io.tee4j.testing.SimulatedKeys} (key pairs), {@link io.tee4j.testing.SimulatedCertificate}
 * (X.509 v3 certificates with the extensions the vendors' chains carry),
 * {@link io.tee4j.testing.SimulatedCrl} (X.509 v2 CRLs) and {@link io.tee4j.testing.LittleEndian}
 * (byte layouts of simulated reports).
 *
 * <p>For tests and demos only. Everything issued here is signed by keys a simulator made up, so
 * nothing here is trusted unless a caller passes its roots explicitly. Bouncy Castle's PKIX
 * classes are used with a private provider instance that is never registered; this module is the
 * only tee4j artifact that needs bcpkix to issue certificates, which keeps it off the
 * production artifacts' class path.
 *
 * @since 0.1
 */
package io.tee4j.testing;
