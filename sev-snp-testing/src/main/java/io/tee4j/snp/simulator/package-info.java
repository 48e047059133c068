/**
 * SEV-SNP simulator, for tests and demos only: {@link io.tee4j.snp.simulator.SimulatedAmdChain}
 * (fake ARK, ASK, ASVK, VCEK, VLEK with AMD's shape and extensions, CRLs),
 * {@link io.tee4j.snp.simulator.SimulatedSnpSigner} (signed v2/v3/v5 reports),
 * {@link io.tee4j.snp.simulator.SimulatedSnpFirmware} (reports and derived keys under the
 * firmware's rules), {@link io.tee4j.snp.simulator.SimulatedSevGuestDevice} (the ioctls at the
 * byte level, with error injection), {@link io.tee4j.snp.simulator.SimulatedTsmTree}
 * (configfs-tsm) and {@link io.tee4j.snp.simulator.SimulatedKds} (KDS on loopback HTTP).
 *
 * <p>Nothing here is ever used automatically: a verifier trusts a simulated chain only when its
 * {@link io.tee4j.snp.simulator.SimulatedAmdChain#roots()} are passed explicitly, and results then
 * say so. Uses Bouncy Castle's PKIX classes with a private provider instance (never registered).
 *
 * @since 0.1
 */
package io.tee4j.snp.simulator;
