package io.tee4j.snp.abi;

import java.util.Locale;
import java.util.Optional;

/**
 * The AMD EPYC product lines that sign SNP reports, each with its own AMD root (ARK), its own KDS
 * path and its TCB layout. Siena and Bergamo (Zen 4c) belong to the {@link #GENOA} line: AMD's KDS
 * serves them under {@code Genoa}.
 *
 * @since 0.1
 */
public enum ProductLine {
    /** EPYC 7003 (Zen 3), CPUID family 0x19 models 0x00..0x0F. */
    MILAN("Milan", TcbLayout.MILAN_GENOA),
    /** EPYC 9004/8004 (Zen 4, Zen 4c), CPUID family 0x19 models 0x10..0x1F and 0xA0..0xAF. */
    GENOA("Genoa", TcbLayout.MILAN_GENOA),
    /** EPYC 9005 (Zen 5, Zen 5c), CPUID family 0x1A models 0x00..0x1F. */
    TURIN("Turin", TcbLayout.TURIN);

    private final String kdsName;
    private final TcbLayout tcbLayout;

    ProductLine(String kdsName, TcbLayout tcbLayout) {
        this.kdsName = kdsName;
        this.tcbLayout = tcbLayout;
    }

    /** The name in AMD's KDS URLs and certificate names, e.g. {@code "Genoa"}. */
    public String kdsName() {
        return kdsName;
    }

    /** The layout of this product's {@code TCB_VERSION} values. */
    public TcbLayout tcbLayout() {
        return tcbLayout;
    }

    /**
     * The product line of a CPUID family and model as a v3+ report records them (extended family
     * plus base family; extended model shifted left four bits, or-ed with the base model).
     */
    public static Optional<ProductLine> fromCpuid(int family, int model) {
        if (family == 0x19) {
            if (model <= 0x0F) {
                return Optional.of(MILAN);
            }
            if (model <= 0x1F || (model >= 0xA0 && model <= 0xAF)) {
                return Optional.of(GENOA);
            }
        } else if (family == 0x1A && model <= 0x1F) {
            return Optional.of(TURIN);
        }
        return Optional.empty();
    }

    /**
     * The product line named by a VCEK/VLEK product-name extension ({@code "Milan-B0"},
     * {@code "Genoa"}, {@code "Turin"}, ...) or a user's hint (case-insensitive; a stepping suffix
     * after '-' is ignored; "Siena" and "Bergamo" map to Genoa).
     */
    public static Optional<ProductLine> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        int dash = n.indexOf('-');
        if (dash >= 0) {
            n = n.substring(0, dash);
        }
        switch (n) {
            case "milan":
                return Optional.of(MILAN);
            case "genoa":
            case "siena":
            case "bergamo":
                return Optional.of(GENOA);
            case "turin":
                return Optional.of(TURIN);
            default:
                return Optional.empty();
        }
    }
}
