package io.tee4j.sealing;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.keys.KeyBinding;

/** Shared fixtures: a fixed simulated chip and a fixed released key. */
final class TestKeys {
    static final byte[] SEED = new byte[32];
    static final byte[] MEASUREMENT = new byte[48];

    static {
        for (int i = 0; i < 32; i++) {
            SEED[i] = (byte) (0xa0 + i);
        }
        for (int i = 0; i < 48; i++) {
            MEASUREMENT[i] = (byte) i;
        }
    }

    private TestKeys() {
    }

    static SimulatedKeySource.Builder simulated() {
        return SimulatedKeySource.builder().seed(SEED).measurement(MEASUREMENT).guestSvn(2).tcbVersion(0x0300000000000814L);
    }

    static Sealer simulatedSealer(SimulatedKeySource source, KeyBinding... bindings) throws SealingException {
        return Sealer.builder().keySource(source)
                .policy(SealingPolicy.forSource(source).bind(KeyBinding.MEASUREMENT).bind(bindings).build())
                .allowSimulatedKeySource().build();
    }

    static Sealer simulatedSealer(KeyBinding... bindings) throws SealingException {
        return simulatedSealer(simulated().build(), bindings);
    }

    static ReleasedKeySource released() {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) (i * 7 + 1);
        }
        return ReleasedKeySource.of(SecretBytes.copyOf(k, SecretAccess.INSECURE));
    }

    static Sealer releasedSealer() throws SealingException {
        return Sealer.builder().keySource(released()).build();
    }
}
