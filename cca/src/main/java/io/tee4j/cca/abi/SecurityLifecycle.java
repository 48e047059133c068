package io.tee4j.cca.abi;

/**
 * The CCA platform security lifecycle (platform claim 2395): bits 15..8 give the state, bits 7..0
 * are implementation defined. Values outside the seven ranges of the CCA and PSA token
 * specifications are refused when the token is decoded.
 *
 * <p>Per the RMM specification: a CCA platform that is not being debugged is {@link State#SECURED};
 * Realm Management Security Domain debug is reported as {@link State#NON_CCA_PLATFORM_ROT_DEBUG};
 * recoverable root-world debug as {@link State#RECOVERABLE_CCA_PLATFORM_ROT_DEBUG}.
 * The default {@code CcaPolicy} accepts only {@code SECURED}.
 *
 * @since 0.1
 */
public final class SecurityLifecycle {

    /** The lifecycle states (value ranges {@code 0xS000..0xS0ff}). */
    public enum State {
        /** 0x0000..0x00ff. */
        UNKNOWN(0x00),
        /** 0x1000..0x10ff. */
        ASSEMBLY_AND_TEST(0x10),
        /** 0x2000..0x20ff. */
        CCA_PLATFORM_ROT_PROVISIONING(0x20),
        /** 0x3000..0x30ff: in the field, no debug. */
        SECURED(0x30),
        /** 0x4000..0x40ff: debug of components outside the CCA platform root of trust (e.g. the RMM's domain). */
        NON_CCA_PLATFORM_ROT_DEBUG(0x40),
        /** 0x5000..0x50ff: recoverable debug of the CCA platform root of trust. */
        RECOVERABLE_CCA_PLATFORM_ROT_DEBUG(0x50),
        /** 0x6000..0x60ff. */
        DECOMMISSIONED(0x60);

        private final int high;

        State(int high) {
            this.high = high;
        }
    }

    private final int value;
    private final State state;

    private SecurityLifecycle(int value, State state) {
        this.value = value;
        this.state = state;
    }

    /**
     * The lifecycle for a claim value.
     *
     * @throws IllegalArgumentException when the value lies in none of the defined ranges
     */
    public static SecurityLifecycle of(long value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("lifecycle " + value + " is not a 16-bit value");
        }
        int high = (int) (value >>> 8);
        for (State s : State.values()) {
            if (s.high == high) {
                return new SecurityLifecycle((int) value, s);
            }
        }
        throw new IllegalArgumentException(String.format("lifecycle 0x%04x is in no defined range", value));
    }

    /** The claim value. */
    public int value() {
        return value;
    }

    public State state() {
        return state;
    }

    /** Whether the state is one of the debug states (debug of the CCA platform RoT or outside it). */
    public boolean isDebug() {
        return state == State.NON_CCA_PLATFORM_ROT_DEBUG || state == State.RECOVERABLE_CCA_PLATFORM_ROT_DEBUG;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityLifecycle && ((SecurityLifecycle) o).value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public String toString() {
        return String.format("%s (0x%04x)", state, value);
    }
}
