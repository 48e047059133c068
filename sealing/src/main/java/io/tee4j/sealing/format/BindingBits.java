package io.tee4j.sealing.format;

import io.tee4j.core.keys.KeyBinding;
import java.util.EnumSet;
import java.util.Set;

/**
 * The fixed bit of each {@link KeyBinding} in the header's 16-bit binding field. Bits 0..6 follow
 * SEV-SNP's {@code GUEST_FIELD_SELECT}; bit 7 is the privilege level (the SNP VMPL, which is a
 * request field rather than a select bit). The numbering is part of the format and never follows
 * the enum's declaration order.
 */
public final class BindingBits {
    private static final KeyBinding[] BY_BIT = {
        KeyBinding.POLICY,
        KeyBinding.IMAGE_ID,
        KeyBinding.FAMILY_ID,
        KeyBinding.MEASUREMENT,
        KeyBinding.GUEST_SVN,
        KeyBinding.TCB_VERSION,
        KeyBinding.LAUNCH_MITIGATION_VECTOR,
        KeyBinding.PRIVILEGE_LEVEL,
    };

    /** The bits that have a meaning in format version 1. */
    public static final int KNOWN_MASK = (1 << BY_BIT.length) - 1;

    private BindingBits() {
    }

    public static int bit(KeyBinding binding) {
        for (int i = 0; i < BY_BIT.length; i++) {
            if (BY_BIT[i] == binding) {
                return i;
            }
        }
        throw new IllegalArgumentException("no bit for " + binding);
    }

    public static int encode(Set<KeyBinding> bindings) {
        int mask = 0;
        for (KeyBinding b : bindings) {
            mask |= 1 << bit(b);
        }
        return mask;
    }

    /** Decodes a mask whose bits are all within {@link #KNOWN_MASK}. */
    public static Set<KeyBinding> decode(int mask) {
        if ((mask & ~KNOWN_MASK) != 0) {
            throw new IllegalArgumentException("unknown binding bits");
        }
        Set<KeyBinding> out = EnumSet.noneOf(KeyBinding.class);
        for (int i = 0; i < BY_BIT.length; i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(BY_BIT[i]);
            }
        }
        return out;
    }
}
