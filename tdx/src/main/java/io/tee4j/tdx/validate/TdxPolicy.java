package io.tee4j.tdx.validate;

import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.Policy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.TeeType;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TcbEvaluation;
import io.tee4j.tdx.abi.TdReportBody;
import io.tee4j.tdx.abi.TdxQuote;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a relying party requires of an authentic TDX quote. Evaluated by {@code TdxVerifier} after
 * every signature, chain, collateral and revocation check has passed; a
 * {@link io.tee4j.core.PolicyViolationException} lists every failed check.
 *
 * <p>Defaults ({@link #defaults()}): only TCB status {@code UpToDate} is accepted; a debug TD
 * (TDATTRIBUTES bit 0) is rejected; nothing else is checked. Any other status is accepted only
 * when named ({@link Builder#acceptTcbStatus}), by Intel's exact name — accepting {@code OutOfDate}
 * does not accept {@code TDRelaunchAdvised}; {@code Revoked} and {@code TCBNotSupported} cannot
 * be accepted (the verifier fails before the policy for them). Measurements (MRTD one of a set,
 * RTMR0–3, MRSEAM one of a set, MRCONFIGID, MROWNER, MROWNERCONFIG), XFAM and TD attributes under
 * masks, minimum TEE_TCB_SVN (component-wise), minimum QE ISVSVN and PCESVN, report data, QE vendor
 * ID, a minimum TCB evaluation data number and rejected advisory IDs are checked only when set.
 *
 * @since 0.1
 */
public final class TdxPolicy implements Policy {
    /**
     * Every key of the policy JSON (the rule registry): the reader accepts exactly these, the
     * README lists exactly these, and a violation's rule id is one of them.
     */
    public static final List<String> KEYS = List.of(
            "acceptedTcbStatuses", "allowDebug", "mrtd", "mrseam", "rtmr0", "rtmr1", "rtmr2", "rtmr3",
            "mrConfigId", "mrOwner", "mrOwnerConfig", "xfam", "tdAttributes", "minimumTeeTcbSvn", "minimumQeSvn",
            "minimumPceSvn", "reportData", "qeVendorId", "minimumTcbEvaluationDataNumber", "rejectedAdvisoryIds",
            "referenceManifest");

    final Set<IntelTcbStatus> acceptedStatuses;
    final boolean allowDebug;
    final List<byte[]> mrTds;
    final NamedReferenceValues referenceManifest;
    final List<byte[]> mrSeams;
    final byte[][] rtmrs;
    final byte[] mrConfigId;
    final byte[] mrOwner;
    final byte[] mrOwnerConfig;
    final long xfamValue;
    final long xfamMask;
    final long tdAttributesValue;
    final long tdAttributesMask;
    final byte[] minimumTeeTcbSvn;
    final Integer minimumQeSvn;
    final Integer minimumPceSvn;
    final byte[] reportData;
    final byte[] qeVendorId;
    final Long minimumTcbEvaluationDataNumber;
    final Set<String> rejectedAdvisoryIds;

    private TdxPolicy(Builder b) {
        acceptedStatuses = Set.copyOf(b.accepted);
        allowDebug = b.allowDebug;
        mrTds = copy(b.mrTds);
        referenceManifest = b.referenceManifest;
        mrSeams = copy(b.mrSeams);
        rtmrs = new byte[4][];
        for (int i = 0; i < 4; i++) {
            rtmrs[i] = b.rtmrs[i] == null ? null : b.rtmrs[i].clone();
        }
        mrConfigId = clone(b.mrConfigId);
        mrOwner = clone(b.mrOwner);
        mrOwnerConfig = clone(b.mrOwnerConfig);
        xfamValue = b.xfamValue;
        xfamMask = b.xfamMask;
        tdAttributesValue = b.tdAttributesValue;
        tdAttributesMask = b.tdAttributesMask;
        minimumTeeTcbSvn = clone(b.minimumTeeTcbSvn);
        minimumQeSvn = b.minimumQeSvn;
        minimumPceSvn = b.minimumPceSvn;
        reportData = clone(b.reportData);
        qeVendorId = clone(b.qeVendorId);
        minimumTcbEvaluationDataNumber = b.minimumTcbEvaluationDataNumber;
        rejectedAdvisoryIds = Set.copyOf(b.rejectedAdvisoryIds);
    }

    private static List<byte[]> copy(List<byte[]> l) {
        List<byte[]> out = new ArrayList<>(l.size());
        l.forEach(x -> out.add(x.clone()));
        return List.copyOf(out);
    }

    private static byte[] clone(byte[] b) {
        return b == null ? null : b.clone();
    }

    /** The default policy: UpToDate only, debug rejected. */
    public static TdxPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TeeType type() {
        return TeeType.TDX;
    }

    /** The accepted converged TCB statuses. */
    public Set<IntelTcbStatus> acceptedTcbStatuses() {
        return acceptedStatuses;
    }

    public boolean allowDebug() {
        return allowDebug;
    }

    /**
     * Reads a policy document. Keys (all optional): {@code acceptedTcbStatuses} (Intel names, e.g.
     * {@code ["UpToDate","OutOfDate"]}), {@code allowDebug}, {@code mrtd} and {@code mrseam} (lists of
     * 48-byte hex), {@code rtmr0}..{@code rtmr3}, {@code mrConfigId}, {@code mrOwner},
     * {@code mrOwnerConfig} (48-byte hex), {@code xfam} and {@code tdAttributes} (objects with
     * {@code value} and optional {@code mask}, 64-bit integers, default mask all ones),
     * {@code minimumTeeTcbSvn} (16-byte hex), {@code minimumQeSvn}, {@code minimumPceSvn},
     * {@code reportData} (64-byte hex), {@code qeVendorId} (16-byte hex),
     * {@code minimumTcbEvaluationDataNumber}, {@code rejectedAdvisoryIds} (list of strings),
     * {@code referenceManifest} (list of {@code {name, mrtd, rtmr0..3}}, names unique). Unknown
     * keys are rejected.
     */
    public static TdxPolicy fromDocument(PolicyDocument doc) throws PolicyFormatException {
        return TdxPolicyReader.read(Objects.requireNonNull(doc, "doc"));
    }

    /**
     * Whether a quote that satisfies this policy had its measurements appraised: the policy pins
     * MRTD (the TD's initial measurement) to a reference list, and any RTMR it pins must match too.
     */
    public boolean appraisesMeasurements() {
        return !mrTds.isEmpty() || !referenceManifest.isEmpty();
    }

    /** The reference-manifest entry whose registers the TD carries, if the policy has entries. */
    public Optional<String> referenceEntry(TdReportBody body) {
        return TdxPolicyRules.referenceEntry(this, body);
    }

    /**
     * Every failed check, in order, each with its rule id (the policy document's key); empty when the
     * quote satisfies the policy.
     */
    public List<PolicyViolation> violations(TdxQuote quote, TcbEvaluation tcb, PckExtensions pck) {
        List<PolicyViolation> v = new ArrayList<>();
        TdxPolicyRules.statusAndDebug(this, tcb, quote.body(), v);
        TdxPolicyRules.measurements(this, quote.body(), v);
        TdxPolicyRules.attributes(this, quote.body(), v);
        TdxPolicyRules.platform(this, quote, tcb, pck, v);
        TdxPolicyRules.referenceManifest(this, quote.body(), v);
        return v;
    }

    List<String> names() {
        List<String> n = new ArrayList<>();
        for (IntelTcbStatus s : IntelTcbStatus.values()) {
            if (acceptedStatuses.contains(s)) {
                n.add(s.intelName());
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "TdxPolicy[accepted " + names() + (allowDebug ? ", debug allowed" : "") + "]";
    }

    /** Builds a {@link TdxPolicy}; starts from the defaults. */
    public static final class Builder {
        private final Set<IntelTcbStatus> accepted = EnumSet.of(IntelTcbStatus.UP_TO_DATE);
        private boolean allowDebug;
        private final List<byte[]> mrTds = new ArrayList<>();
        private NamedReferenceValues referenceManifest = NamedReferenceValues.none();
        private final List<byte[]> mrSeams = new ArrayList<>();
        private final byte[][] rtmrs = new byte[4][];
        private byte[] mrConfigId;
        private byte[] mrOwner;
        private byte[] mrOwnerConfig;
        private long xfamValue;
        private long xfamMask;
        private long tdAttributesValue;
        private long tdAttributesMask;
        private byte[] minimumTeeTcbSvn;
        private Integer minimumQeSvn;
        private Integer minimumPceSvn;
        private byte[] reportData;
        private byte[] qeVendorId;
        private Long minimumTcbEvaluationDataNumber;
        private final Set<String> rejectedAdvisoryIds = new LinkedHashSet<>();

        private Builder() {
        }

        /** Forgets the accepted statuses (the document's list replaces the default). */
        Builder acceptNoStatus() {
            accepted.clear();
            return this;
        }

        /**
         * Also accepts the given converged status, by its Intel name (e.g. {@code OutOfDate}).
         *
         * @throws IllegalArgumentException for unknown names and for Revoked / TCBNotSupported
         */
        public Builder acceptTcbStatus(String intelName) {
            IntelTcbStatus s = IntelTcbStatus.fromIntelName(Objects.requireNonNull(intelName, "intelName"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown Intel TCB status " + intelName));
            return acceptTcbStatus(s);
        }

        /** Also accepts the given converged status. */
        public Builder acceptTcbStatus(IntelTcbStatus status) {
            if (status == IntelTcbStatus.REVOKED || status == IntelTcbStatus.NOT_SUPPORTED) {
                throw new IllegalArgumentException(status.intelName() + " can never be accepted");
            }
            accepted.add(status);
            return this;
        }

        /** Accepts debug TDs (never do this in production). */
        public Builder allowDebug(boolean allow) {
            this.allowDebug = allow;
            return this;
        }

        /**
         * Registers under the names of reference-manifest entries ({@code mrtd}, and {@code rtmr0}..
         * {@code rtmr3} where derived); with entries, the TD must carry every register of one entry,
         * and the result names it.
         */
        public Builder referenceManifest(NamedReferenceValues entries) {
            this.referenceManifest = Objects.requireNonNull(entries, "entries").requireEvery("mrtd", 48);
            return this;
        }

        /** Adds an accepted MRTD; when any are given, the quote's MRTD must be one of them. */
        public Builder addMrTd(byte[] mrTd) {
            mrTds.add(len(mrTd, 48, "MRTD"));
            return this;
        }

        /** Adds an accepted MRSEAM (TDX module measurement). */
        public Builder addMrSeam(byte[] mrSeam) {
            mrSeams.add(len(mrSeam, 48, "MRSEAM"));
            return this;
        }

        /** Requires RTMR {@code index} (0..3) to equal {@code value}. */
        public Builder rtmr(int index, byte[] value) {
            Objects.checkIndex(index, 4);
            rtmrs[index] = len(value, 48, "RTMR");
            return this;
        }

        public Builder mrConfigId(byte[] v) {
            mrConfigId = len(v, 48, "MRCONFIGID");
            return this;
        }

        public Builder mrOwner(byte[] v) {
            mrOwner = len(v, 48, "MROWNER");
            return this;
        }

        public Builder mrOwnerConfig(byte[] v) {
            mrOwnerConfig = len(v, 48, "MROWNERCONFIG");
            return this;
        }

        /** Requires {@code (XFAM & mask) == (value & mask)}. */
        public Builder xfam(long value, long mask) {
            xfamValue = value;
            xfamMask = mask;
            return this;
        }

        /** Requires {@code (TDATTRIBUTES & mask) == (value & mask)}. */
        public Builder tdAttributes(long value, long mask) {
            tdAttributesValue = value;
            tdAttributesMask = mask;
            return this;
        }

        /** Requires every TEE_TCB_SVN component to be at least the given one (16 bytes). */
        public Builder minimumTeeTcbSvn(byte[] v) {
            minimumTeeTcbSvn = len(v, 16, "TEE_TCB_SVN");
            return this;
        }

        public Builder minimumQeSvn(int v) {
            minimumQeSvn = v;
            return this;
        }

        public Builder minimumPceSvn(int v) {
            minimumPceSvn = v;
            return this;
        }

        /** Requires the report data to equal {@code v} (64 bytes), compared in constant time. */
        public Builder reportData(byte[] v) {
            reportData = len(v, 64, "report data");
            return this;
        }

        public Builder qeVendorId(byte[] v) {
            qeVendorId = len(v, 16, "QE vendor ID");
            return this;
        }

        /**
         * Requires the TCB evaluation data number — the smaller of the TCB info's and the QE
         * identity's, as Intel's QvE reports it — to be at least {@code v}.
         */
        public Builder minimumTcbEvaluationDataNumber(long v) {
            minimumTcbEvaluationDataNumber = v;
            return this;
        }

        /** Rejects quotes whose matched TCB levels carry this advisory ID (e.g. {@code INTEL-SA-00837}). */
        public Builder rejectAdvisoryId(String id) {
            rejectedAdvisoryIds.add(Objects.requireNonNull(id, "id").toUpperCase(Locale.ROOT));
            return this;
        }

        private static byte[] len(byte[] v, int n, String what) {
            Objects.requireNonNull(v, what);
            if (v.length != n) {
                throw new IllegalArgumentException(what + " must be " + n + " bytes, got " + v.length);
            }
            return v.clone();
        }

        public TdxPolicy build() {
            return new TdxPolicy(this);
        }
    }
}
