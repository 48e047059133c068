package io.tee4j.nvgpu.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.EvidenceList;
import io.tee4j.nvgpu.client.NvmlAttester;
import io.tee4j.nvgpu.composite.CompositeBinding;
import io.tee4j.nvgpu.validate.MeasurementResult;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import io.tee4j.nvgpu.verify.EvidenceListResult;
import io.tee4j.nvgpu.verify.EvidenceListVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code NvmlAttester.attestAll} on the fake NVML writes NVIDIA's evidence list that the list verifier reads back
 * and verifies (measurements appraised against the simulated RIMs), and the composite binding is the documented
 * digest.
 */
class EvidenceListRoundTripTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyGpuUnderOneNonceRoundTripsAndVerifies() throws Exception {
        NvGpuSimulator sim = NvGpuSimulator.builder().clock(CLOCK).seed(11).build();
        byte[] nonce = new byte[32];
        Arrays.fill(nonce, (byte) 7);
        List<DeviceEvidence> gpus;
        try (NvmlAttester a = NvmlAttester.with(sim.nvml(), 0)) {
            gpus = a.attestAll(nonce);
        }
        assertEquals(1, gpus.size());
        assertEquals(DeviceArchitecture.HOPPER, gpus.get(0).declaredArchitecture());
        List<DeviceEvidence> back = EvidenceList.parse(EvidenceList.toJson(gpus));
        assertArrayEquals(gpus.get(0).report(), back.get(0).report());
        assertArrayEquals(nonce, back.get(0).nonce().orElseThrow());
        EvidenceListResult r = new EvidenceListVerifier(sim.verifier().build()).verify(back,
                NvGpuPolicy.builder().expectedNonce(nonce).expectedGpuCount(1).expectedSwitchCount(0).build(),
                CLOCK.instant());
        assertEquals(MeasurementResult.SUCCESS, r.devices().get(0).measurementResult());
        assertFalse(r.topologyChecked());
        // the simulated BROM names no PDI: the same GPU twice is still caught, by its BROM certificate
        io.tee4j.core.VerificationFailedException twice = assertThrows(io.tee4j.core.VerificationFailedException.class,
                () -> new EvidenceListVerifier(sim.verifier().build()).verify(EvidenceList.concat(List.of(back, back)),
                        NvGpuPolicy.builder().expectedNonce(nonce).build(), CLOCK.instant()));
        org.junit.jupiter.api.Assertions.assertTrue(twice.getMessage().contains("is presented 2 times")
                && twice.getMessage().contains("BROM sha256:"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NvmlAttester.with(sim.nvml(), 0).attestAll(new byte[31]));
    }

    @Test
    void theBindingIsTheDocumentedDigest() throws Exception {
        byte[] nonce = new byte[32];
        byte[] r0 = {1, 2, 3};
        byte[] r1 = {4, 5};
        MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
        sha512.update("tee4j/cpu+gpu/v1".getBytes(StandardCharsets.US_ASCII));
        sha512.update(nonce);
        sha512.update(MessageDigest.getInstance("SHA-384").digest(r0));
        sha512.update(MessageDigest.getInstance("SHA-384").digest(r1));
        byte[] expected = sha512.digest();
        assertEquals(HexFormat.of().formatHex(expected),
                HexFormat.of().formatHex(CompositeBinding.reportData(nonce, List.of(r0, r1))));
        // order matters: the reports are committed to in list order
        assertFalse(Arrays.equals(expected, CompositeBinding.reportData(nonce, List.of(r1, r0))));
        assertThrows(IllegalArgumentException.class, () -> CompositeBinding.reportData(new byte[16], List.of(r0)));
        assertThrows(IllegalArgumentException.class, () -> CompositeBinding.reportData(nonce, List.of()));
    }
}
