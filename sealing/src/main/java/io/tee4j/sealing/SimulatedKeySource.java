package io.tee4j.sealing;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.keys.GuestKeySource;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.sealing.format.BindingBits;
import io.tee4j.sealing.internal.Hkdf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A simulated hardware sealing key, for tests and demos only: <strong>it protects nothing</strong>
 * (the "chip secret" is a seed in memory or in a file). {@link #simulated()} is true, so a
 * {@link Sealer} refuses it unless {@link Sealer.Builder#allowSimulatedKeySource()} is called.
 *
 * <p>It models SEV-SNP's {@code MSG_KEY_REQ} so that policies, bindings and version recovery can
 * be exercised without hardware: the root key is chip-wide (not workload-specific, so a policy
 * must bind {@link KeyBinding#MEASUREMENT}); every {@link KeyBinding} is supported;
 * {@link KeyBinding#POLICY} and {@link KeyBinding#PRIVILEGE_LEVEL} are mandatory (the SNP firmware
 * always mixes in the VMPL); versions are {@code guest_svn} (compared as a number) and
 * {@code tcb_version} (eight one-byte security patch levels, compared byte by byte, as SNP's
 * {@code TCB_VERSION}); a key at versions above the current ones is refused. The key is
 * HKDF-SHA-384 of the seed over the selected workload values, so a workload that differs in a
 * bound value, or in the VMPL, gets a different key.
 *
 * <p>Defaults: a 48-byte zero measurement, guest policy {@code 0x30000}, zero image and family
 * ids, VMPL 0, launch mitigation vector 0, guest SVN 0, TCB version 0. The seed has no default.
 *
 * @since 0.1
 */
public final class SimulatedKeySource implements GuestKeySource {
    /** The id recorded in blobs. */
    public static final String ID = "simulated";
    /** The file {@link Builder#seedDirectory(Path)} keeps the seed in. */
    public static final String SEED_FILE = "simulated-sealing-seed";

    private static final byte[] LABEL = "tee4j simulated sealing key v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretBytes seed;
    private final byte[] measurement;
    private final long guestPolicy;
    private final byte[] imageId;
    private final byte[] familyId;
    private final int vmpl;
    private final long launchMitigationVector;
    private final long guestSvn;
    private final long tcbVersion;

    private SimulatedKeySource(Builder b) {
        this.seed = b.seed;
        this.measurement = b.measurement.clone();
        this.guestPolicy = b.guestPolicy;
        this.imageId = b.imageId.clone();
        this.familyId = b.familyId.clone();
        this.vmpl = b.vmpl;
        this.launchMitigationVector = b.launchMitigationVector;
        this.guestSvn = b.guestSvn;
        this.tcbVersion = b.tcbVersion;
    }

    /** Starts a simulated source. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String id() {
        return ID;
    }

    /** Always true. */
    @Override
    public boolean simulated() {
        return true;
    }

    /** False: the simulated chip key is shared by every simulated workload with the same seed. */
    @Override
    public boolean rootKeyIsWorkloadSpecific() {
        return false;
    }

    @Override
    public KeyVersions currentVersions() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(GUEST_SVN, guestSvn);
        m.put(TCB_VERSION, tcbVersion);
        return KeyVersions.of(m);
    }

    private static long value(KeyVersions v, String name) {
        OptionalLong o = v.get(name);
        return o.isPresent() ? o.getAsLong() : 0;
    }

    @Override
    public SecretBytes deriveKey(Set<KeyBinding> bindings, KeyVersions versions) throws SealingPolicyException {
        Objects.requireNonNull(bindings, "bindings");
        Objects.requireNonNull(versions, "versions");
        if (!bindings.containsAll(mandatoryBindings())) {
            throw new SealingPolicyException("the simulated source always binds " + mandatoryBindings());
        }
        if (!notAbove(versions, currentVersions())) {
            throw new SealingPolicyException("simulated firmware refuses versions " + versions
                    + " above the current " + currentVersions());
        }
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(LABEL);
        int mask = BindingBits.encode(bindings);
        putLong(info, mask);
        putLong(info, vmpl);
        if (bindings.contains(KeyBinding.POLICY)) {
            putLong(info, guestPolicy);
        }
        if (bindings.contains(KeyBinding.IMAGE_ID)) {
            info.writeBytes(imageId);
        }
        if (bindings.contains(KeyBinding.FAMILY_ID)) {
            info.writeBytes(familyId);
        }
        if (bindings.contains(KeyBinding.MEASUREMENT)) {
            info.writeBytes(measurement);
        }
        if (bindings.contains(KeyBinding.GUEST_SVN)) {
            putLong(info, value(versions, GUEST_SVN));
        }
        if (bindings.contains(KeyBinding.TCB_VERSION)) {
            putLong(info, value(versions, TCB_VERSION));
        }
        if (bindings.contains(KeyBinding.LAUNCH_MITIGATION_VECTOR)) {
            putLong(info, launchMitigationVector);
        }
        byte[] s = seed.toByteArray(SecretAccess.INSECURE);
        byte[] key = Hkdf.derive(Hkdf.HMAC_SHA384, s, null, info.toByteArray(), 32);
        try {
            return SecretBytes.copyOf(key, SecretAccess.INSECURE);
        } finally {
            Arrays.fill(s, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    private static void putLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    @Override
    public String toString() {
        return "SimulatedKeySource[vmpl=" + vmpl + ", versions=" + currentVersions().asMap() + ", seed redacted]";
    }

    /** Configures the simulated workload and platform. */
    public static final class Builder {
        private SecretBytes seed;
        private byte[] measurement = new byte[48];
        private long guestPolicy = 0x30000L;
        private byte[] imageId = new byte[16];
        private byte[] familyId = new byte[16];
        private int vmpl;
        private long launchMitigationVector;
        private long guestSvn;
        private long tcbVersion;

        private Builder() {
        }

        /** The simulated chip secret (at least 16 bytes). */
        public Builder seed(byte[] seed) {
            Objects.requireNonNull(seed, "seed");
            if (seed.length < 16) {
                throw new IllegalArgumentException("seed must be at least 16 bytes");
            }
            this.seed = SecretBytes.copyOf(seed, SecretAccess.INSECURE);
            return this;
        }

        /**
         * Keeps the seed in {@code dir}/{@value SimulatedKeySource#SEED_FILE}, creating it (32
         * random bytes, owner-only where the file system allows) on first use, so demos survive a
         * restart. The seed file is created whole or not at all ({@link CrashSafeFiles#createIfAbsent}:
         * written and forced under a temporary name first), so a crash never leaves an empty or
         * short seed; when two processes create it at once, both use the one that won.
         */
        public Builder seedDirectory(Path dir) throws IOException {
            Path file = Objects.requireNonNull(dir, "dir").resolve(SEED_FILE);
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    CrashSafeFiles.createIfAbsent(file, out -> out.write(fresh));
                } finally {
                    Arrays.fill(fresh, (byte) 0);
                }
            }
            return existingSeedDirectory(dir);
        }

        /**
         * Uses the seed kept in {@code dir}/{@value SimulatedKeySource#SEED_FILE}; never creates
         * one (for opening data sealed earlier: a new seed could only derive other keys).
         *
         * @throws java.nio.file.NoSuchFileException when there is no seed there
         * @throws IOException when it cannot be read or is not 32 bytes
         */
        public Builder existingSeedDirectory(Path dir) throws IOException {
            Path file = Objects.requireNonNull(dir, "dir").resolve(SEED_FILE);
            if (Files.size(file) != 32) {
                throw new IOException(file + " is not a 32-byte simulated seed");
            }
            byte[] s = Files.readAllBytes(file);
            try {
                return seed(s);
            } finally {
                Arrays.fill(s, (byte) 0);
            }
        }

        /** The 48-byte launch measurement. */
        public Builder measurement(byte[] measurement) {
            if (Objects.requireNonNull(measurement, "measurement").length != 48) {
                throw new IllegalArgumentException("measurement must be 48 bytes");
            }
            this.measurement = measurement.clone();
            return this;
        }

        /** The guest policy value. */
        public Builder guestPolicy(long guestPolicy) {
            this.guestPolicy = guestPolicy;
            return this;
        }

        /** The 16-byte image id. */
        public Builder imageId(byte[] imageId) {
            if (Objects.requireNonNull(imageId, "imageId").length != 16) {
                throw new IllegalArgumentException("image id must be 16 bytes");
            }
            this.imageId = imageId.clone();
            return this;
        }

        /** The 16-byte family id. */
        public Builder familyId(byte[] familyId) {
            if (Objects.requireNonNull(familyId, "familyId").length != 16) {
                throw new IllegalArgumentException("family id must be 16 bytes");
            }
            this.familyId = familyId.clone();
            return this;
        }

        /** The privilege level (VMPL 0..3) the key is requested at. */
        public Builder privilegeLevel(int vmpl) {
            if (vmpl < 0 || vmpl > 3) {
                throw new IllegalArgumentException("VMPL must be 0..3");
            }
            this.vmpl = vmpl;
            return this;
        }

        /** The launch mitigation vector. */
        public Builder launchMitigationVector(long vector) {
            this.launchMitigationVector = vector;
            return this;
        }

        /** The current guest SVN. */
        public Builder guestSvn(long guestSvn) {
            this.guestSvn = guestSvn;
            return this;
        }

        /** The current TCB version (eight one-byte SPLs). */
        public Builder tcbVersion(long tcbVersion) {
            this.tcbVersion = tcbVersion;
            return this;
        }

        /** Builds the source. */
        public SimulatedKeySource build() {
            if (seed == null) {
                throw new IllegalStateException("seed or seedDirectory is required");
            }
            return new SimulatedKeySource(this);
        }
    }
}
