package io.tee4j.snp.abi;

/**
 * How the eight bytes of an SNP {@code TCB_VERSION} are laid out. AMD changed the layout with Turin
 * (Zen 5): the same 64-bit value means different security patch levels on different products, so
 * a TCB is always decoded in the layout of the product that produced it.
 *
 * <ul>
 *   <li>{@link #MILAN_GENOA}: byte 0 boot loader, 1 TEE, 2..5 reserved (SPL 4..7 in the VCEK), 6 SNP,
 *       7 microcode.
 *   <li>{@link #TURIN}: byte 0 FMC, 1 boot loader, 2 TEE, 3 SNP, 4..6 reserved, 7 microcode.
 * </ul>
 *
 * @since 0.1
 */
public enum TcbLayout {
    /** Milan and Genoa (Zen 3, Zen 4, including Siena and Bergamo). */
    MILAN_GENOA,
    /** Turin (Zen 5) and later: adds the FMC security patch level. */
    TURIN
}
