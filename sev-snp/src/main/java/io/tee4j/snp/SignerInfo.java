package io.tee4j.snp;

/**
 * The signer information word of a report (offset 0x48): whether an author key signed the ID
 * block, whether the chip id was masked, and which key signed the report.
 *
 * @param authorKeyEnabled AUTHOR_KEY_EN: the ID block was signed by an author key whose digest is in the report
 * @param maskChipKey MASK_CHIP_KEY: the guest asked for the chip id to be zeroed
 * @param signingKey SIGNING_KEY
 * @param raw the 32-bit word as read
 * @since 0.1
 */
public record SignerInfo(boolean authorKeyEnabled, boolean maskChipKey, SigningKey signingKey, long raw) {
}
