package io.tee4j.nvgpu.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The probe is library code: it has no {@code main} (the command-line entry is the cli's NvmlProbeMain) and no
 * mutable static state, so two probes in one process cannot see each other's save directory.
 */
class NvmlProbeShapeTest {
    @Test
    void hasNoMainAndNoMutableStatics() throws Exception {
        assertThrows(NoSuchMethodException.class, () -> NvmlProbe.class.getMethod("main", String[].class));
        for (Field f : NvmlProbe.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                assertTrue(Modifier.isFinal(f.getModifiers()), f.getName() + " is a mutable static");
            }
        }
        // The save directory is a parameter of the run now.
        NvmlProbe.class.getMethod("run", String.class, Path.class);
    }
}
