package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.TeeType;
import io.tee4j.core.AttesterProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SnpAttesterProviderTest {

    @Test
    void registeredAndProbesWithoutSideEffects() {
        AttesterProvider p = ServiceLoader.load(AttesterProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type() == TeeType.SEV_SNP).findFirst().orElseThrow();
        AttesterProvider.Probe probe = p.probe();
        assertEquals(2, probe.findings().size(), probe.findings().toString());
        assertTrue(probe.findings().get(1).startsWith("/dev/sev-guest: "));
        if (!Files.exists(Path.of("/dev/sev-guest")) && !Files.exists(Path.of("/sys/kernel/config/tsm/report"))) {
            assertFalse(probe.available());
            assertTrue(probe.hint().contains("sev-guest"), probe.hint());
        }
    }
}
