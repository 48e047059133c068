package io.tee4j.snp.abi;


/**
 * The guest policy the VM was launched with (report offset 0x08), bit by bit. The policy is set by
 * whoever launches the VM and enforced by the firmware; a verifier reads it to learn, for example,
 * whether the host may debug the guest.
 *
 * <p>Bits: 0..7 ABI minor, 8..15 ABI major, 16 SMT allowed, 17 reserved (always 1), 18 migration
 * agent allowed, 19 debug allowed, 20 single socket required, 21 CXL allowed, 22 AES-256-XTS
 * required, 23 RAPL disabled, 24 ciphertext hiding required, 25 page swap disabled. Bits 26..63 are
 * reserved by AMD; they are kept in {@link #unknownBits()} and refused by the default
 * {@code SnpPolicy}.
 *
 * @since 0.1
 */
public final class GuestPolicy {
    /** Bits AMD has defined so far (0..25). */
    public static final long KNOWN_BITS = (1L << 26) - 1;

    private final long raw;

    private GuestPolicy(long raw) {
        this.raw = raw;
    }

    public static GuestPolicy of(long raw) {
        return new GuestPolicy(raw);
    }

    public long raw() {
        return raw;
    }

    private boolean bit(int i) {
        return (raw >>> i & 1) != 0;
    }

    public int abiMinor() {
        return (int) (raw & 0xFF);
    }

    public int abiMajor() {
        return (int) (raw >>> 8 & 0xFF);
    }

    public boolean smtAllowed() {
        return bit(16);
    }

    /** Bit 17, which the firmware requires to be 1. */
    public boolean reservedOne() {
        return bit(17);
    }

    public boolean migrationAgentAllowed() {
        return bit(18);
    }

    /** Whether the host may debug the guest (read and write its memory). */
    public boolean debugAllowed() {
        return bit(19);
    }

    public boolean singleSocketRequired() {
        return bit(20);
    }

    public boolean cxlAllowed() {
        return bit(21);
    }

    public boolean memAes256XtsRequired() {
        return bit(22);
    }

    public boolean raplDisabled() {
        return bit(23);
    }

    public boolean ciphertextHidingRequired() {
        return bit(24);
    }

    public boolean pageSwapDisabled() {
        return bit(25);
    }

    /** Set bits above bit 25 (not yet defined by AMD). */
    public long unknownBits() {
        return raw & ~KNOWN_BITS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuestPolicy && ((GuestPolicy) o).raw == raw;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(raw);
    }

    @Override
    public String toString() {
        return String.format("GuestPolicy[0x%x abi=%d.%d%s%s%s]", raw, abiMajor(), abiMinor(),
                debugAllowed() ? " debug" : "", smtAllowed() ? " smt" : "", migrationAgentAllowed() ? " migrate-ma" : "");
    }
}
