package io.tee4j.snp.validate;

import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.Policy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.TeeType;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbComponents;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a relying party requires of an authentic SEV-SNP report: the options of go-sev-guest's
 * {@code validate.Options}, plus a few more. Immutable; build with {@link #builder()} or read a
 * JSON policy with {@link #fromDocument(PolicyDocument)}.
 *
 * <h2>Defaults ({@link #defaults()})</h2>
 * Chosen so that an ordinary production guest as the big clouds run it passes, and evidence that
 * cannot be trusted does not:
 * <ul>
 *   <li><b>debug rejected</b> (guest policy bit 19): {@link SnpPolicyBuilder#allowDebug(boolean)} opts in;
 *   <li><b>migration agent rejected</b> (bit 18): a migration agent can export the guest's memory;
 *       {@link SnpPolicyBuilder#allowMigrationAgent(boolean)} opts in;
 *   <li><b>CXL rejected</b> (bit 21): no cloud guest sets it; {@link SnpPolicyBuilder#allowCxl(boolean)};
 *   <li><b>SMT accepted</b> (bit 16 and platform bit 0): every cloud runs SMT;
 *       {@link SnpPolicyBuilder#allowSmt(boolean)} turns that into a rejection;
 *   <li><b>reserved guest-policy bits (26..63) rejected</b>: a bit AMD defines later may weaken
 *       isolation; {@link SnpPolicyBuilder#permitUnknownGuestPolicyBits(boolean)} opts in;
 *   <li><b>provisional firmware accepted</b> (committed TCB, build or API version below the current
 *       one): Azure and others run so in production; the result carries a warning, and
 *       {@link SnpPolicyBuilder#permitProvisionalFirmware(boolean)} set to false rejects it;
 *   <li><b>any platform-info bits accepted</b>, unknown ones included;
 *   <li><b>VCEK and VLEK signatures accepted</b>;
 *   <li><b>guest VMPLs 0..3 accepted, host-requested reports rejected</b>: in AMD's ABI (1.56+) a
 *       VMPL above 3 (0xFFFFFFFF) marks a report the hypervisor requested, with a REPORT_DATA the
 *       host chose, so a nonce or key "bound" in it binds nothing. The violation is named
 *       {@value #HOST_REQUESTED_REPORT}; {@link SnpPolicyBuilder#allowHostRequestedReports(boolean)} accepts
 *       such reports by name, and the result then says that REPORT_DATA is host-chosen;
 *   <li>every exact-value and minimum-version check is off until set. A minimum TCB that is all
 *       zero evaluates nothing and is refused, as is an explicit {@code requireIdBlock} false beside
 *       trusted key digests (listing a digest implies {@code requireIdBlock}, see
 *       {@link SnpPolicyBuilder#addTrustedIdKeyHash(byte[])}).
 * </ul>
 *
 * <h2>Compared with go-sev-guest</h2>
 * The options mirror {@code validate.Options}. Differences: minimum TCB, build and API version are
 * required of the committed values as well as of the reported (TCB) and current ones, whereas go
 * compares the minimum TCB with REPORTED_TCB only and build/API minimums with the current values.
 * The committed version is the anti-rollback floor: the host may roll the firmware back to any
 * version at or above it, so a platform whose committed version is below the minimum may run
 * firmware below it tomorrow and does not meet it. The consistency rules go applies whatever the
 * options (certificate TCB not above CURRENT_TCB, committed not above current) are enforced by
 * {@code SnpVerifier} before the policy. Trusted key digests are enforced whenever listed (go
 * ignores them unless an ID block is required).
 *
 * <p>{@link #check(AttestationReport)} evaluates every rule and returns every failure, so a
 * {@link io.tee4j.core.PolicyViolationException} names all of them at once.
 *
 * <h2>JSON keys</h2>
 * {@code allowDebug, allowMigrationAgent, allowSmt, allowCxl, permitUnknownGuestPolicyBits,
 * requireSingleSocket, requireAes256Xts, requireRaplDisabled, requireCiphertextHiding,
 * requirePageSwapDisabled, minimumAbi {major, minor}, minimumGuestSvn, reportData, hostData,
 * imageId, familyId, reportId, reportIdMa, measurements [..], chipId, minimumBuild,
 * minimumApiVersion {major, minor}, minimumTcb {fmc, bootloader, tee, snp, microcode},
 * minimumLaunchTcb {...}, permitProvisionalFirmware, allowedPlatformInfoBits,
 * requiredPlatformInfoBits, vmpl, allowHostRequestedReports, requireAuthorKey, requireIdBlock,
 * trustedAuthorKeyHashes [..], trustedIdKeyHashes [..], requiredLaunchMitigations, requiredCurrentMitigations,
 * allowedSigningKeys ["VCEK","VLEK"], minimumReportVersion, productLines ["Milan",..],
 * referenceManifest [{name, measurement}]}. Byte values
 * are hex; unknown keys are rejected.
 *
 * @since 0.1
 */
public final class SnpPolicy implements Policy {
    /** The name of the violation a report with VMPL above 3 (a hypervisor-requested report) raises. */
    public static final String HOST_REQUESTED_REPORT = "host-requested report";
    /** The highest VMPL a guest can request a report at; above it the hypervisor requested it. */
    static final long MAX_GUEST_VMPL = 3;
    /**
     * Every key of the policy JSON, in the order {@link #fromDocument} reads them. A violation's
     * {@link PolicyViolation#ruleId() rule id} is always one of them (the trusted key digests are
     * enforced under {@code requireIdBlock} and {@code requireAuthorKey}).
     */
    public static final List<String> KEYS = List.of(
            "allowDebug", "allowMigrationAgent", "allowSmt", "allowCxl", "permitUnknownGuestPolicyBits",
            "requireSingleSocket", "requireAes256Xts", "requireRaplDisabled", "requireCiphertextHiding",
            "requirePageSwapDisabled", "minimumAbi", "minimumGuestSvn", "reportData", "hostData", "imageId",
            "familyId", "reportId", "reportIdMa", "measurements", "chipId", "minimumBuild", "minimumApiVersion",
            "minimumTcb", "minimumLaunchTcb", "permitProvisionalFirmware", "allowedPlatformInfoBits",
            "requiredPlatformInfoBits", "vmpl", "allowHostRequestedReports", "requireAuthorKey", "requireIdBlock",
            "trustedAuthorKeyHashes", "trustedIdKeyHashes", "requiredLaunchMitigations",
            "requiredCurrentMitigations", "allowedSigningKeys", "minimumReportVersion", "productLines",
            "referenceManifest");
    static final TcbComponents ZERO_TCB = new TcbComponents(0, 0, 0, 0, 0);
    private static final SnpPolicy DEFAULTS = builder().build();

    final boolean allowDebug;
    final boolean allowMigrationAgent;
    final boolean allowSmt;
    final boolean allowCxl;
    final boolean permitUnknownGuestPolicyBits;
    final boolean requireSingleSocket;
    final boolean requireAes256Xts;
    final boolean requireRaplDisabled;
    final boolean requireCiphertextHiding;
    final boolean requirePageSwapDisabled;
    final int minimumAbiMajor;
    final int minimumAbiMinor;
    final long minimumGuestSvn;
    final byte[] reportData;
    final byte[] hostData;
    final byte[] imageId;
    final byte[] familyId;
    final byte[] reportId;
    final byte[] reportIdMa;
    final List<byte[]> measurements;
    final NamedReferenceValues referenceManifest;
    final byte[] chipId;
    final int minimumBuild;
    final int minimumApiMajor;
    final int minimumApiMinor;
    final TcbComponents minimumTcb;
    final TcbComponents minimumLaunchTcb;
    final boolean permitProvisionalFirmware;
    final long allowedPlatformInfoBits;
    final long requiredPlatformInfoBits;
    final Long vmpl;
    final boolean allowHostRequestedReports;
    final boolean requireAuthorKey;
    final boolean requireIdBlock;
    final List<byte[]> trustedAuthorKeyHashes;
    final List<byte[]> trustedIdKeyHashes;
    final long requiredLaunchMitigations;
    final long requiredCurrentMitigations;
    final Set<SigningKey> allowedSigningKeys;
    final int minimumReportVersion;
    final Set<ProductLine> productLines;

    SnpPolicy(SnpPolicyBuilder b) {
        allowDebug = b.allowDebug;
        allowMigrationAgent = b.allowMigrationAgent;
        allowSmt = b.allowSmt;
        allowCxl = b.allowCxl;
        permitUnknownGuestPolicyBits = b.permitUnknownGuestPolicyBits;
        requireSingleSocket = b.requireSingleSocket;
        requireAes256Xts = b.requireAes256Xts;
        requireRaplDisabled = b.requireRaplDisabled;
        requireCiphertextHiding = b.requireCiphertextHiding;
        requirePageSwapDisabled = b.requirePageSwapDisabled;
        minimumAbiMajor = b.minimumAbiMajor;
        minimumAbiMinor = b.minimumAbiMinor;
        minimumGuestSvn = b.minimumGuestSvn;
        reportData = b.reportData;
        hostData = b.hostData;
        imageId = b.imageId;
        familyId = b.familyId;
        reportId = b.reportId;
        reportIdMa = b.reportIdMa;
        measurements = List.copyOf(b.measurements);
        referenceManifest = b.referenceManifest;
        chipId = b.chipId;
        minimumBuild = b.minimumBuild;
        minimumApiMajor = b.minimumApiMajor;
        minimumApiMinor = b.minimumApiMinor;
        minimumTcb = b.minimumTcb;
        minimumLaunchTcb = b.minimumLaunchTcb;
        permitProvisionalFirmware = b.permitProvisionalFirmware;
        allowedPlatformInfoBits = b.allowedPlatformInfoBits;
        requiredPlatformInfoBits = b.requiredPlatformInfoBits;
        vmpl = b.vmpl;
        allowHostRequestedReports = b.allowHostRequestedReports;
        requireAuthorKey = b.requireAuthorKey;
        // Listing a trusted key digest means the relying party relies on it: enforce it.
        requireIdBlock = Boolean.TRUE.equals(b.requireIdBlock) || !b.trustedIdKeyHashes.isEmpty()
                || !b.trustedAuthorKeyHashes.isEmpty();
        trustedAuthorKeyHashes = List.copyOf(b.trustedAuthorKeyHashes);
        trustedIdKeyHashes = List.copyOf(b.trustedIdKeyHashes);
        requiredLaunchMitigations = b.requiredLaunchMitigations;
        requiredCurrentMitigations = b.requiredCurrentMitigations;
        allowedSigningKeys = Collections.unmodifiableSet(EnumSet.copyOf(b.allowedSigningKeys));
        minimumReportVersion = b.minimumReportVersion;
        productLines = Collections.unmodifiableSet(EnumSet.copyOf(b.productLines));
    }

    /** The default policy (see the class description). */
    public static SnpPolicy defaults() {
        return DEFAULTS;
    }

    public static SnpPolicyBuilder builder() {
        return new SnpPolicyBuilder();
    }

    @Override
    public TeeType type() {
        return TeeType.SEV_SNP;
    }

    /** Whether debug guests are accepted. */
    public boolean allowDebug() {
        return allowDebug;
    }

    /** Whether provisional firmware (committed below current) is accepted. */
    public boolean permitProvisionalFirmware() {
        return permitProvisionalFirmware;
    }

    /** The minimum TCB for the current, committed and reported TCB, if set. */
    public Optional<TcbComponents> minimumTcb() {
        return Optional.ofNullable(minimumTcb);
    }

    /** Whether reports the hypervisor requested (VMPL above 3, REPORT_DATA host-chosen) are accepted. */
    public boolean allowHostRequestedReports() {
        return allowHostRequestedReports;
    }

    /** Whether an ID block with a trusted ID or author key is required (implied by listing a trusted digest). */
    public boolean requireIdBlock() {
        return requireIdBlock;
    }

    /**
     * Whether the policy lists acceptable launch measurements and the report's is one of them: the
     * measurement was appraised against reference values, not merely reported.
     */
    public boolean measurementAppraised(AttestationReport r) {
        return !measurements.isEmpty() && containsBytes(measurements, r.measurement())
                || referenceEntry(r).isPresent();
    }

    /** The reference-manifest entry whose measurement the report carries, if the policy has entries. */
    public Optional<String> referenceEntry(AttestationReport r) {
        return ReferenceManifestRules.matchedEntry(this, r);
    }

    /** Whether the report was requested by the hypervisor rather than the guest (VMPL above 3). */
    public static boolean hostRequested(AttestationReport r) {
        return r.vmpl() > MAX_GUEST_VMPL;
    }

    /**
     * Evaluates every rule against an (authentic) report and returns every failure's message;
     * empty when the report satisfies the policy. {@link #violations(AttestationReport)} says the
     * same with the rule ids.
     */
    public List<String> check(AttestationReport r) {
        List<String> messages = new ArrayList<>();
        for (PolicyViolation v : violations(r)) {
            messages.add(v.message());
        }
        return messages;
    }

    /**
     * Evaluates every rule against an (authentic) report and returns every failure, each named by
     * its JSON key ({@link PolicyViolation#ruleId()}), in evaluation order; empty when the report
     * satisfies the policy.
     */
    public List<PolicyViolation> violations(AttestationReport r) {
        Objects.requireNonNull(r, "report");
        List<PolicyViolation> v = new ArrayList<>();
        ReportKindRules.check(this, r, v);
        GuestPolicyRules.check(this, r, v);
        LaunchIdentityRules.check(this, r, v);
        FirmwareRules.checkVersions(this, r, v);
        LaunchAuthorityRules.check(this, r, v);
        FirmwareRules.checkMitigations(this, r, v);
        ReferenceManifestRules.check(this, r, v);
        return v;
    }

    /**
     * Reads a policy from a JSON document (keys in the class description). Unknown keys, wrong
     * types and bad lengths fail with the JSON path of the key.
     */
    public static SnpPolicy fromDocument(PolicyDocument d) throws PolicyFormatException {
        return SnpPolicyReader.read(d);
    }
    /**
     * The ways the report's firmware is provisional: committed TCB, build or API version below the
     * current one (the TCB component-wise: not above in any SPL byte and not equal). Empty when it
     * is not. A committed value above the current one is no provisional firmware but an
     * inconsistency, which {@code SnpVerifier} refuses before the policy (see
     * {@code TcbConsistency}); it is not listed here.
     */
    public static List<String> provisional(AttestationReport r) {
        List<String> out = new ArrayList<>();
        if (r.committedTcb().belowInEveryByte(r.currentTcb())) {
            out.add("committed TCB " + r.committedTcb().hex() + " is below current TCB " + r.currentTcb().hex());
        }
        if (r.committedBuild() < r.currentBuild()) {
            out.add("committed build " + r.committedBuild() + " is below current build " + r.currentBuild());
        }
        if (cmpVersion(r.committedMajor(), r.committedMinor(), r.currentMajor(), r.currentMinor()) < 0) {
            out.add("committed API " + r.committedMajor() + "." + r.committedMinor() + " is below current API "
                    + r.currentMajor() + "." + r.currentMinor());
        }
        return out;
    }

    static int cmpVersion(int maj, int min, int wantMaj, int wantMin) {
        return maj != wantMaj ? Integer.compare(maj, wantMaj) : Integer.compare(min, wantMin);
    }

    static boolean containsBytes(List<byte[]> list, byte[] value) {
        for (byte[] b : list) {
            if (MessageDigest.isEqual(b, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SnpPolicy[allowDebug=" + allowDebug + ", minimumTcb=" + minimumTcb + ", measurements="
                + measurements.size() + ", provisional=" + permitProvisionalFirmware + "]";
    }

}
