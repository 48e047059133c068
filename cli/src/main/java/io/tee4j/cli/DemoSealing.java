package io.tee4j.cli;

import io.tee4j.core.keys.KeyBinding;
import io.tee4j.sealing.SealedDataAuthenticationException;
import io.tee4j.sealing.SealedDataInfo;
import io.tee4j.sealing.Sealer;
import io.tee4j.sealing.SealingPolicy;
import io.tee4j.sealing.SimulatedKeySource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The demo's sealing part: seal and unseal a message with the simulated key source (a simulated
 * SNP-style chip secret in memory; it protects nothing and is used here by name), bound to the
 * measurement, guest policy and TCB; then show that a workload with another measurement cannot
 * open it.
 */
final class DemoSealing {
    private static final String SECTION = "Sealing (simulated key source: NOT secure, demo only)";
    private static final byte[] MESSAGE = "the database password is hunter2".getBytes(StandardCharsets.UTF_8);

    private DemoSealing() {
    }

    static List<DemoStep> steps() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        byte[][] sealed = new byte[1][];
        return List.of(
                new DemoStep(SECTION, "simulated", "seal → unseal a " + MESSAGE.length + "-byte message", step -> {
                    Sealer sealer = sealer(seed, 0x11);
                    sealed[0] = sealer.seal(MESSAGE, new byte[0]);
                    byte[] back = sealer.unseal(sealed[0], new byte[0]);
                    SealedDataInfo info = SealedDataInfo.parse(sealed[0]);
                    boolean same = Arrays.equals(MESSAGE, back);
                    return step.outcome(same ? "SEALED + UNSEALED" : "MISMATCH",
                            "bound to " + Bindings.names(info.bindings()) + ", blob " + sealed[0].length + " bytes for "
                                    + MESSAGE.length + " of plaintext, key source " + info.keySourceId(), same);
                }),
                new DemoStep(SECTION, "simulated", "unseal by a workload with another measurement", step -> {
                    try {
                        sealer(seed, 0x22).unseal(sealed[0], new byte[0]);
                        return step.outcome("UNSEALED (WRONG)", "a different measurement opened the blob", false);
                    } catch (SealedDataAuthenticationException e) {
                        return step.outcome("REFUSED (as it should)", "the measurement is bound into the key: "
                                + e.getMessage(), true);
                    }
                }));
    }

    private static Sealer sealer(byte[] seed, int measurementByte) throws Exception {
        byte[] measurement = new byte[48];
        Arrays.fill(measurement, (byte) measurementByte);
        SimulatedKeySource source = SimulatedKeySource.builder().seed(seed).measurement(measurement).build();
        return Sealer.builder().keySource(source).allowSimulatedKeySource()
                .policy(SealingPolicy.forSource(source)
                        .bind(KeyBinding.MEASUREMENT, KeyBinding.POLICY, KeyBinding.TCB_VERSION).build())
                .build();
    }
}
