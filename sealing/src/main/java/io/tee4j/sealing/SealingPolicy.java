package io.tee4j.sealing;

import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.SealingKeySource;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a sealing key is bound to, as an explicit set of {@link KeyBinding}s, for one key source.
 * A workload that differs in any bound value derives a different key and cannot unseal.
 *
 * <p>Built with {@link #forSource(SealingKeySource)}; {@link Builder#build()} refuses:
 * <ul>
 *   <li>a binding the source does not {@linkplain SealingKeySource#supportedBindings() support};</li>
 *   <li>a policy that binds nothing secret: when the source's root key is not
 *       {@linkplain SealingKeySource#rootKeyIsWorkloadSpecific() workload-specific} (a chip key
 *       shared by every VM on the chip, such as SNP's VCEK-derived key), the policy must bind
 *       {@link KeyBinding#MEASUREMENT}. {@link KeyBinding#POLICY}, {@link KeyBinding#IMAGE_ID},
 *       {@link KeyBinding#FAMILY_ID}, the versions and the privilege level do not count: any
 *       other guest on the same chip can be launched with the same values, so a key bound only
 *       to them is shared with workloads that are not this one.</li>
 * </ul>
 *
 * <p>Always added, whatever the caller asked: the source's
 * {@linkplain SealingKeySource#mandatoryBindings() mandatory bindings};
 * {@link KeyBinding#POLICY} whenever the source supports it (so a debug guest never derives the
 * key of the production guest; the lesson of dstack's unbound TD attributes); and
 * {@link KeyBinding#GUEST_SVN} and {@link KeyBinding#TCB_VERSION} whenever the source supports
 * them. The key is derived at the versions recorded in the blob in any case; binding them puts
 * those versions into the key itself, so a platform rolled back below them derives another key
 * and rollback is refused by the hardware, not only by the library's version check (SEV-SNP's
 * firmware mixes them in only when selected; SGX's EGETKEY always does). It costs nothing: data
 * sealed before an update still opens after it, because the key is derived at the recorded
 * versions. The resulting set is {@link #bindings()}; it is recorded in every sealed blob.
 *
 * <p>Unsealing requires the recorded bindings to equal the policy's, with one exception kept so
 * that data sealed by earlier releases stays readable: a blob whose bindings lack only
 * {@link KeyBinding#GUEST_SVN} and/or {@link KeyBinding#TCB_VERSION} opens (its key is derived
 * with the recorded bindings; the header is authenticated, so this cannot be forged), and
 * {@link Sealer#needsReseal} reports it so that {@link Sealer#reseal} binds the versions.
 *
 * <p>Defaults: no binding beyond the always-added ones. A released key source supports no
 * bindings; its policy is empty and valid, because the broker released the key to this workload
 * only.
 *
 * @since 0.1
 */
public final class SealingPolicy {
    /** The version bindings added by default; blobs sealed without them (earlier releases) still open. */
    static final Set<KeyBinding> VERSION_BINDINGS =
            Collections.unmodifiableSet(EnumSet.of(KeyBinding.GUEST_SVN, KeyBinding.TCB_VERSION));

    private final String keySourceId;
    private final Set<KeyBinding> bindings;

    private SealingPolicy(String keySourceId, Set<KeyBinding> bindings) {
        this.keySourceId = keySourceId;
        this.bindings = Collections.unmodifiableSet(bindings);
    }

    /** Starts a policy for {@code source}. */
    public static Builder forSource(SealingKeySource source) {
        return new Builder(Objects.requireNonNull(source, "source"));
    }

    /**
     * Parses a comma-separated list of binding names, as a command line gives them: {@code policy},
     * {@code measurement}, {@code image-id}, {@code family-id}, {@code guest-svn},
     * {@code tcb} (or {@code tcb-version}), {@code vmpl} (or {@code privilege-level}),
     * {@code launch-mit-vector}; case and surrounding spaces ignored; an empty string is no binding.
     *
     * @throws IllegalArgumentException naming the first unknown name
     */
    public static Set<KeyBinding> parseBindings(String list) {
        Objects.requireNonNull(list, "list");
        Set<KeyBinding> out = EnumSet.noneOf(KeyBinding.class);
        if (list.isBlank()) {
            return out;
        }
        for (String raw : list.split(",", -1)) {
            String name = raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            switch (name) {
                case "policy":
                    out.add(KeyBinding.POLICY);
                    break;
                case "measurement":
                    out.add(KeyBinding.MEASUREMENT);
                    break;
                case "image-id":
                    out.add(KeyBinding.IMAGE_ID);
                    break;
                case "family-id":
                    out.add(KeyBinding.FAMILY_ID);
                    break;
                case "guest-svn":
                    out.add(KeyBinding.GUEST_SVN);
                    break;
                case "tcb":
                case "tcb-version":
                    out.add(KeyBinding.TCB_VERSION);
                    break;
                case "vmpl":
                case "privilege-level":
                    out.add(KeyBinding.PRIVILEGE_LEVEL);
                    break;
                case "launch-mit-vector":
                case "launch-mitigation-vector":
                    out.add(KeyBinding.LAUNCH_MITIGATION_VECTOR);
                    break;
                default:
                    throw new IllegalArgumentException("unknown binding '" + raw.trim() + "' (known: policy,"
                            + " measurement, image-id, family-id, guest-svn, tcb, vmpl, launch-mit-vector)");
            }
        }
        return out;
    }

    /** The effective bindings (requested, mandatory, and {@code POLICY} where supported). */
    public Set<KeyBinding> bindings() {
        return bindings;
    }

    /** The {@link SealingKeySource#id()} this policy was checked against. */
    public String keySourceId() {
        return keySourceId;
    }

    /**
     * Whether data recorded with {@code recorded} bindings opens under this policy: the same
     * bindings, or (sealed by an earlier release) the same without some of the version bindings
     * this policy adds by default.
     */
    boolean opens(Set<KeyBinding> recorded) {
        return recorded.equals(bindings) || isEarlierDefault(recorded);
    }

    /** Whether {@code recorded} is this policy's bindings less some version bindings (an earlier release's default). */
    boolean isEarlierDefault(Set<KeyBinding> recorded) {
        if (recorded.equals(bindings) || !bindings.containsAll(recorded)) {
            return false;
        }
        Set<KeyBinding> missing = EnumSet.copyOf(bindings);
        missing.removeAll(recorded);
        return VERSION_BINDINGS.containsAll(missing);
    }

    /** Re-checks this policy against {@code source} (the {@link Sealer} does, when it is built). */
    void checkAgainst(SealingKeySource source) throws SealingPolicyException {
        if (!keySourceId.equals(source.id())) {
            throw new SealingPolicyException("policy was built for key source " + keySourceId
                    + ", not " + source.id());
        }
        Set<KeyBinding> recomputed = effective(source, bindings);
        if (!recomputed.equals(bindings)) {
            throw new SealingPolicyException("policy no longer matches key source " + source.id());
        }
    }

    private static Set<KeyBinding> effective(SealingKeySource source, Set<KeyBinding> requested)
            throws SealingPolicyException {
        Set<KeyBinding> supported = Objects.requireNonNull(source.supportedBindings(), "supportedBindings");
        Set<KeyBinding> out = EnumSet.noneOf(KeyBinding.class);
        out.addAll(requested);
        out.addAll(Objects.requireNonNull(source.mandatoryBindings(), "mandatoryBindings"));
        if (supported.contains(KeyBinding.POLICY)) {
            out.add(KeyBinding.POLICY);
        }
        for (KeyBinding version : VERSION_BINDINGS) {
            if (supported.contains(version)) {
                out.add(version);
            }
        }
        Set<KeyBinding> unsupported = EnumSet.noneOf(KeyBinding.class);
        for (KeyBinding b : out) {
            if (!supported.contains(b)) {
                unsupported.add(b);
            }
        }
        if (!unsupported.isEmpty()) {
            throw new SealingPolicyException("key source " + source.id() + " cannot bind " + unsupported
                    + " (it supports " + supported + ")");
        }
        if (!source.rootKeyIsWorkloadSpecific() && !out.contains(KeyBinding.MEASUREMENT)) {
            throw new SealingPolicyException("key source " + source.id() + " has a root key shared by every"
                    + " workload on the platform; a policy of " + out + " binds nothing that identifies this"
                    + " workload. Bind MEASUREMENT (or use a released key).");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealingPolicy && ((SealingPolicy) o).keySourceId.equals(keySourceId)
                && ((SealingPolicy) o).bindings.equals(bindings);
    }

    @Override
    public int hashCode() {
        return keySourceId.hashCode() * 31 + bindings.hashCode();
    }

    @Override
    public String toString() {
        return "SealingPolicy[" + keySourceId + ", " + bindings + "]";
    }

    /** Collects the requested bindings. */
    public static final class Builder {
        private final SealingKeySource source;
        private final Set<KeyBinding> requested = EnumSet.noneOf(KeyBinding.class);

        private Builder(SealingKeySource source) {
            this.source = source;
        }

        /** Adds bindings. */
        public Builder bind(KeyBinding... bindings) {
            for (KeyBinding b : Objects.requireNonNull(bindings, "bindings")) {
                requested.add(Objects.requireNonNull(b, "binding"));
            }
            return this;
        }

        /** Adds bindings. */
        public Builder bind(Set<KeyBinding> bindings) {
            for (KeyBinding b : Objects.requireNonNull(bindings, "bindings")) {
                requested.add(Objects.requireNonNull(b, "binding"));
            }
            return this;
        }

        /**
         * Checks and builds the policy.
         *
         * @throws SealingPolicyException when a binding is unsupported or nothing secret is bound
         */
        public SealingPolicy build() throws SealingPolicyException {
            return new SealingPolicy(source.id(), effective(source, requested));
        }
    }
}
