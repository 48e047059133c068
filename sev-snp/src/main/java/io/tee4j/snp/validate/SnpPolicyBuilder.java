package io.tee4j.snp.validate;

import io.tee4j.core.NamedReferenceValues;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbComponents;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Builds an {@link SnpPolicy}; starts from the defaults described on {@link SnpPolicy}. */
public final class SnpPolicyBuilder {
    boolean allowDebug;
    boolean allowMigrationAgent;
    boolean allowSmt = true;
    boolean allowCxl;
    boolean permitUnknownGuestPolicyBits;
    boolean requireSingleSocket;
    boolean requireAes256Xts;
    boolean requireRaplDisabled;
    boolean requireCiphertextHiding;
    boolean requirePageSwapDisabled;
    int minimumAbiMajor;
    int minimumAbiMinor;
    long minimumGuestSvn;
    byte[] reportData;
    byte[] hostData;
    byte[] imageId;
    byte[] familyId;
    byte[] reportId;
    byte[] reportIdMa;
    final List<byte[]> measurements = new ArrayList<>();
    NamedReferenceValues referenceManifest = NamedReferenceValues.none();
    byte[] chipId;
    int minimumBuild;
    int minimumApiMajor;
    int minimumApiMinor;
    TcbComponents minimumTcb;
    TcbComponents minimumLaunchTcb;
    boolean permitProvisionalFirmware = true;
    long allowedPlatformInfoBits = -1L;
    long requiredPlatformInfoBits;
    Long vmpl;
    boolean allowHostRequestedReports;
    boolean requireAuthorKey;
    /** Null until set, so that an explicit false beside trusted digests can be told from the default. */
    Boolean requireIdBlock;
    final List<byte[]> trustedAuthorKeyHashes = new ArrayList<>();
    final List<byte[]> trustedIdKeyHashes = new ArrayList<>();
    long requiredLaunchMitigations;
    long requiredCurrentMitigations;
    Set<SigningKey> allowedSigningKeys = EnumSet.of(SigningKey.VCEK, SigningKey.VLEK);
    int minimumReportVersion = AttestationReport.MIN_VERSION;
    Set<ProductLine> productLines = EnumSet.allOf(ProductLine.class);

    SnpPolicyBuilder() {
    }

    /** Accepts guests whose policy allows debugging. Insecure: for test guests only. Default false. */
    public SnpPolicyBuilder allowDebug(boolean allow) {
        this.allowDebug = allow;
        return this;
    }

    /** Accepts guests that allow a migration agent. Default false. */
    public SnpPolicyBuilder allowMigrationAgent(boolean allow) {
        this.allowMigrationAgent = allow;
        return this;
    }

    /** Whether SMT (guest policy bit 16, platform bit 0) is acceptable. Default true. */
    public SnpPolicyBuilder allowSmt(boolean allow) {
        this.allowSmt = allow;
        return this;
    }

    /** Accepts guests that allow CXL memory. Default false. */
    public SnpPolicyBuilder allowCxl(boolean allow) {
        this.allowCxl = allow;
        return this;
    }

    /** Accepts reserved guest-policy bits 26..63. Default false. */
    public SnpPolicyBuilder permitUnknownGuestPolicyBits(boolean permit) {
        this.permitUnknownGuestPolicyBits = permit;
        return this;
    }

    public SnpPolicyBuilder requireSingleSocket(boolean require) {
        this.requireSingleSocket = require;
        return this;
    }

    public SnpPolicyBuilder requireAes256Xts(boolean require) {
        this.requireAes256Xts = require;
        return this;
    }

    public SnpPolicyBuilder requireRaplDisabled(boolean require) {
        this.requireRaplDisabled = require;
        return this;
    }

    public SnpPolicyBuilder requireCiphertextHiding(boolean require) {
        this.requireCiphertextHiding = require;
        return this;
    }

    public SnpPolicyBuilder requirePageSwapDisabled(boolean require) {
        this.requirePageSwapDisabled = require;
        return this;
    }

    /** The lowest acceptable guest-policy ABI version. Default 0.0. */
    public SnpPolicyBuilder minimumAbi(int major, int minor) {
        this.minimumAbiMajor = byteRange("major", major);
        this.minimumAbiMinor = byteRange("minor", minor);
        return this;
    }

    public SnpPolicyBuilder minimumGuestSvn(long svn) {
        if (svn < 0 || svn > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("guest SVN is a u32");
        }
        this.minimumGuestSvn = svn;
        return this;
    }

    /** Requires exactly these 64 report-data bytes (a nonce binding). */
    public SnpPolicyBuilder reportData(byte[] v) {
        this.reportData = len(v, 64, "reportData");
        return this;
    }

    public SnpPolicyBuilder hostData(byte[] v) {
        this.hostData = len(v, 32, "hostData");
        return this;
    }

    public SnpPolicyBuilder imageId(byte[] v) {
        this.imageId = len(v, 16, "imageId");
        return this;
    }

    public SnpPolicyBuilder familyId(byte[] v) {
        this.familyId = len(v, 16, "familyId");
        return this;
    }

    public SnpPolicyBuilder reportId(byte[] v) {
        this.reportId = len(v, 32, "reportId");
        return this;
    }

    public SnpPolicyBuilder reportIdMa(byte[] v) {
        this.reportIdMa = len(v, 32, "reportIdMa");
        return this;
    }

    /**
     * Launch measurements under the names of reference-manifest entries (register
     * {@code measurement}); with entries, the report's measurement must be one entry's, and the
     * result names that entry.
     */
    public SnpPolicyBuilder referenceManifest(NamedReferenceValues entries) {
        this.referenceManifest = Objects.requireNonNull(entries, "entries").requireEvery("measurement", 48);
        return this;
    }

