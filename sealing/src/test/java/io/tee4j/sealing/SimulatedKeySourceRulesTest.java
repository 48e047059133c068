package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tee4j.core.keys.KeyVersions;
import io.tee4j.snp.client.SnpSealingKeySource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulated source models SEV-SNP's key derivation, so it must answer every version and binding
 * question as the SNP source does: both now take the rules from one place
 * ({@code io.tee4j.core.keys.GuestKeySource}). Before, the simulation kept its own copy, which let a
 * guest SVN beyond SNP's u32 through.
 */
class SimulatedKeySourceRulesTest {
    private static final long U32_MAX = 0xFFFFFFFFL;

    @Test
    void versionAndBindingRulesAreTheSnpSources() {
        SnpSealingKeySource snp = SnpSealingKeySource.vmrkRooted(r -> {
            throw new AssertionError("not derived");
        }, () -> {
            throw new AssertionError("not read");
        }, 0);
        SimulatedKeySource sim = TestKeys.simulated().build();
        assertEquals(snp.supportedBindings(), sim.supportedBindings());
        assertEquals(snp.mandatoryBindings(), sim.mandatoryBindings());
        List<KeyVersions> all = List.of(versions(0, 0), versions(3, 0x0400000000000914L), versions(U32_MAX, 0),
                versions(U32_MAX + 1, 0), versions(U32_MAX + 2, 0), versions(-1, -1),
                versions(1, 0x0200000000000914L), KeyVersions.of(Map.of("guest_svn", 0L)),
                KeyVersions.of(Map.of("guest_svn", 0L, "tcb_version", 0L, "launch_mit_vector", 1L)),
                KeyVersions.of(Map.of("guest_svn", 0L, "tcb_version", 0L, "other", 0L)));
        for (KeyVersions candidate : all) {
            for (KeyVersions current : all) {
                assertEquals(snp.notAbove(candidate, current), sim.notAbove(candidate, current),
                        candidate + " against " + current);
            }
        }
    }

    private static KeyVersions versions(long guestSvn, long tcb) {
        return KeyVersions.of(Map.of("guest_svn", guestSvn, "tcb_version", tcb));
    }
}
