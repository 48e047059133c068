package io.tee4j.snp;

import io.tee4j.core.Policy;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
 *   <li><b>debug rejected</b> (guest policy bit 19): {@link Builder#allowDebug(boolean)} opts in;
 *   <li><b>migration agent rejected</b> (bit 18): a migration agent can export the guest's memory;
 *       {@link Builder#allowMigrationAgent(boolean)} opts in;
 *   <li><b>CXL rejected</b> (bit 21): no cloud guest sets it; {@link Builder#allowCxl(boolean)};
 *   <li><b>SMT accepted</b> (bit 16 and platform bit 0): every cloud runs SMT;
 *       {@link Builder#allowSmt(boolean)} turns that into a rejection;
 *   <li><b>reserved guest-policy bits (26..63) rejected</b>: a bit AMD defines later may weaken
 *       isolation; {@link Builder#permitUnknownGuestPolicyBits(boolean)} opts in;
 *   <li><b>provisional firmware accepted</b> (committed TCB, build or API version below the current
 *       one): Azure and others run so in production; the result carries a warning, and
 *       {@link Builder#permitProvisionalFirmware(boolean)} set to false rejects it;
 *   <li><b>any platform-info bits accepted</b>, unknown ones included;
 *   <li><b>VCEK and VLEK signatures accepted</b>;
 *   <li><b>guest VMPLs 0..3 accepted, host-requested reports rejected</b>: in AMD's ABI (1.56+) a
 *       VMPL above 3 (0xFFFFFFFF) marks a report the hypervisor requested, with a REPORT_DATA the
 *       host chose, so a nonce or key "bound" in it binds nothing. The violation is named
 *       {@value #HOST_REQUESTED_REPORT}; {@link Builder#allowHostRequestedReports(boolean)} accepts
 *       such reports by name, and the result then says that REPORT_DATA is host-chosen;
 *   <li>every exact-value and minimum-version check is off until set. A minimum TCB that is all
 *       zero evaluates nothing and is refused, as is an explicit {@code requireIdBlock} false beside
 *       trusted key digests (listing a digest implies {@code requireIdBlock}, see
 *       {@link Builder#addTrustedIdKeyHash(byte[])}).
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
 * {@link SnpVerifier} before the policy. Trusted key digests are enforced whenever listed (go
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
 * allowedSigningKeys ["VCEK","VLEK"], minimumReportVersion, productLines ["Milan",..]}. Byte values
 * are hex; unknown keys are rejected.
 *
 * @since 0.1
 */
public final class SnpPolicy implements Policy {
    /** The name of the violation a report with VMPL above 3 (a hypervisor-requested report) raises. */
    public static final String HOST_REQUESTED_REPORT = "host-requested report";
    /** The highest VMPL a guest can request a report at; above it the hypervisor requested it. */
    static final long MAX_GUEST_VMPL = 3;
    private static final TcbComponents ZERO_TCB = new TcbComponents(0, 0, 0, 0, 0);
    private static final SnpPolicy DEFAULTS = builder().build();

    private final boolean allowDebug;
    private final boolean allowMigrationAgent;
    private final boolean allowSmt;
    private final boolean allowCxl;
    private final boolean permitUnknownGuestPolicyBits;
    private final boolean requireSingleSocket;
    private final boolean requireAes256Xts;
    private final boolean requireRaplDisabled;
    private final boolean requireCiphertextHiding;
    private final boolean requirePageSwapDisabled;
    private final int minimumAbiMajor;
    private final int minimumAbiMinor;
    private final long minimumGuestSvn;
    private final byte[] reportData;
    private final byte[] hostData;
    private final byte[] imageId;
    private final byte[] familyId;
    private final byte[] reportId;
    private final byte[] reportIdMa;
    private final List<byte[]> measurements;
    private final byte[] chipId;
    private final int minimumBuild;
    private final int minimumApiMajor;
    private final int minimumApiMinor;
    private final TcbComponents minimumTcb;
    private final TcbComponents minimumLaunchTcb;
    private final boolean permitProvisionalFirmware;
    private final long allowedPlatformInfoBits;
    private final long requiredPlatformInfoBits;
    private final Long vmpl;
    private final boolean allowHostRequestedReports;
    private final boolean requireAuthorKey;
    private final boolean requireIdBlock;
    private final List<byte[]> trustedAuthorKeyHashes;
    private final List<byte[]> trustedIdKeyHashes;
    private final long requiredLaunchMitigations;
    private final long requiredCurrentMitigations;
    private final Set<SigningKey> allowedSigningKeys;
    private final int minimumReportVersion;
    private final Set<ProductLine> productLines;

    private SnpPolicy(Builder b) {
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

    public static Builder builder() {
        return new Builder();
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
        return !measurements.isEmpty() && containsBytes(measurements, r.measurement());
    }

    /** Whether the report was requested by the hypervisor rather than the guest (VMPL above 3). */
    public static boolean hostRequested(AttestationReport r) {
        return r.vmpl() > MAX_GUEST_VMPL;
    }

    /**
     * Evaluates every rule against an (authentic) report and returns every failure; empty when
     * the report satisfies the policy.
     */
    public List<String> check(AttestationReport r) {
        Objects.requireNonNull(r, "report");
        List<String> v = new ArrayList<>();
        GuestPolicy gp = r.policy();
        if (r.version() < minimumReportVersion) {
            v.add("report version " + r.version() + " is below the minimum " + minimumReportVersion);
        }
        if (!allowedSigningKeys.contains(r.signerInfo().signingKey())) {
            v.add("report signed by " + r.signerInfo().signingKey() + ", allowed: " + allowedSigningKeys);
        }
        if (r.productLine().isPresent() && !productLines.contains(r.productLine().get())) {
            v.add("product line " + r.productLine().get().kdsName() + " is not allowed: " + productLines);
        }
        if (gp.debugAllowed() && !allowDebug) {
            v.add("guest policy allows debugging (bit 19): the host can read and write the guest's memory; "
                    + "allow it by name (allowDebug) only for test guests");
        }
        if (gp.migrationAgentAllowed() && !allowMigrationAgent) {
            v.add("guest policy allows a migration agent (bit 18), which is not allowed");
        }
        if (gp.smtAllowed() && !allowSmt) {
            v.add("guest policy allows SMT (bit 16), which is not allowed");
        }
        if (r.platformInfo().smtEnabled() && !allowSmt) {
            v.add("platform has SMT enabled (platform info bit 0), which is not allowed");
        }
        if (gp.cxlAllowed() && !allowCxl) {
            v.add("guest policy allows CXL memory (bit 21), which is not allowed");
        }
        if (gp.unknownBits() != 0 && !permitUnknownGuestPolicyBits) {
            v.add(String.format("guest policy has reserved bits set (0x%x)", gp.unknownBits()));
        }
        if (requireSingleSocket && !gp.singleSocketRequired()) {
            v.add("guest policy does not require a single socket (bit 20)");
        }
        if (requireAes256Xts && !gp.memAes256XtsRequired()) {
            v.add("guest policy does not require AES-256-XTS memory encryption (bit 22)");
        }
        if (requireRaplDisabled && !gp.raplDisabled()) {
            v.add("guest policy does not require RAPL to be disabled (bit 23)");
        }
        if (requireCiphertextHiding && !gp.ciphertextHidingRequired()) {
            v.add("guest policy does not require ciphertext hiding (bit 24)");
        }
        if (requirePageSwapDisabled && !gp.pageSwapDisabled()) {
            v.add("guest policy does not disable page swapping (bit 25)");
        }
        if (cmpVersion(gp.abiMajor(), gp.abiMinor(), minimumAbiMajor, minimumAbiMinor) < 0) {
            v.add("guest policy ABI " + gp.abiMajor() + "." + gp.abiMinor() + " is below the minimum "
                    + minimumAbiMajor + "." + minimumAbiMinor);
        }
        if (r.guestSvn() < minimumGuestSvn) {
            v.add("guest SVN " + r.guestSvn() + " is below the minimum " + minimumGuestSvn);
        }
        exact(v, "report data", reportData, r.reportData());
        exact(v, "host data", hostData, r.hostData());
        exact(v, "image id", imageId, r.imageId());
        exact(v, "family id", familyId, r.familyId());
        exact(v, "report id", reportId, r.reportId());
        exact(v, "migration agent report id", reportIdMa, r.reportIdMa());
        exact(v, "chip id", chipId, r.chipId());
        if (!measurements.isEmpty() && !containsBytes(measurements, r.measurement())) {
            v.add("measurement " + HexFormat.of().formatHex(r.measurement()) + " is not one of the "
                    + measurements.size() + " allowed");
        }
        if (r.currentBuild() < minimumBuild) {
            v.add("current firmware build " + r.currentBuild() + " is below the minimum " + minimumBuild);
        }
        if (r.committedBuild() < minimumBuild) {
            v.add("committed firmware build " + r.committedBuild() + " is below the minimum " + minimumBuild);
        }
        if (cmpVersion(r.currentMajor(), r.currentMinor(), minimumApiMajor, minimumApiMinor) < 0) {
            v.add("current firmware API " + r.currentMajor() + "." + r.currentMinor() + " is below the minimum "
                    + minimumApiMajor + "." + minimumApiMinor);
        }
        if (cmpVersion(r.committedMajor(), r.committedMinor(), minimumApiMajor, minimumApiMinor) < 0) {
            v.add("committed firmware API " + r.committedMajor() + "." + r.committedMinor()
                    + " is below the minimum " + minimumApiMajor + "." + minimumApiMinor);
        }
        if (minimumTcb != null) {
            tcb(v, "current TCB", r.currentTcb(), minimumTcb);
            tcb(v, "committed TCB", r.committedTcb(), minimumTcb);
            tcb(v, "reported TCB", r.reportedTcb(), minimumTcb);
        }
        if (minimumLaunchTcb != null) {
            tcb(v, "launch TCB", r.launchTcb(), minimumLaunchTcb);
        }
        if (!permitProvisionalFirmware) {
            for (String p : committedDiffersFromCurrent(r)) {
                v.add(p + " (provisional firmware is not permitted)");
            }
        }
        long pi = r.platformInfo().raw();
        if ((pi & ~allowedPlatformInfoBits) != 0) {
            v.add(String.format("platform info bits 0x%x are not allowed (allowed mask 0x%x)",
                    pi & ~allowedPlatformInfoBits, allowedPlatformInfoBits));
        }
        if ((pi & requiredPlatformInfoBits) != requiredPlatformInfoBits) {
            v.add(String.format("platform info lacks required bits 0x%x", requiredPlatformInfoBits & ~pi));
        }
        if (hostRequested(r) && !allowHostRequestedReports) {
            v.add(HOST_REQUESTED_REPORT + ": VMPL " + String.format("0x%x", r.vmpl()) + " is above 3, so the "
                    + "hypervisor, not the guest, requested this report and chose its REPORT_DATA; accept it by name "
                    + "(allowHostRequestedReports) only where nothing relies on REPORT_DATA");
        }
        if (vmpl != null && r.vmpl() != vmpl) {
            v.add("VMPL " + r.vmpl() + " is not the required " + vmpl);
        }
        boolean authorTrusted = r.signerInfo().authorKeyEnabled()
                && containsBytes(trustedAuthorKeyHashes, r.authorKeyDigest());
        if (requireAuthorKey && !authorTrusted) {
            v.add(r.signerInfo().authorKeyEnabled() ? "the ID block's author key is not trusted"
                    : "the report has no author key (AUTHOR_KEY_EN clear), but one is required");
        }
        if (requireIdBlock && !(containsBytes(trustedIdKeyHashes, r.idKeyDigest()) || authorTrusted)) {
            v.add("the ID block's key (digest " + HexFormat.of().formatHex(r.idKeyDigest())
                    + ") is not trusted and no trusted author key vouches for it");
        }
        mitigation(v, "launch", r.launchMitigationVector(), requiredLaunchMitigations);
        mitigation(v, "current", r.currentMitigationVector(), requiredCurrentMitigations);
        return v;
    }

    /**
     * The ways the report's firmware is provisional: committed TCB, build or API version below the
     * current one (the TCB component-wise: not above in any SPL byte and not equal). Empty when it
     * is not. A committed value above the current one is no provisional firmware but an
     * inconsistency, which {@link SnpVerifier} refuses before the policy (see
     * {@code TcbConsistency}); it is not listed here.
     */
    public static List<String> provisional(AttestationReport r) {
        List<String> out = new ArrayList<>();
        if (TcbConsistency.below(r.committedTcb(), r.currentTcb())) {
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

    /** go's rule when provisional firmware is not permitted: committed equals current, exactly. */
    private static List<String> committedDiffersFromCurrent(AttestationReport r) {
        List<String> out = new ArrayList<>();
        if (r.committedTcb().raw() != r.currentTcb().raw()) {
            out.add("committed TCB " + r.committedTcb().hex() + " differs from current TCB " + r.currentTcb().hex());
        }
        if (r.committedBuild() != r.currentBuild()) {
            out.add("committed build " + r.committedBuild() + " differs from current build " + r.currentBuild());
        }
        if (r.committedMajor() != r.currentMajor() || r.committedMinor() != r.currentMinor()) {
            out.add("committed API " + r.committedMajor() + "." + r.committedMinor() + " differs from current API "
                    + r.currentMajor() + "." + r.currentMinor());
        }
        return out;
    }

    private static void mitigation(List<String> v, String which, java.util.OptionalLong have, long required) {
        if (required == 0) {
            return;
        }
        if (have.isEmpty()) {
            v.add("required " + which + " mitigation vector bits " + String.format("0x%x", required)
                    + " cannot be checked: the report is older than version 5");
        } else if ((have.getAsLong() & required) != required) {
            v.add(String.format("%s mitigation vector 0x%x lacks required bits 0x%x", which, have.getAsLong(),
                    required & ~have.getAsLong()));
        }
    }

    private static void tcb(List<String> v, String name, TcbVersion have, TcbComponents min) {
        List<String> s = have.components().shortfalls(min);
        if (!s.isEmpty()) {
            v.add(name + " " + have.hex() + " is below the minimum: " + String.join(", ", s));
        }
    }

    static int cmpVersion(int maj, int min, int wantMaj, int wantMin) {
        return maj != wantMaj ? Integer.compare(maj, wantMaj) : Integer.compare(min, wantMin);
    }

    private static void exact(List<String> v, String name, byte[] want, byte[] have) {
        if (want != null && !MessageDigest.isEqual(want, have)) {
            v.add(name + " " + HexFormat.of().formatHex(have) + " is not the required " + HexFormat.of().formatHex(want));
        }
    }

    private static boolean containsBytes(List<byte[]> list, byte[] value) {
        for (byte[] b : list) {
            if (MessageDigest.isEqual(b, value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a policy from a JSON document (keys in the class description). Unknown keys, wrong
     * types and bad lengths fail with the JSON path of the key.
     */
    public static SnpPolicy fromDocument(PolicyDocument d) throws PolicyFormatException {
        Objects.requireNonNull(d, "document");
        Builder b = builder();
        d.bool("allowDebug").ifPresent(b::allowDebug);
        d.bool("allowMigrationAgent").ifPresent(b::allowMigrationAgent);
        d.bool("allowSmt").ifPresent(b::allowSmt);
        d.bool("allowCxl").ifPresent(b::allowCxl);
        d.bool("permitUnknownGuestPolicyBits").ifPresent(b::permitUnknownGuestPolicyBits);
        d.bool("requireSingleSocket").ifPresent(b::requireSingleSocket);
        d.bool("requireAes256Xts").ifPresent(b::requireAes256Xts);
        d.bool("requireRaplDisabled").ifPresent(b::requireRaplDisabled);
        d.bool("requireCiphertextHiding").ifPresent(b::requireCiphertextHiding);
        d.bool("requirePageSwapDisabled").ifPresent(b::requirePageSwapDisabled);
        Optional<PolicyDocument> abi = d.object("minimumAbi");
        if (abi.isPresent()) {
            int[] mm = majorMinor(abi.get());
            b.minimumAbi(mm[0], mm[1]);
        }
        d.unsigned("minimumGuestSvn", 0xFFFFFFFFL).ifPresent(b::minimumGuestSvn);
        d.hex("reportData", 64).ifPresent(b::reportData);
        d.hex("hostData", 32).ifPresent(b::hostData);
        d.hex("imageId", 16).ifPresent(b::imageId);
        d.hex("familyId", 16).ifPresent(b::familyId);
        d.hex("reportId", 32).ifPresent(b::reportId);
        d.hex("reportIdMa", 32).ifPresent(b::reportIdMa);
        for (byte[] m : d.hexList("measurements", 48)) {
            b.addMeasurement(m);
        }
        d.hex("chipId", 64).ifPresent(b::chipId);
        d.unsigned("minimumBuild", 255).ifPresent(x -> b.minimumBuild(x.intValue()));
        Optional<PolicyDocument> api = d.object("minimumApiVersion");
        if (api.isPresent()) {
            int[] mm = majorMinor(api.get());
            b.minimumApiVersion(mm[0], mm[1]);
        }
        Optional<PolicyDocument> tcb = d.object("minimumTcb");
        if (tcb.isPresent()) {
            b.minimumTcb(minimum(d, "minimumTcb", tcb.get()));
        }
        Optional<PolicyDocument> launch = d.object("minimumLaunchTcb");
        if (launch.isPresent()) {
            b.minimumLaunchTcb(minimum(d, "minimumLaunchTcb", launch.get()));
        }
        d.bool("permitProvisionalFirmware").ifPresent(b::permitProvisionalFirmware);
        d.unsigned64("allowedPlatformInfoBits").ifPresent(b::allowedPlatformInfoBits);
        d.unsigned64("requiredPlatformInfoBits").ifPresent(b::requiredPlatformInfoBits);
        d.unsigned("vmpl", 3).ifPresent(b::vmpl);
        d.bool("allowHostRequestedReports").ifPresent(b::allowHostRequestedReports);
        d.bool("requireAuthorKey").ifPresent(b::requireAuthorKey);
        Optional<Boolean> requireIdBlock = d.bool("requireIdBlock");
        requireIdBlock.ifPresent(b::requireIdBlock);
        List<byte[]> authorHashes = d.hexList("trustedAuthorKeyHashes", 48);
        List<byte[]> idHashes = d.hexList("trustedIdKeyHashes", 48);
        if (requireIdBlock.isPresent() && !requireIdBlock.get() && !(authorHashes.isEmpty() && idHashes.isEmpty())) {
            throw d.invalid("requireIdBlock", "is false but trusted key digests are listed, which require an ID block "
                    + "signed by one of them; drop requireIdBlock or the digests");
        }
        for (byte[] h : authorHashes) {
            b.addTrustedAuthorKeyHash(h);
        }
        for (byte[] h : idHashes) {
            b.addTrustedIdKeyHash(h);
        }
        d.unsigned64("requiredLaunchMitigations").ifPresent(b::requiredLaunchMitigations);
        d.unsigned64("requiredCurrentMitigations").ifPresent(b::requiredCurrentMitigations);
        if (d.has("allowedSigningKeys")) {
            List<String> keys = d.strings("allowedSigningKeys");
            Set<SigningKey> set = EnumSet.noneOf(SigningKey.class);
            for (String k : keys) {
                String u = k.toUpperCase(Locale.ROOT);
                if (!u.equals("VCEK") && !u.equals("VLEK")) {
                    throw d.invalid("allowedSigningKeys", "unknown signing key '" + k + "' (VCEK or VLEK)");
                }
                set.add(SigningKey.valueOf(u));
            }
            if (set.isEmpty()) {
                throw d.invalid("allowedSigningKeys", "must name at least one signing key");
            }
            b.allowedSigningKeys(set);
        }
        Optional<Long> minimumVersion = d.unsigned("minimumReportVersion", AttestationReport.MAX_VERSION);
        if (minimumVersion.isPresent()) {
            if (minimumVersion.get() < AttestationReport.MIN_VERSION) {
                throw d.invalid("minimumReportVersion", "report versions are " + AttestationReport.MIN_VERSION + ".."
                        + AttestationReport.MAX_VERSION + ", got " + minimumVersion.get());
            }
            b.minimumReportVersion(minimumVersion.get().intValue());
        }
        if (d.has("productLines")) {
            Set<ProductLine> set = EnumSet.noneOf(ProductLine.class);
            for (String p : d.strings("productLines")) {
                set.add(ProductLine.fromName(p).orElseThrow(
                        () -> d.invalid("productLines", "unknown product line '" + p + "' (Milan, Genoa or Turin)")));
            }
            if (set.isEmpty()) {
                throw d.invalid("productLines", "must name at least one product line");
            }
            b.productLines(set);
        }
        d.finish();
        return b.build();
    }

    private static int[] majorMinor(PolicyDocument o) throws PolicyFormatException {
        int major = o.unsigned("major", 255).orElse(0L).intValue();
        int minor = o.unsigned("minor", 255).orElse(0L).intValue();
        o.finish();
        return new int[] {major, minor};
    }

    /** A minimum TCB object; one that is empty or all zero would evaluate nothing and is refused. */
    private static TcbComponents minimum(PolicyDocument parent, String key, PolicyDocument o)
            throws PolicyFormatException {
        TcbComponents c = components(o);
        if (c.equals(ZERO_TCB)) {
            throw parent.invalid(key, "is empty or all zero, so it would evaluate nothing; set the SPLs to require "
                    + "(e.g. {\"snp\": 24, \"microcode\": 219}) or leave the key out");
        }
        return c;
    }

    private static TcbComponents components(PolicyDocument o) throws PolicyFormatException {
        TcbComponents c = new TcbComponents(o.unsigned("fmc", 255).orElse(0L).intValue(),
                o.unsigned("bootloader", 255).orElse(0L).intValue(), o.unsigned("tee", 255).orElse(0L).intValue(),
                o.unsigned("snp", 255).orElse(0L).intValue(), o.unsigned("microcode", 255).orElse(0L).intValue());
        o.finish();
        return c;
    }

    @Override
    public String toString() {
        return "SnpPolicy[allowDebug=" + allowDebug + ", minimumTcb=" + minimumTcb + ", measurements="
                + measurements.size() + ", provisional=" + permitProvisionalFirmware + "]";
    }

    /** Builds an {@link SnpPolicy}; starts from the defaults described on {@link SnpPolicy}. */
    public static final class Builder {
        private boolean allowDebug;
        private boolean allowMigrationAgent;
        private boolean allowSmt = true;
        private boolean allowCxl;
        private boolean permitUnknownGuestPolicyBits;
        private boolean requireSingleSocket;
        private boolean requireAes256Xts;
        private boolean requireRaplDisabled;
        private boolean requireCiphertextHiding;
        private boolean requirePageSwapDisabled;
        private int minimumAbiMajor;
        private int minimumAbiMinor;
        private long minimumGuestSvn;
        private byte[] reportData;
        private byte[] hostData;
        private byte[] imageId;
        private byte[] familyId;
        private byte[] reportId;
        private byte[] reportIdMa;
        private final List<byte[]> measurements = new ArrayList<>();
        private byte[] chipId;
        private int minimumBuild;
        private int minimumApiMajor;
        private int minimumApiMinor;
        private TcbComponents minimumTcb;
        private TcbComponents minimumLaunchTcb;
        private boolean permitProvisionalFirmware = true;
        private long allowedPlatformInfoBits = -1L;
        private long requiredPlatformInfoBits;
        private Long vmpl;
        private boolean allowHostRequestedReports;
        private boolean requireAuthorKey;
        /** Null until set, so that an explicit false beside trusted digests can be told from the default. */
        private Boolean requireIdBlock;
        private final List<byte[]> trustedAuthorKeyHashes = new ArrayList<>();
        private final List<byte[]> trustedIdKeyHashes = new ArrayList<>();
        private long requiredLaunchMitigations;
        private long requiredCurrentMitigations;
        private Set<SigningKey> allowedSigningKeys = EnumSet.of(SigningKey.VCEK, SigningKey.VLEK);
        private int minimumReportVersion = AttestationReport.MIN_VERSION;
        private Set<ProductLine> productLines = EnumSet.allOf(ProductLine.class);

        private Builder() {
        }

        /** Accepts guests whose policy allows debugging. Insecure: for test guests only. Default false. */
        public Builder allowDebug(boolean allow) {
            this.allowDebug = allow;
            return this;
        }

        /** Accepts guests that allow a migration agent. Default false. */
        public Builder allowMigrationAgent(boolean allow) {
            this.allowMigrationAgent = allow;
            return this;
        }

        /** Whether SMT (guest policy bit 16, platform bit 0) is acceptable. Default true. */
        public Builder allowSmt(boolean allow) {
            this.allowSmt = allow;
            return this;
        }

        /** Accepts guests that allow CXL memory. Default false. */
        public Builder allowCxl(boolean allow) {
            this.allowCxl = allow;
            return this;
        }

        /** Accepts reserved guest-policy bits 26..63. Default false. */
        public Builder permitUnknownGuestPolicyBits(boolean permit) {
            this.permitUnknownGuestPolicyBits = permit;
            return this;
        }

        public Builder requireSingleSocket(boolean require) {
            this.requireSingleSocket = require;
            return this;
        }

        public Builder requireAes256Xts(boolean require) {
            this.requireAes256Xts = require;
            return this;
        }

        public Builder requireRaplDisabled(boolean require) {
            this.requireRaplDisabled = require;
            return this;
        }

        public Builder requireCiphertextHiding(boolean require) {
            this.requireCiphertextHiding = require;
            return this;
        }

        public Builder requirePageSwapDisabled(boolean require) {
            this.requirePageSwapDisabled = require;
            return this;
        }

        /** The lowest acceptable guest-policy ABI version. Default 0.0. */
        public Builder minimumAbi(int major, int minor) {
            this.minimumAbiMajor = byteRange("major", major);
            this.minimumAbiMinor = byteRange("minor", minor);
            return this;
        }

        public Builder minimumGuestSvn(long svn) {
            if (svn < 0 || svn > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("guest SVN is a u32");
            }
            this.minimumGuestSvn = svn;
            return this;
        }

        /** Requires exactly these 64 report-data bytes (a nonce binding). */
        public Builder reportData(byte[] v) {
            this.reportData = len(v, 64, "reportData");
            return this;
        }

        public Builder hostData(byte[] v) {
            this.hostData = len(v, 32, "hostData");
            return this;
        }

        public Builder imageId(byte[] v) {
            this.imageId = len(v, 16, "imageId");
            return this;
        }

        public Builder familyId(byte[] v) {
            this.familyId = len(v, 16, "familyId");
            return this;
        }

        public Builder reportId(byte[] v) {
            this.reportId = len(v, 32, "reportId");
            return this;
        }

        public Builder reportIdMa(byte[] v) {
            this.reportIdMa = len(v, 32, "reportIdMa");
            return this;
        }

        /** Adds an acceptable launch measurement; with none added, any measurement is accepted. */
        public Builder addMeasurement(byte[] v) {
            measurements.add(len(v, 48, "measurement"));
            return this;
        }

        public Builder chipId(byte[] v) {
            this.chipId = len(v, 64, "chipId");
            return this;
        }

        /** The lowest acceptable current and committed firmware build. */
        public Builder minimumBuild(int build) {
            this.minimumBuild = byteRange("build", build);
            return this;
        }

        /** The lowest acceptable current and committed firmware API version. */
        public Builder minimumApiVersion(int major, int minor) {
            this.minimumApiMajor = byteRange("major", major);
            this.minimumApiMinor = byteRange("minor", minor);
            return this;
        }

        /**
         * The lowest acceptable current, committed and reported TCB, component-wise (go-sev-guest
         * compares the reported TCB only; see the class description). All zero is refused: it
         * would evaluate nothing yet mark the result as meeting a minimum.
         */
        public Builder minimumTcb(TcbComponents min) {
            this.minimumTcb = nonZero(min, "minimumTcb");
            return this;
        }

        /** The lowest acceptable launch TCB, component-wise. All zero is refused. */
        public Builder minimumLaunchTcb(TcbComponents min) {
            this.minimumLaunchTcb = nonZero(min, "minimumLaunchTcb");
            return this;
        }

        /** Whether committed versions below the current ones are acceptable. Default true (with a warning). */
        public Builder permitProvisionalFirmware(boolean permit) {
            this.permitProvisionalFirmware = permit;
            return this;
        }

        /** The platform-info bits that may be set (a mask). Default: all. */
        public Builder allowedPlatformInfoBits(long mask) {
            this.allowedPlatformInfoBits = mask;
            return this;
        }

        /** Platform-info bits that must be set (e.g. TSME, alias check complete). Default: none. */
        public Builder requiredPlatformInfoBits(long mask) {
            this.requiredPlatformInfoBits = mask;
            return this;
        }

        /** Requires this exact VMPL (0..3). Default: any. */
        public Builder vmpl(long vmpl) {
            if (vmpl < 0 || vmpl > 3) {
                throw new IllegalArgumentException("VMPL must be in [0, 3]");
            }
            this.vmpl = vmpl;
            return this;
        }

        /**
         * Accepts reports the hypervisor requested (VMPL above 3, SNP_HV_REPORT_REQ), whose
         * REPORT_DATA the host chose. Default false: such a report is a {@value SnpPolicy#HOST_REQUESTED_REPORT}
         * violation. When accepted, the result warns and its claims say {@code reportDataHostChosen}.
         */
        public Builder allowHostRequestedReports(boolean allow) {
            this.allowHostRequestedReports = allow;
            return this;
        }

        /** Requires AUTHOR_KEY_EN and an author-key digest among the trusted ones. */
        public Builder requireAuthorKey(boolean require) {
            this.requireAuthorKey = require;
            return this;
        }

        /**
         * Requires an ID block whose key, or whose author key, is trusted. Listing any trusted key
         * digest implies it; setting it to false explicitly beside trusted digests is refused by
         * {@link #build()}.
         */
        public Builder requireIdBlock(boolean require) {
            this.requireIdBlock = require;
            return this;
        }

        /**
         * Trusts an author key by its SHA-384 digest (of the key in AMD's SEV format). Implies
         * {@link #requireIdBlock(boolean) requireIdBlock}: the report must then carry an ID block whose
         * author key (AUTHOR_KEY_EN set) or ID key is among the trusted digests. go-sev-guest ignores
         * trusted digests unless an ID block is required; tee4j never leaves a listed digest unenforced.
         */
        public Builder addTrustedAuthorKeyHash(byte[] sha384) {
            trustedAuthorKeyHashes.add(len(sha384, 48, "author key hash"));
            return this;
        }

        /**
         * Trusts an ID key by its SHA-384 digest (of the key in AMD's SEV format). Implies
         * {@link #requireIdBlock(boolean) requireIdBlock}, as {@link #addTrustedAuthorKeyHash} does.
         */
        public Builder addTrustedIdKeyHash(byte[] sha384) {
            trustedIdKeyHashes.add(len(sha384, 48, "ID key hash"));
            return this;
        }

        /** Bits that must be set in the launch mitigation vector (version 5 reports). */
        public Builder requiredLaunchMitigations(long bits) {
            this.requiredLaunchMitigations = bits;
            return this;
        }

        /** Bits that must be set in the current mitigation vector (version 5 reports). */
        public Builder requiredCurrentMitigations(long bits) {
            this.requiredCurrentMitigations = bits;
            return this;
        }

        /** Which signing keys are acceptable. Default VCEK and VLEK. */
        public Builder allowedSigningKeys(Set<SigningKey> keys) {
            Set<SigningKey> s = EnumSet.copyOf(Objects.requireNonNull(keys, "keys"));
            s.remove(SigningKey.NONE);
            if (s.isEmpty()) {
                throw new IllegalArgumentException("at least VCEK or VLEK must be allowed");
            }
            this.allowedSigningKeys = s;
            return this;
        }

        /** The lowest acceptable report version. Default 2. */
        public Builder minimumReportVersion(int version) {
            if (version < AttestationReport.MIN_VERSION || version > AttestationReport.MAX_VERSION) {
                throw new IllegalArgumentException("report versions are 2..5");
            }
            this.minimumReportVersion = version;
            return this;
        }

        /** The acceptable product lines. Default all. */
        public Builder productLines(Set<ProductLine> lines) {
            Set<ProductLine> s = EnumSet.copyOf(Objects.requireNonNull(lines, "lines"));
            this.productLines = s;
            return this;
        }

        /**
         * The policy.
         *
         * @throws IllegalArgumentException when {@code requireIdBlock} was set to false explicitly
         *     while trusted key digests are listed
         */
        public SnpPolicy build() {
            if (Boolean.FALSE.equals(requireIdBlock)
                    && !(trustedAuthorKeyHashes.isEmpty() && trustedIdKeyHashes.isEmpty())) {
                throw new IllegalArgumentException("requireIdBlock is false but trusted key digests are listed, which "
                        + "require an ID block signed by one of them");
            }
            return new SnpPolicy(this);
        }

        private static TcbComponents nonZero(TcbComponents min, String name) {
            Objects.requireNonNull(min, name);
            if (min.equals(ZERO_TCB)) {
                throw new IllegalArgumentException(name + " is all zero, so it would evaluate nothing");
            }
            return min;
        }

        private static byte[] len(byte[] v, int n, String name) {
            Objects.requireNonNull(v, name);
            if (v.length != n) {
                throw new IllegalArgumentException(name + " must be " + n + " bytes, got " + v.length);
            }
            return v.clone();
        }

        private static int byteRange(String name, int v) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException(name + " must be in [0, 255]");
            }
            return v;
        }
    }
}
