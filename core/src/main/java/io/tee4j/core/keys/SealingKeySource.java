package io.tee4j.core.keys;

import io.tee4j.core.AttestationException;
import io.tee4j.core.SecretBytes;
import java.util.Set;

/**
 * A source of the root key that sealing derives per-blob keys from. A backend that can derive
 * hardware keys (SEV-SNP's {@code MSG_KEY_REQ}) implements it; so do a key released by a key
 * broker after attestation (TDX and CCA have no hardware sealing key) and, for tests only, a
 * simulator.
 *
 * <p>Contract: {@link #deriveKey} with the same bindings and versions returns the same key on the
 * same workload and platform, and a different key when any bound value differs. Versions above
 * {@link #currentVersions()} are refused.
 *
 * @since 0.1
 */
public interface SealingKeySource {

    /**
     * A short stable identifier written into sealed blobs, e.g. {@code "sev-snp/vmrk"},
     * {@code "released"}, {@code "simulated"}. Unsealing checks it.
     */
    String id();

    /** Whether this is a simulator. Sealing refuses simulated sources unless they are chosen by name. */
    boolean simulated();

    /** The bindings this source can mix into its key. */
    Set<KeyBinding> supportedBindings();

    /** The bindings this source always mixes in, whatever the policy says (SNP: {@link KeyBinding#POLICY}). */
    Set<KeyBinding> mandatoryBindings();

    /**
     * Whether the root key alone identifies the workload. A released key does (the broker released
     * it only after appraising this workload); a hardware key shared by everything on the chip does
     * not, so such a source needs a binding such as {@link KeyBinding#MEASUREMENT}.
     */
    boolean rootKeyIsWorkloadSpecific();

    /** The versions a key derived now would be bound to. */
    KeyVersions currentVersions() throws AttestationException;

    /**
     * Whether {@code candidate} may be derived given {@code current}: every component no higher
     * than the current one. Sources compare component-wise (an SNP TCB is four or five SPLs).
     */
    boolean notAbove(KeyVersions candidate, KeyVersions current);

    /**
     * Derives the 32-byte root key for the given bindings at the given versions.
     *
     * @throws AttestationException when the TEE refuses (versions above the current ones, say)
     */
    SecretBytes deriveKey(Set<KeyBinding> bindings, KeyVersions versions) throws AttestationException;
}
