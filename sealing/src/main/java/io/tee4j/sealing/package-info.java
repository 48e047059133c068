/**
 * Sealing: data encrypted inside a TEE so that only the same workload, by the bindings the caller
 * chooses, can decrypt it.
 *
 * <p>The parts: a {@link io.tee4j.core.keys.SealingKeySource} gives a root key (SEV-SNP's derived
 * key from the {@code tee4j-sev-snp} module; a {@link io.tee4j.sealing.ReleasedKeySource} handed
 * over by a key broker after attestation, the way to seal on Intel TDX and Arm CCA; a
 * {@link io.tee4j.sealing.SimulatedKeySource} for tests); a {@link io.tee4j.sealing.SealingPolicy}
 * names what the key is bound to; a {@link io.tee4j.sealing.Sealer} seals blobs and streams in the
 * format of {@code sealing/FORMAT.md}; {@link io.tee4j.sealing.SealedFiles} writes sealed files,
 * and unseals to files, crash-safely through {@link io.tee4j.sealing.CrashSafeFiles} (which
 * refuses targets that are not regular files). The guest SVN and TCB version are bound by default
 * wherever the source can bind them.
 *
 * <pre>{@code
 * // On TDX or CCA: the start-up code fetched a key from the broker into a tmpfs file.
 * SealingKeySource source = ReleasedKeySource.fromFile(Path.of("/run/secrets/sealing-kek"));
 * Sealer sealer = Sealer.builder().keySource(source).build();
 *
 * // On SEV-SNP with the VCEK-derived (chip-wide) key: the policy must bind the measurement
 * // (the TCB version and guest SVN are bound by default). close() destroys the kept root key.
 * try (Sealer snp = Sealer.builder().keySource(snpSource)
 *         .policy(SealingPolicy.forSource(snpSource).bind(KeyBinding.MEASUREMENT).build())
 *         .build()) {
 *     SealedFiles.write(snp, Path.of("/var/lib/app/snp.sealed"), stateBytes, aad);
 * }
 *
 * byte[] sealed = sealer.seal(secret, "db-credentials".getBytes(UTF_8));
 * byte[] back = sealer.unseal(sealed, "db-credentials".getBytes(UTF_8));
 * SealedFiles.write(sealer, Path.of("/var/lib/app/state.sealed"), stateBytes, aad);
 * if (SealedFiles.needsReseal(sealer, file)) {   // sealed before a firmware update
 *     SealedFiles.reseal(sealer, file, aad);
 * }
 * }</pre>
 *
 * <p>Every failure is a checked {@link io.tee4j.sealing.SealingException}; see {@link
 * io.tee4j.sealing.Sealer} for what is and is not guaranteed (notably: no protection against an
 * older sealed blob or file replayed whole).
 *
 * @since 0.1
 */
package io.tee4j.sealing;
