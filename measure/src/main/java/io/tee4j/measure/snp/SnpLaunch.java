package io.tee4j.measure.snp;

import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import java.util.Objects;
import java.util.Optional;

/**
 * The inputs of an SEV-SNP (or SEV-ES) launch measurement: the firmware, the vCPU count and
 * signature, the VMM, the guest features (VMSA SEV_FEATURES), an optional kernel hashes table and
 * an optional precomputed firmware digest. None of these are in the firmware; each changes the
 * digest, so a verifier must know all of them.
 *
 * <p>The builder checks ranges only; whether the firmware supports the request (a kernel-hashes
 * page, an AP reset address) is checked when measuring. Immutable.
 *
 * @since 0.1
 */
public final class SnpLaunch {
    /** The most vCPUs accepted (a bound on work; KVM allows 4096 today). */
    public static final int MAX_VCPUS = 1 << 16;

    private final OvmfImage firmware;
    private final int vcpus;
    private final long vcpuSignature;
    private final VmmType vmm;
    private final long guestFeatures;
    private final SevHashesTable hashes;
    private final byte[] firmwareDigest;

    private SnpLaunch(Builder b) {
        this.firmware = b.firmware;
        this.vcpus = b.vcpus;
        this.vcpuSignature = b.vcpuSignature;
        this.vmm = b.vmm;
        this.guestFeatures = b.guestFeatures;
        this.hashes = b.hashes;
        this.firmwareDigest = b.firmwareDigest;
    }

    public static Builder builder(OvmfImage firmware) {
        return new Builder(firmware);
    }

    public OvmfImage firmware() {
        return firmware;
    }

    public int vcpus() {
        return vcpus;
    }

    /** CPUID(1).EAX of the vCPUs; only QEMU's VMSA uses it. */
    public long vcpuSignature() {
        return vcpuSignature;
    }

    public VmmType vmm() {
        return vmm;
    }

    /** The VMSA SEV_FEATURES value ("guest features"). */
    public long guestFeatures() {
        return guestFeatures;
    }

    /** The SEV hashes table of a direct kernel boot; empty when no kernel is measured. */
    public Optional<SevHashesTable> hashes() {
        return Optional.ofNullable(hashes);
    }

    /** The precomputed digest of the firmware pages, used in place of hashing them. */
    public Optional<byte[]> firmwareDigest() {
        return Optional.ofNullable(firmwareDigest).map(byte[]::clone);
    }

    /** Builds {@link SnpLaunch}. Defaults: 1 vCPU, QEMU, signature 0, guest features 0x1 (SNPActive). */
    public static final class Builder {
        private final OvmfImage firmware;
        private int vcpus = 1;
        private long vcpuSignature;
        private VmmType vmm = VmmType.QEMU;
        private long guestFeatures = 1;
        private SevHashesTable hashes;
        private byte[] firmwareDigest;

        private Builder(OvmfImage firmware) {
            this.firmware = Objects.requireNonNull(firmware, "firmware");
        }

        public Builder vcpus(int n) throws MeasurementInputException {
            if (n < 1 || n > MAX_VCPUS) {
                throw new MeasurementInputException("vCPU count " + n + " is outside 1.." + MAX_VCPUS);
            }
            this.vcpus = n;
            return this;
        }

        /** CPUID(1).EAX, a 32-bit value. */
        public Builder vcpuSignature(long signature) throws MeasurementInputException {
            if (signature < 0 || signature > 0xFFFFFFFFL) {
                throw new MeasurementInputException("vCPU signature 0x" + Long.toHexString(signature)
                        + " is not a 32-bit value");
            }
            this.vcpuSignature = signature;
            return this;
        }

        public Builder vmm(VmmType type) {
            this.vmm = Objects.requireNonNull(type, "vmm");
            return this;
        }

        /** The 64-bit SEV_FEATURES value; it depends on the host kernel and QEMU, so pass what the host uses. */
        public Builder guestFeatures(long features) {
            this.guestFeatures = features;
            return this;
        }

        public Builder hashes(SevHashesTable table) {
            this.hashes = table;
            return this;
        }

        /** Starts the digest from this 48-byte value (sev-snp-measure's {@code --snp-ovmf-hash}). */
        public Builder firmwareDigest(byte[] digest) throws MeasurementInputException {
            if (digest != null && digest.length != Digests.SHA384_BYTES) {
                throw new MeasurementInputException("a firmware digest is 48 bytes, not " + digest.length);
            }
            this.firmwareDigest = digest == null ? null : digest.clone();
            return this;
        }

        public SnpLaunch build() {
            return new SnpLaunch(this);
        }
    }
}