    /** Adds an acceptable launch measurement; with none added, any measurement is accepted. */
    public SnpPolicyBuilder addMeasurement(byte[] v) {
        measurements.add(len(v, 48, "measurement"));
        return this;
    }

    public SnpPolicyBuilder chipId(byte[] v) {
        this.chipId = len(v, 64, "chipId");
        return this;
    }

    /** The lowest acceptable current and committed firmware build. */
    public SnpPolicyBuilder minimumBuild(int build) {
        this.minimumBuild = byteRange("build", build);
        return this;
    }

    /** The lowest acceptable current and committed firmware API version. */
    public SnpPolicyBuilder minimumApiVersion(int major, int minor) {
        this.minimumApiMajor = byteRange("major", major);
        this.minimumApiMinor = byteRange("minor", minor);
        return this;
    }

    /**
     * The lowest acceptable current, committed and reported TCB, component-wise (go-sev-guest
     * compares the reported TCB only; see the class description). All zero is refused: it
     * would evaluate nothing yet mark the result as meeting a minimum.
     */
    public SnpPolicyBuilder minimumTcb(TcbComponents min) {
        this.minimumTcb = nonZero(min, "minimumTcb");
        return this;
    }

    /** The lowest acceptable launch TCB, component-wise. All zero is refused. */
    public SnpPolicyBuilder minimumLaunchTcb(TcbComponents min) {
        this.minimumLaunchTcb = nonZero(min, "minimumLaunchTcb");
        return this;
    }

    /** Whether committed versions below the current ones are acceptable. Default true (with a warning). */
    public SnpPolicyBuilder permitProvisionalFirmware(boolean permit) {
        this.permitProvisionalFirmware = permit;
        return this;
    }

    /** The platform-info bits that may be set (a mask). Default: all. */
    public SnpPolicyBuilder allowedPlatformInfoBits(long mask) {
        this.allowedPlatformInfoBits = mask;
        return this;
    }

    /** Platform-info bits that must be set (e.g. TSME, alias check complete). Default: none. */
    public SnpPolicyBuilder requiredPlatformInfoBits(long mask) {
        this.requiredPlatformInfoBits = mask;
        return this;
    }

    /** Requires this exact VMPL (0..3). Default: any. */
    public SnpPolicyBuilder vmpl(long vmpl) {
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
    public SnpPolicyBuilder allowHostRequestedReports(boolean allow) {
        this.allowHostRequestedReports = allow;
        return this;
    }

    /** Requires AUTHOR_KEY_EN and an author-key digest among the trusted ones. */
    public SnpPolicyBuilder requireAuthorKey(boolean require) {
        this.requireAuthorKey = require;
        return this;
    }

    /**
     * Requires an ID block whose key, or whose author key, is trusted. Listing any trusted key
     * digest implies it; setting it to false explicitly beside trusted digests is refused by
     * {@link #build()}.
     */
    public SnpPolicyBuilder requireIdBlock(boolean require) {
        this.requireIdBlock = require;
        return this;
    }

    /**
     * Trusts an author key by its SHA-384 digest (of the key in AMD's SEV format). Implies
     * {@link #requireIdBlock(boolean) requireIdBlock}: the report must then carry an ID block whose
     * author key (AUTHOR_KEY_EN set) or ID key is among the trusted digests. go-sev-guest ignores
     * trusted digests unless an ID block is required; tee4j never leaves a listed digest unenforced.
     */
    public SnpPolicyBuilder addTrustedAuthorKeyHash(byte[] sha384) {
        trustedAuthorKeyHashes.add(len(sha384, 48, "author key hash"));
        return this;
    }

    /**
     * Trusts an ID key by its SHA-384 digest (of the key in AMD's SEV format). Implies
     * {@link #requireIdBlock(boolean) requireIdBlock}, as {@link #addTrustedAuthorKeyHash} does.
     */
    public SnpPolicyBuilder addTrustedIdKeyHash(byte[] sha384) {
        trustedIdKeyHashes.add(len(sha384, 48, "ID key hash"));
        return this;
    }

    /** Bits that must be set in the launch mitigation vector (version 5 reports). */
    public SnpPolicyBuilder requiredLaunchMitigations(long bits) {
        this.requiredLaunchMitigations = bits;
        return this;
    }

    /** Bits that must be set in the current mitigation vector (version 5 reports). */
    public SnpPolicyBuilder requiredCurrentMitigations(long bits) {
        this.requiredCurrentMitigations = bits;
        return this;
    }

    /** Which signing keys are acceptable. Default VCEK and VLEK. */
    public SnpPolicyBuilder allowedSigningKeys(Set<SigningKey> keys) {
        Set<SigningKey> s = EnumSet.copyOf(Objects.requireNonNull(keys, "keys"));
        s.remove(SigningKey.NONE);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("at least VCEK or VLEK must be allowed");
        }
        this.allowedSigningKeys = s;
        return this;
    }

    /** The lowest acceptable report version. Default 2. */
    public SnpPolicyBuilder minimumReportVersion(int version) {
        if (version < AttestationReport.MIN_VERSION || version > AttestationReport.MAX_VERSION) {
            throw new IllegalArgumentException("report versions are 2..5");
        }
        this.minimumReportVersion = version;
        return this;
    }

    /** The acceptable product lines. Default all. */
    public SnpPolicyBuilder productLines(Set<ProductLine> lines) {
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
        if (min.equals(SnpPolicy.ZERO_TCB)) {
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
