package io.tee4j.measure.snp;

import io.tee4j.measure.MeasurementInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vCPU signatures: the CPUID Fn0000_0001_EAX value the VMM reports, which QEMU writes into each
 * VMSA's RDX. {@link #signature(int, int, int)} encodes family, model and stepping as AMD's CPUID
 * specification (pub. 25481) does; {@link #byName(String)} knows QEMU's built-in EPYC models.
 *
 * @since 0.1
 */
public final class VcpuTypes {
    private static final Map<String, Long> QEMU_MODELS = models();

    private VcpuTypes() {
    }

    /** The signature: extended family (family − 15 above 15), model high/low nibbles, base family, stepping. */
    public static long signature(int family, int model, int stepping) {
        if (family < 0 || family > 0xFF + 0xF || model < 0 || model > 0xFF || stepping < 0 || stepping > 0xF) {
            throw new IllegalArgumentException("family " + family + ", model " + model + ", stepping " + stepping
                    + " out of range");
        }
        int familyLow = Math.min(family, 0xF);
        int familyHigh = family > 0xF ? family - 0xF : 0;
        return (long) familyHigh << 20 | (long) (model >> 4 & 0xF) << 16 | (long) familyLow << 8
                | (long) (model & 0xF) << 4 | stepping;
    }

    /** The signature of a QEMU CPU model (e.g. {@code EPYC-Milan}); exact names only. */
    public static long byName(String name) throws MeasurementInputException {
        Long sig = QEMU_MODELS.get(name);
        if (sig == null) {
            throw new MeasurementInputException("unknown vCPU type " + name + "; known: "
                    + String.join(", ", QEMU_MODELS.keySet()));
        }
        return sig;
    }

    /** Every known QEMU model name and its signature, in QEMU's order. */
    public static Map<String, Long> names() {
        return QEMU_MODELS;
    }

    private static Map<String, Long> models() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String n : new String[] {"EPYC", "EPYC-v1", "EPYC-v2", "EPYC-IBPB", "EPYC-v3", "EPYC-v4"}) {
            m.put(n, signature(23, 1, 2));
        }
        for (String n : new String[] {"EPYC-Rome", "EPYC-Rome-v1", "EPYC-Rome-v2", "EPYC-Rome-v3"}) {
            m.put(n, signature(23, 49, 0));
        }
        for (String n : new String[] {"EPYC-Milan", "EPYC-Milan-v1", "EPYC-Milan-v2"}) {
            m.put(n, signature(25, 1, 1));
        }
        m.put("EPYC-Genoa", signature(25, 17, 0));
        m.put("EPYC-Genoa-v1", signature(25, 17, 0));
        m.put("EPYC-Turin", signature(26, 0, 0));
        return Collections.unmodifiableMap(m);
    }
}
