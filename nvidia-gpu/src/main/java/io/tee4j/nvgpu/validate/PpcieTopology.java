package io.tee4j.nvgpu.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The protected-PCIe topology check (research note wrapped-evidence 3.3, after nvtrust's
 * {@code validate_topology} and trustee's {@code validate_ppcie}): given the verified GPUs and NVSwitches of one
 * system,
 *
 * <ol>
 *   <li>no device may be presented twice (a repeated GPU or switch PDI);
 *   <li>every GPU's non-zero SWITCH_PDI set must equal the set of switches presented (nothing missing, nothing
 *       extra);
 *   <li>every switch's SWITCH_GPU_PDIS must name each presented GPU and nothing else (zero slots ignored).
 * </ol>
 *
 * <p>Inputs are the PDIs as decoded by {@link io.tee4j.nvgpu.abi.ProtectedPcieFields} (a GPU's switch PDIs read
 * little-endian; a GPU's own PDI from its BROM certificate serial). The GPU and switch counts themselves are
 * the policy's ({@code expectedGpuCount}, {@code expectedSwitchCount}); this check only says whether the devices
 * presented are wired to each other. Returns every problem found, each naming the device and the missing or
 * extra PDIs; an empty list means the topology holds.
 *
 * @since 0.2
 */
public final class PpcieTopology {
    private static final String ZERO_PDI = "0000000000000000";

    private PpcieTopology() {
    }

    /** A GPU as the check sees it: its label, its own PDI, and the switch PDIs it reports. */
    public record Gpu(String label, String pdi, List<String> switchPdis) {
    }

    /** A switch as the check sees it: its label, its own PDI, and the GPU PDIs it reports. */
    public record NvSwitch(String label, String pdi, List<String> gpuPdis) {
    }

    /**
     * Only the first rule: devices presented more than once. Applies to every list, PPCIe or not, so that one GPU
     * repeated cannot pass for several ({@code expectedGpuCount}).
     */
    public static List<String> duplicates(List<Gpu> gpus, List<NvSwitch> switches) {
        List<String> problems = new ArrayList<>();
        distinct(gpus.stream().map(Gpu::pdi).toList(), "GPU", problems);
        distinct(switches.stream().map(NvSwitch::pdi).toList(), "NVSwitch", problems);
        return problems;
    }

    /** Every topology problem, in a stable order; empty when the devices form one PPCIe system. */
    public static List<String> check(List<Gpu> gpus, List<NvSwitch> switches) {
        List<String> problems = new ArrayList<>();
        Set<String> gpuPdis = distinct(gpus.stream().map(Gpu::pdi).toList(), "GPU", problems);
        Set<String> switchPdis = distinct(switches.stream().map(NvSwitch::pdi).toList(), "NVSwitch", problems);
        for (Gpu g : gpus) {
            Set<String> seen = nonZero(g.switchPdis());
            describe(problems, g.label() + " (GPU " + g.pdi() + ") links to", seen, switchPdis, "switches");
        }
        for (NvSwitch s : switches) {
            Set<String> seen = nonZero(s.gpuPdis());
            describe(problems, s.label() + " (NVSwitch " + s.pdi() + ") lists", seen, gpuPdis, "GPUs");
        }
        return problems;
    }

    private static Set<String> distinct(List<String> pdis, String kind, List<String> problems) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        pdis.forEach(p -> counts.merge(p, 1, Integer::sum));
        counts.forEach((pdi, n) -> {
            if (n > 1) {
                problems.add(kind + " " + pdi + " is presented " + n + " times: each device must be presented once");
            }
        });
        return new TreeSet<>(counts.keySet());
    }

    private static Set<String> nonZero(List<String> pdis) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : pdis) {
            if (!ZERO_PDI.equals(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static void describe(List<String> problems, String who, Set<String> seen, Set<String> presented,
            String what) {
        Set<String> missing = new TreeSet<>(presented);
        missing.removeAll(seen);
        Set<String> extra = new TreeSet<>(seen);
        extra.removeAll(presented);
        if (missing.isEmpty() && extra.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(who);
        if (!extra.isEmpty()) {
            sb.append(" extra ").append(what).append(" that were not presented ").append(extra);
        }
        if (!missing.isEmpty()) {
            sb.append(extra.isEmpty() ? "" : ", and").append(" is missing presented ").append(what).append(' ')
                    .append(missing);
        }
        problems.add(sb.toString());
    }
}
