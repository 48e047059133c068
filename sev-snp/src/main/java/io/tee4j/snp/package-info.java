/**
 * AMD SEV-SNP: parse, verify and appraise attestation reports; produce them on a guest; derive
 * sealing keys.
 *
 * <ul>
 *   <li>Parse: {@link io.tee4j.snp.abi.AttestationReport} (versions 2 to 5, product-aware TCB layout,
 *       must-be-zero checks), {@link io.tee4j.snp.abi.AzureHclReport}, {@link io.tee4j.snp.abi.CertificateTable},
 *       {@link io.tee4j.snp.abi.AmdKdsExtensions}.
 *   <li>Verify: {@link io.tee4j.snp.verify.SnpVerifier} against {@link io.tee4j.snp.verify.SnpTrustAnchors} (AMD's real
 *       Milan, Genoa and Turin roots bundled; others only explicitly), with revocation required by
 *       default; collateral from {@link io.tee4j.snp.collateral.KdsClient} ({@link io.tee4j.snp.collateral.KdsUrls}).
 *   <li>Appraise: {@link io.tee4j.snp.validate.SnpPolicy} (go-sev-guest {@code validate.Options} parity;
 *       debug rejected by default), results in {@link io.tee4j.snp.verify.SnpAttestationResult}.
 *   <li>Attest: {@link io.tee4j.snp.client.SnpAttester} (configfs-tsm or {@code /dev/sev-guest} through
 *       {@link io.tee4j.snp.client.SevGuestDevice}), found by {@link io.tee4j.snp.client.SnpAttesterProvider}.
 *   <li>Keys: {@link io.tee4j.snp.client.DerivedKeyRequest}, {@link io.tee4j.snp.client.SnpSealingKeySource}.
 *   <li>The {@code tee4j} command: {@link io.tee4j.snp.internal.SnpBackend}.
 * </ul>
 *
 * <p>Test doubles for all of it (fake AMD chain, signer, firmware, device, configfs tree and KDS)
 * are in {@code io.tee4j.snp.simulator}, in the separate artifact {@code tee4j-sev-snp-testing};
 * their roots are never trusted unless passed explicitly.
 *
 * @since 0.1
 */
package io.tee4j.snp;
