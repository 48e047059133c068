package io.tee4j.snp.abi;
import java.util.ArrayList;
import java.util.List;

/**
 * The security patch levels (SPLs) of an SNP TCB, independent of how a product packs them into
 * eight bytes. {@code fmc} exists only on Turin and later; it is 0 for Milan and Genoa.
 *
 * @param fmc the FMC (first mutable code) SPL, Turin and later
 * @param bootloader the PSP boot loader SPL
 * @param tee the PSP OS (TEE) SPL
 * @param snp the SNP firmware SPL
 * @param microcode the CPU microcode SPL
 * @since 0.1
 */
public record TcbComponents(int fmc, int bootloader, int tee, int snp, int microcode) {

    public TcbComponents {
        check("fmc", fmc);
        check("bootloader", bootloader);
        check("tee", tee);
        check("snp", snp);
        check("microcode", microcode);
    }

    private static void check(String name, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException(name + " SPL must be in [0, 255], got " + v);
        }
    }

    /** Whether every component is at least the corresponding component of {@code minimum}. */
    public boolean atLeast(TcbComponents minimum) {
        return fmc >= minimum.fmc && bootloader >= minimum.bootloader && tee >= minimum.tee && snp >= minimum.snp
                && microcode >= minimum.microcode;
    }

    /** The names of the components below {@code minimum}'s, with both values ({@code "snp 5 < 8"}). */
    public List<String> shortfalls(TcbComponents minimum) {
        List<String> out = new ArrayList<>();
        cmp(out, "fmc", fmc, minimum.fmc);
        cmp(out, "bootloader", bootloader, minimum.bootloader);
        cmp(out, "tee", tee, minimum.tee);
        cmp(out, "snp", snp, minimum.snp);
        cmp(out, "microcode", microcode, minimum.microcode);
        return out;
    }

    private static void cmp(List<String> out, String name, int have, int min) {
        if (have < min) {
            out.add(name + " " + have + " < " + min);
        }
    }

    @Override
    public String toString() {
        return "fmc=" + fmc + " bl=" + bootloader + " tee=" + tee + " snp=" + snp + " ucode=" + microcode;
    }
}
