package io.tee4j.snp.abi;


/**
 * The signer information word of a report (offset 0x48): whether an author key signed the ID
 * block, whether the chip key was masked, and which key signed the report.
 *
 * <p>The two masks of AMD's platform configuration ({@code SNP_CONFIG}) are distinct: MASK_CHIP_ID
 * makes the firmware write an all-zero CHIP_ID (seen as {@link AttestationReport#chipIdMasked()};
 * it has no bit here), while MASK_CHIP_KEY, reported in bit 1 of this word, means the firmware does
 * not use the VCEK at all, neither to sign reports nor to derive keys. A VCEK-signed report with
 * MASK_CHIP_KEY set therefore cannot come from firmware, and {@code SnpVerifier} refuses it.
 *
 * @param authorKeyEnabled AUTHOR_KEY_EN: the ID block was signed by an author key whose digest is in the report
 * @param maskChipKey MASK_CHIP_KEY: the platform was configured not to use the VCEK (not the
 *     chip-id mask, which only zeroes CHIP_ID)
 * @param signingKey SIGNING_KEY
 * @param raw the 32-bit word as read
 * @since 0.1
 */
public record SignerInfo(boolean authorKeyEnabled, boolean maskChipKey, SigningKey signingKey, long raw) {
}
