package io.tee4j.snp.client;

import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.util.LittleEndian;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A request for a key derived by the SNP firmware ({@code MSG_KEY_REQ}, the kernel's
 * {@code SNP_GET_DERIVED_KEY}): which root key, which guest fields to mix in, and the VMPL, guest
 * SVN, TCB version and (message version 2) launch mitigation vector to derive at.
 *
 * <p><b>Root key.</b> {@link RootKey#VMRK} (the default) is the VM root key the firmware holds for
 * this guest (installed by a migration agent, otherwise the guest's own). {@link RootKey#VCEK} must
 * be asked for by name: it is the chip's key, shared by every guest on the chip, so a VCEK-rooted
 * key is secret from other guests only through the fields mixed into it; derive one only with
 * {@link GuestField#MEASUREMENT} (or {@link GuestField#GUEST_POLICY} plus an ID block) selected, and know
 * that anyone who can launch a guest with the same measurement on the same chip gets the same key.
 * It also changes when the chip changes (no migration).
 *
 * <p>The firmware refuses a VMPL below the caller's, a guest SVN above the launch SVN and a TCB
 * above the committed TCB. Marshalling follows the kernel's {@code struct snp_derived_key_req}
 * (32 bytes, {@code /usr/include/linux/sev-guest.h}) for message version 1 and appends the 8-byte
 * launch mitigation vector for version 2 (SNP ABI 1.58). Note: kernels whose uapi struct is 32
 * bytes copy only those 32 bytes, so with them a version-2 mitigation vector does not reach the
 * firmware (it sees zero); the attester therefore sends version 2 only when asked.
 *
 * <p>{@link #checkBeforeSending(long)} applies the firmware's request rules that need no firmware
 * state (VMPL against the guest's, the root-key and field selectors of the encoded bytes) so that
 * such a refusal is a clear error here rather than a firmware status.
 *
 * @since 0.1
 */
public final class DerivedKeyRequest {
    /** Size of the version-1 request. */
    public static final int SIZE_V1 = 32;
    /** Size of the version-2 request (with the launch mitigation vector). */
    public static final int SIZE_V2 = 40;

    /** The root key the derived key comes from. */
    public enum RootKey {
        /** The chip's VCEK (shared by all guests on the chip): only by name, see the class description. */
        VCEK(0),
        /** The VM root key (default). */
        VMRK(1);

        private final int bit;

        RootKey(int bit) {
            this.bit = bit;
        }

        /** The value of ROOT_KEY_SELECT bit 0. */
        public int bit() {
            return bit;
        }
    }

    /** GUEST_FIELD_SELECT bits: the guest fields mixed into the key. */
    public enum GuestField {
        GUEST_POLICY(0),
        IMAGE_ID(1),
        FAMILY_ID(2),
        MEASUREMENT(3),
        GUEST_SVN(4),
        TCB_VERSION(5),
        /** Message version 2 only. */
        LAUNCH_MIT_VECTOR(6);

        private final int bit;

        GuestField(int bit) {
            this.bit = bit;
        }

        public int bit() {
            return bit;
        }
    }

    private final RootKey rootKey;
    private final Set<GuestField> fields;
    private final long vmpl;
    private final long guestSvn;
    private final long tcbVersion;
    private final long launchMitVector;
    private final int messageVersion;

    private DerivedKeyRequest(Builder b) {
        this.rootKey = b.rootKey;
        this.fields = Collections.unmodifiableSet(EnumSet.copyOf(b.fields));
        this.vmpl = b.vmpl;
        this.guestSvn = b.guestSvn;
        this.tcbVersion = b.tcbVersion;
        this.launchMitVector = b.launchMitVector;
        this.messageVersion = b.messageVersion;
    }

    public static Builder builder() {
        return new Builder();
    }

    public RootKey rootKey() {
        return rootKey;
    }

    public Set<GuestField> guestFields() {
        return fields;
    }

    /** GUEST_FIELD_SELECT as a bit mask. */
    public long guestFieldSelect() {
        long m = 0;
        for (GuestField f : fields) {
            m |= 1L << f.bit();
        }
        return m;
    }

    public long vmpl() {
        return vmpl;
    }

    public long guestSvn() {
        return guestSvn;
    }

    public long tcbVersion() {
        return tcbVersion;
    }

    public long launchMitVector() {
        return launchMitVector;
    }

    /** 1 or 2. */
    public int messageVersion() {
        return messageVersion;
    }

    /** The request bytes as the kernel passes them to the firmware (32 bytes, or 40 for version 2). */
    public byte[] toBytes() {
        byte[] b = new byte[messageVersion == 2 ? SIZE_V2 : SIZE_V1];
        LittleEndian.putU32(b, 0, rootKey.bit());
        LittleEndian.putU64(b, 8, guestFieldSelect());
        LittleEndian.putU32(b, 16, vmpl);
        LittleEndian.putU32(b, 20, guestSvn);
        LittleEndian.putU64(b, 24, tcbVersion);
        if (messageVersion == 2) {
            LittleEndian.putU64(b, 32, launchMitVector);
        }
        return b;
    }

    /** GUEST_FIELD_SELECT bits that message version 1 defines (bits 0..5). */
    private static final long FIELDS_V1 = 0x3FL;
    /** GUEST_FIELD_SELECT bits that message version 2 defines (adds bit 6, the mitigation vector). */
    private static final long FIELDS_V2 = 0x7FL;

    /**
     * Checks, on the bytes about to be sent, what the firmware would refuse with INVALID_PARAM
     * without looking at its own state: a VMPL below {@code guestVmpl} (the VMPL the guest runs
     * and attests at) or above 3, a root-key selector other than VCEK (0) or VMRK (1) or with
     * reserved bits, and field-select bits the message version does not define. The bounds that
     * need the firmware's state (guest SVN, committed TCB, launch mitigation vector) stay the
     * firmware's to check.
     *
     * @throws TeeUnavailableException naming the rule, before anything reaches the device
     */
    public void checkBeforeSending(long guestVmpl) throws TeeUnavailableException {
        byte[] b = toBytes();
        checkVmpl(LittleEndian.u32(b, 16), guestVmpl);
        checkRootKeySelector(LittleEndian.u32(b, 0), LittleEndian.u32(b, 4));
        checkFieldSelect(LittleEndian.u64(b, 8));
    }

    private static void checkVmpl(long requested, long guestVmpl) throws TeeUnavailableException {
        if (requested > 3 || requested < guestVmpl) {
            throw refusedBeforeSending("VMPL " + requested + " is below the guest's VMPL " + guestVmpl
                    + " or above 3");
        }
    }

    private static void checkRootKeySelector(long rootKeySelect, long reserved) throws TeeUnavailableException {
        if ((rootKeySelect & ~1L) != 0 || reserved != 0) {
            throw refusedBeforeSending(String.format("root-key selector 0x%x has reserved bits set", rootKeySelect));
        }
    }

    private void checkFieldSelect(long select) throws TeeUnavailableException {
        long defined = messageVersion == 2 ? FIELDS_V2 : FIELDS_V1;
        if ((select & ~defined) != 0) {
            throw refusedBeforeSending(String.format("GUEST_FIELD_SELECT 0x%x has bits that message version %d"
                    + " does not define", select, messageVersion));
        }
    }

    private static TeeUnavailableException refusedBeforeSending(String why) {
        return new TeeUnavailableException("derived-key request refused before it was sent (the firmware would"
                + " answer INVALID_PARAM): " + why);
    }

    /** Reads a request from its bytes (32 = version 1, 40 = version 2); for fakes and tests. */
    public static DerivedKeyRequest fromBytes(byte[] b) {
        if (b.length != SIZE_V1 && b.length != SIZE_V2) {
            throw new IllegalArgumentException("a derived-key request is 32 or 40 bytes");
        }
        long rks = LittleEndian.u32(b, 0);
        if ((rks & ~1L) != 0 || LittleEndian.u32(b, 4) != 0) {
            throw new IllegalArgumentException("reserved bits of the derived-key request are set");
        }
        long gfs = LittleEndian.u64(b, 8);
        Set<GuestField> fields = EnumSet.noneOf(GuestField.class);
        for (GuestField f : GuestField.values()) {
            if ((gfs >>> f.bit() & 1) != 0) {
                fields.add(f);
            }
        }
        if ((gfs & ~0x7FL) != 0) {
            throw new IllegalArgumentException("reserved GUEST_FIELD_SELECT bits are set");
        }
        Builder bl = builder().rootKey(rks == 1 ? RootKey.VMRK : RootKey.VCEK).guestFields(fields)
                .vmpl(LittleEndian.u32(b, 16)).guestSvn(LittleEndian.u32(b, 20)).tcbVersion(LittleEndian.u64(b, 24));
        if (b.length == SIZE_V2) {
            bl.messageVersion(2).launchMitVector(LittleEndian.u64(b, 32));
        } else {
            bl.messageVersion(1);
        }
        return bl.build();
    }

    @Override
    public String toString() {
        return "DerivedKeyRequest[" + rootKey + ", fields " + fields + ", vmpl " + vmpl + ", svn " + guestSvn
                + String.format(", tcb 0x%016x", tcbVersion) + ", v" + messageVersion + "]";
    }

    /**
     * Builds a {@link DerivedKeyRequest}. Defaults: VMRK, no guest fields, VMPL 0, SVN 0, TCB 0,
     * message version 1 (set to 2 automatically when the mitigation vector is mixed in).
     */
    public static final class Builder {
        private RootKey rootKey = RootKey.VMRK;
        private Set<GuestField> fields = EnumSet.noneOf(GuestField.class);
        private long vmpl;
        private long guestSvn;
        private long tcbVersion;
        private long launchMitVector;
        private Integer messageVersion;

        private Builder() {
        }

        /** The root key; {@link RootKey#VCEK} only with the limitation in the class description understood. */
        public Builder rootKey(RootKey rootKey) {
            this.rootKey = Objects.requireNonNull(rootKey, "rootKey");
            return this;
        }

        public Builder guestFields(Set<GuestField> fields) {
            this.fields = fields.isEmpty() ? EnumSet.noneOf(GuestField.class) : EnumSet.copyOf(fields);
            return this;
        }

        public Builder addGuestField(GuestField f) {
            this.fields.add(Objects.requireNonNull(f, "field"));
            return this;
        }

        /** 0..3; not below the caller's VMPL. */
        public Builder vmpl(long vmpl) {
            if (vmpl < 0 || vmpl > 3) {
                throw new IllegalArgumentException("VMPL must be in [0, 3]");
            }
            this.vmpl = vmpl;
            return this;
        }

        public Builder guestSvn(long svn) {
            if (svn < 0 || svn > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("guest SVN is a u32");
            }
            this.guestSvn = svn;
            return this;
        }

        /** The TCB version (raw u64), not above the committed TCB. */
        public Builder tcbVersion(long tcb) {
            this.tcbVersion = tcb;
            return this;
        }

        /** The launch mitigation vector (message version 2). */
        public Builder launchMitVector(long v) {
            this.launchMitVector = v;
            return this;
        }

        /** 1 or 2. */
        public Builder messageVersion(int v) {
            if (v != 1 && v != 2) {
                throw new IllegalArgumentException("message version 1 or 2");
            }
            this.messageVersion = v;
            return this;
        }

        public DerivedKeyRequest build() {
            boolean needsV2 = fields.contains(GuestField.LAUNCH_MIT_VECTOR) || launchMitVector != 0;
            if (messageVersion == null) {
                messageVersion = needsV2 ? 2 : 1;
            } else if (messageVersion == 1 && needsV2) {
                throw new IllegalStateException("the launch mitigation vector needs message version 2");
            }
            return new DerivedKeyRequest(this);
        }
    }
}
