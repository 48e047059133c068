package io.tee4j.core.keys;

import java.util.Collections;
import java.util.EnumSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A {@link SealingKeySource} with SEV-SNP's guest key derivation rules ({@code MSG_KEY_REQ}), written
 * once for the SNP key source ({@code tee4j-sev-snp}) and the simulated source that models it
 * ({@code tee4j-sealing}): every binding is supported, the guest policy and the VMPL are always
 * mixed in, and a key may be derived only at versions not above the current ones
 * ({@link #notAbove}). A source still supplies its id, versions and derivation.
 *
 * <p>It derives nothing and reads no hardware itself.
 *
 * @since 0.2
 */
public interface GuestKeySource extends SealingKeySource {
    /** The version name of the guest SVN (a u32, compared as a number). */
    String GUEST_SVN = "guest_svn";
    /** The version name of the platform TCB version (eight one-byte SPLs, compared byte by byte). */
    String TCB_VERSION = "tcb_version";
    /** The version name of the launch mitigation vector (a bit set; version-5 guests only). */
    String LAUNCH_MIT_VECTOR = "launch_mit_vector";

    /** Every {@link KeyBinding}: the firmware can mix each one in. */
    @Override
    default Set<KeyBinding> supportedBindings() {
        return Collections.unmodifiableSet(EnumSet.allOf(KeyBinding.class));
    }

    /**
     * {@link KeyBinding#POLICY} and {@link KeyBinding#PRIVILEGE_LEVEL}: the firmware always mixes in
     * the guest policy (so a debug guest never derives a production guest's key) and the VMPL.
     */
    @Override
    default Set<KeyBinding> mandatoryBindings() {
        return Collections.unmodifiableSet(EnumSet.of(KeyBinding.POLICY, KeyBinding.PRIVILEGE_LEVEL));
    }

    /**
     * Whether a key may be derived at {@code candidate}, given {@code current}: both name
     * {@code guest_svn} and {@code tcb_version} and nothing but the three known versions; the
     * guest SVN (a u32) is not above the current one, compared unsigned; every TCB byte (one SPL)
     * is not above the current one; a mitigation vector holds only bits of the current one. Values
     * read from a sealed header are untrusted: anything out of range is "above", never an exception.
     */
    @Override
    default boolean notAbove(KeyVersions candidate, KeyVersions current) {
        return namesKnownVersions(candidate) && namesKnownVersions(current)
                && guestSvnNotAbove(candidate.get(GUEST_SVN).getAsLong(), current.get(GUEST_SVN).getAsLong())
                && tcbNotAbove(candidate.get(TCB_VERSION).getAsLong(), current.get(TCB_VERSION).getAsLong())
                && mitigationVectorWithin(candidate.get(LAUNCH_MIT_VECTOR), current.get(LAUNCH_MIT_VECTOR));
    }

    private static boolean namesKnownVersions(KeyVersions v) {
        return v.get(GUEST_SVN).isPresent() && v.get(TCB_VERSION).isPresent()
                && Set.of(GUEST_SVN, TCB_VERSION, LAUNCH_MIT_VECTOR).containsAll(v.asMap().keySet());
    }

    /** The guest SVN is a u32 in the report and in {@code MSG_KEY_REQ}. */
    private static boolean guestSvnNotAbove(long candidate, long current) {
        return Long.compareUnsigned(candidate, 0xFFFFFFFFL) <= 0 && Long.compareUnsigned(candidate, current) <= 0;
    }

    private static boolean tcbNotAbove(long candidate, long current) {
        for (int i = 0; i < 8; i++) {
            if ((candidate >>> (8 * i) & 0xFF) > (current >>> (8 * i) & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean mitigationVectorWithin(OptionalLong candidate, OptionalLong current) {
        if (candidate.isEmpty()) {
            return true;
        }
        return current.isPresent() && (candidate.getAsLong() & ~current.getAsLong()) == 0;
    }
}
