package io.tee4j.cli;

import io.tee4j.nvgpu.client.NvmlProbe;
import java.nio.file.Path;

/**
 * Command-line entry of the NVML probe ({@link NvmlProbe}), kept out of the library so that the library holds
 * no {@code main} and no process-wide state. Arguments: {@code [--save DIR] [library-path]}.
 */
public final class NvmlProbeMain {
    private NvmlProbeMain() {
    }

    public static void main(String[] args) {
        String library = null;
        Path saveDir = null;
        for (int i = 0; i < args.length; i++) {
            if ("--save".equals(args[i]) && i + 1 < args.length) {
                saveDir = Path.of(args[++i]);
            } else {
                library = args[i];
            }
        }
        System.exit(NvmlProbe.run(library, saveDir));
    }
}
