package io.tee4j.nvgpu.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.nvgpu.abi.UnsupportedGpuArchitectureException;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 items 12 and 18 with signed simulated reports: evidence-derived URL parts and Blackwell.
 */
class EvidenceRulesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aDriverVersionNoUrlMayCarryIsMalformedAndNothingIsFetched() {
        // Before: a space or '{' crashed in URI.create (unchecked), and the traversal reached another
        // path of the RIM service.
        for (String version : List.of("550 90", "550{x}", "550/../../../x?y=1#", "../550", "550%2e")) {
            NvGpuSimulator sim = NvGpuSimulator.builder().clock(CLOCK).driverVersion(version).build();
            List<URI> fetched = new CopyOnWriteArrayList<>();
            CollateralSource source = sim.collateralSource();
            byte[] nonce = new byte[32];
            MalformedEvidenceException e = assertThrows(MalformedEvidenceException.class, () -> sim.verifier()
                    .collateralSource(request -> {
                        fetched.add(request.uri());
                        return source.fetch(request);
                    }).build().verify(sim.evidence(nonce), NvGpuPolicy.builder().expectedNonce(nonce).build()), version);
            assertEquals(6, e.failureClass().exitCode());
            assertTrue(e.getMessage().contains("driver version"), e.getMessage());
            assertTrue(fetched.stream().noneMatch(u -> u.toString().startsWith(sim.rimService().toString())),
                    version + ": " + fetched);
        }
    }

    @Test
    void anUnknownChipIsRefusedByItsChipInfoAndABlackwellChipThatContradictsTheChainIsMalformed() {
        // Before: Blackwell was refused as "not supported yet"; it is verified now (EvidenceListVectorsTest), and
        // what is refused by architecture is a chip tee4j does not know.
        NvGpuSimulator gr100 = NvGpuSimulator.builder().clock(CLOCK)
                .extraOpaqueField(35, "GR100\0".getBytes(StandardCharsets.US_ASCII)).build();
        byte[] nonce = new byte[32];
        UnsupportedGpuArchitectureException e = assertThrows(UnsupportedGpuArchitectureException.class,
                () -> gr100.verifier().build().verify(gr100.evidence(nonce), NvGpuPolicy.defaults()));
        assertTrue(e.getMessage().startsWith("unknown NVIDIA device architecture 'GR100'"), e.getMessage());
        assertEquals(6, e.failureClass().exitCode());
        // the simulator's chain is named GH100: a GB100 CHIP_INFO contradicts it
        NvGpuSimulator gb100 = NvGpuSimulator.builder().clock(CLOCK)
                .extraOpaqueField(35, "GB100\0".getBytes(StandardCharsets.US_ASCII)).build();
        io.tee4j.core.MalformedEvidenceException m = assertThrows(io.tee4j.core.MalformedEvidenceException.class,
                () -> gb100.verifier().build().verify(gb100.evidence(nonce), NvGpuPolicy.defaults()));
        assertTrue(m.getMessage().contains("CHIP_INFO names BLACKWELL"), m.getMessage());
        // a Hopper CHIP_INFO is fine
        NvGpuSimulator gh100 = NvGpuSimulator.builder().clock(CLOCK)
                .extraOpaqueField(35, "GH100\0".getBytes(StandardCharsets.US_ASCII)).build();
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> gh100.verifier().build()
                .verify(gh100.evidence(nonce), NvGpuPolicy.defaults()));
    }
}
