package io.tee4j.tdx;

import io.tee4j.core.Policy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.tdx.internal.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a relying party requires of an authentic TDX quote. Evaluated by {@link TdxVerifier} after
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
    private final Set<IntelTcbStatus> acceptedStatuses;
    private final boolean allowDebug;
    private final List<byte[]> mrTds;
    private final List<byte[]> mrSeams;
    private final byte[][] rtmrs;
    private final byte[] mrConfigId;
    private final byte[] mrOwner;
    private final byte[] mrOwnerConfig;
    private final long xfamValue;
    private final long xfamMask;
    private final long tdAttributesValue;
    private final long tdAttributesMask;
    private final byte[] minimumTeeTcbSvn;
    private final Integer minimumQeSvn;
    private final Integer minimumPceSvn;
    private final byte[] reportData;
    private final byte[] qeVendorId;
    private final Long minimumTcbEvaluationDataNumber;
    private final Set<String> rejectedAdvisoryIds;

    private TdxPolicy(Builder b) {
        acceptedStatuses = Set.copyOf(b.accepted);
        allowDebug = b.allowDebug;
        mrTds = copy(b.mrTds);
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
     * {@code minimumTcbEvaluationDataNumber}, {@code rejectedAdvisoryIds} (list of strings). Unknown
     * keys are rejected.
     */
    public static TdxPolicy fromDocument(PolicyDocument doc) throws PolicyFormatException {
        Objects.requireNonNull(doc, "doc");
        Builder b = builder();
        List<String> statuses = doc.strings("acceptedTcbStatuses");
        if (doc.has("acceptedTcbStatuses")) {
            b.accepted.clear();
            for (String s : statuses) {
                IntelTcbStatus st = IntelTcbStatus.fromIntelName(s).orElseThrow(
                        () -> doc.invalid("acceptedTcbStatuses", "unknown Intel TCB status " + s));
                if (st == IntelTcbStatus.REVOKED || st == IntelTcbStatus.NOT_SUPPORTED) {
                    throw doc.invalid("acceptedTcbStatuses", s + " can never be accepted");
                }
                b.accepted.add(st);
            }
        }
        doc.bool("allowDebug").ifPresent(b::allowDebug);
        doc.hexList("mrtd", 48).forEach(b::addMrTd);
        doc.hexList("mrseam", 48).forEach(b::addMrSeam);
        for (int i = 0; i < 4; i++) {
            int idx = i;
            doc.hex("rtmr" + i, 48).ifPresent(v -> b.rtmr(idx, v));
        }
        doc.hex("mrConfigId", 48).ifPresent(b::mrConfigId);
        doc.hex("mrOwner", 48).ifPresent(b::mrOwner);
        doc.hex("mrOwnerConfig", 48).ifPresent(b::mrOwnerConfig);
        Optional<PolicyDocument> xfam = doc.object("xfam");
        if (xfam.isPresent()) {
            long v = xfam.get().unsigned64("value").orElseThrow(() -> doc.invalid("xfam", "needs a value"));
            b.xfam(v, xfam.get().unsigned64("mask").orElse(-1L));
            xfam.get().finish();
        }
        Optional<PolicyDocument> attrs = doc.object("tdAttributes");
        if (attrs.isPresent()) {
            long v = attrs.get().unsigned64("value").orElseThrow(() -> doc.invalid("tdAttributes", "needs a value"));
            b.tdAttributes(v, attrs.get().unsigned64("mask").orElse(-1L));
            attrs.get().finish();
        }
        doc.hex("minimumTeeTcbSvn", 16).ifPresent(b::minimumTeeTcbSvn);
        doc.unsigned("minimumQeSvn", 65535).ifPresent(v -> b.minimumQeSvn(v.intValue()));
        doc.unsigned("minimumPceSvn", 65535).ifPresent(v -> b.minimumPceSvn(v.intValue()));
        doc.hex("reportData", 64).ifPresent(b::reportData);
        doc.hex("qeVendorId", 16).ifPresent(b::qeVendorId);
        doc.unsigned("minimumTcbEvaluationDataNumber", 0xFFFFFFFFL).ifPresent(b::minimumTcbEvaluationDataNumber);
        doc.strings("rejectedAdvisoryIds").forEach(b::rejectAdvisoryId);
        doc.finish();
        return b.build();
    }

    /**
     * Whether a quote that satisfies this policy had its measurements appraised: the policy pins
     * MRTD (the TD's initial measurement) to a reference list, and any RTMR it pins must match too.
     */
    boolean appraisesMeasurements() {
        return !mrTds.isEmpty();
    }

    /** Every failed check, in order; empty when the quote satisfies the policy. */
    List<String> violations(TdxQuote quote, TcbEvaluation tcb, PckExtensions pck) {
        List<String> v = new ArrayList<>();
        TdReportBody body = quote.body();
        if (!acceptedStatuses.contains(tcb.status())) {
            v.add("TCB status " + tcb.status().intelName() + " (" + tcb.status().common().name()
                    + ") is not accepted (accepted: " + names() + ")");
        }
        if (body.tdAttributes().debug() && !allowDebug) {
            v.add("TD is in debug mode (TDATTRIBUTES bit 0 set); debug TDs are rejected unless allowed by name");
        }
        if (!mrTds.isEmpty() && mrTds.stream().noneMatch(m -> Arrays.equals(m, body.mrTd()))) {
            v.add("MRTD " + Bytes.hex(body.mrTd()) + " is not one of the " + mrTds.size() + " accepted values");
        }
        if (!mrSeams.isEmpty() && mrSeams.stream().noneMatch(m -> Arrays.equals(m, body.mrSeam()))) {
            v.add("MRSEAM " + Bytes.hex(body.mrSeam()) + " is not one of the " + mrSeams.size() + " accepted values");
        }
        for (int i = 0; i < 4; i++) {
            if (rtmrs[i] != null && !Arrays.equals(rtmrs[i], body.rtmr(i))) {
                v.add("RTMR" + i + " is " + Bytes.hex(body.rtmr(i)) + ", expected " + Bytes.hex(rtmrs[i]));
            }
        }
        exact(v, "MRCONFIGID", mrConfigId, body.mrConfigId());
        exact(v, "MROWNER", mrOwner, body.mrOwner());
        exact(v, "MROWNERCONFIG", mrOwnerConfig, body.mrOwnerConfig());
        if ((body.xfam().value() & xfamMask) != (xfamValue & xfamMask)) {
            v.add(String.format("XFAM 0x%016x does not match 0x%016x under mask 0x%016x", body.xfam().value(),
                    xfamValue, xfamMask));
        }
        if ((body.tdAttributes().value() & tdAttributesMask) != (tdAttributesValue & tdAttributesMask)) {
            v.add(String.format("TDATTRIBUTES 0x%016x do not match 0x%016x under mask 0x%016x",
                    body.tdAttributes().value(), tdAttributesValue, tdAttributesMask));
        }
        if (minimumTeeTcbSvn != null) {
            for (int i = 0; i < 16; i++) {
                if (body.teeTcbSvn(i) < (minimumTeeTcbSvn[i] & 0xFF)) {
                    v.add("TEE_TCB_SVN " + Bytes.hex(body.teeTcbSvn()) + " is below the minimum "
                            + Bytes.hex(minimumTeeTcbSvn) + " at component " + i);
                    break;
                }
            }
        }
        if (minimumQeSvn != null && quote.qeReport().isvSvn() < minimumQeSvn) {
            v.add("QE ISVSVN " + quote.qeReport().isvSvn() + " is below the minimum " + minimumQeSvn);
        }
        if (minimumPceSvn != null && pck.pceSvn() < minimumPceSvn) {
            v.add("PCESVN " + pck.pceSvn() + " is below the minimum " + minimumPceSvn);
        }
        if (reportData != null && !java.security.MessageDigest.isEqual(reportData, body.reportData())) {
            v.add("report data does not match the expected value");
        }
        exact(v, "QE vendor ID", qeVendorId, quote.qeVendorId());
        if (minimumTcbEvaluationDataNumber != null && tcb.tcbEvaluationDataNumber() < minimumTcbEvaluationDataNumber) {
            v.add("TCB evaluation data number " + tcb.tcbEvaluationDataNumber() + " (the smaller of the TCB info's "
                    + "and the QE identity's) is below the minimum "
                    + minimumTcbEvaluationDataNumber);
        }
        for (String a : tcb.advisoryIds()) {
            if (rejectedAdvisoryIds.contains(a.toUpperCase(Locale.ROOT))) {
                v.add("advisory " + a + " applies to this platform and is rejected");
            }
        }
        return v;
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        for (IntelTcbStatus s : IntelTcbStatus.values()) {
            if (acceptedStatuses.contains(s)) {
                n.add(s.intelName());
            }
        }
        return n;
    }

    private static void exact(List<String> v, String name, byte[] want, byte[] have) {
        if (want != null && !Arrays.equals(want, have)) {
            v.add(name + " is " + Bytes.hex(have) + ", expected " + Bytes.hex(want));
        }
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
