package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.AbstractVerifier;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.abi.UnsupportedGpuArchitectureException;
import io.tee4j.nvgpu.collateral.OcspChecker;
import io.tee4j.nvgpu.collateral.RimIds;
import io.tee4j.nvgpu.collateral.RimNotFoundException;
import io.tee4j.nvgpu.collateral.RimServiceJson;
import io.tee4j.nvgpu.validate.MeasurementAppraisal;
import io.tee4j.nvgpu.validate.MeasurementMismatchException;
import io.tee4j.nvgpu.validate.MeasurementResult;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Verifies NVIDIA GPU (Hopper, Blackwell) and NVSwitch (LS10) attestation reports (SPDM 1.1 GET_MEASUREMENTS
 * request and response)
 * with the device certificate chain that came with them ({@link Evidence#certificates()}, leaf
 * first, as NVML's {@code attestationCertChain} holds it).
 *
 * <p>Two separate sets of trust anchors: <b>device identity roots</b> for the GPU's certificate
 * chain and <b>RIM signing roots</b> for the signatures of the reference manifests. A GPU must not
 * endorse itself, so a RIM signing chain may contain no certificate of the device hierarchy (see
 * {@link #verify}, step 9); a root given in both sets is refused as a RIM root.
 *
 * <p>Steps, in order, each failing with its own typed error:
 *
 * <ol>
 *   <li>parse the report by offsets ({@link SpdmMeasurementReport#parse(byte[])}) →
 *       {@link MalformedEvidenceException};
 *   <li>the architecture ({@link DeviceArchitecture}: Hopper, Blackwell, LS10 NVSwitch) from the CHIP_INFO
 *       opaque field and the certificate names; any other → {@link UnsupportedGpuArchitectureException}
 *       (malformed, exit 6);
 *   <li>every report field that names a RIM (driver version, project, SKUs) must be a plain
 *       identifier ({@link RimIds}), since it becomes part of the RIM service URL →
 *       {@link MalformedEvidenceException};
 *   <li>the device chain (FMC leaf ← BROM ← Provisioner ICA ← GH100/GB100 Identity ← NVIDIA Device
 *       Identity CA): exactly these five certificates (the root may be left out), valid to the
 *       device anchors at the clock's instant through core's {@link CertificateChainValidator} (the
 *       DICE extensions 2.23.133.5.4.1 and 2.23.133.5.4.1.1 are named as handled and checked here)
 *       → {@code CERTIFICATE_CHAIN};
 *   <li>the leaf's DICE extension (Hopper, LS10: 2.23.133.5.4.1; Blackwell: 2.23.133.5.4.1.1 {@code fwids[0]})
 *       must hold a SHA-384 FWID ({@code CERTIFICATE_CHAIN} if absent) equal to the report's FWID opaque field
 *       → {@code BINDING}; LS10 reports carry no FWID field, which is then noted as a warning;
 *   <li>the ECDSA P-384 signature over request ‖ response up to the signature with the leaf key →
 *       {@code SIGNATURE};
 *   <li>the request nonce must equal the policy's expected nonce and the evidence's nonce, when
 *       given → {@code BINDING};
 *   <li>OCSP for the device chain from the BROM certificate up to, not including, the root (nvtrust
 *       starts at index 1 for GPU attestation: the FMC leaf is minted by the GPU) unless
 *       {@link RevocationMode#SKIP_INSECURE}, which adds a warning → {@code REVOKED} or
 *       {@link io.tee4j.core.RevocationUnavailableException};
 *   <li>the driver and VBIOS RIMs: taken from the RIMs given to the builder, else fetched by id from
 *       the configured RIM service through the collateral source; each signature and signing chain
 *       checked at the clock's instant to the RIM anchors; the signing chain may hold no certificate
 *       of the report's device chain, no device anchor and no device-minted (DICE) certificate →
 *       {@code CERTIFICATE_CHAIN}; then OCSP on every RIM chain certificate but the root; a RIM that
 *       is not found raises {@link RimNotFoundException};
 *   <li>the policy: every active RIM measurement (driver XOR VBIOS; an index active in both is a
 *       conflict) must match one of its alternatives (index 35 is skipped when NVDEC0 is disabled,
 *       as nvtrust does), the RIM versions must be the report's, versions allowed →
 *       {@link MeasurementMismatchException} / {@link PolicyViolationException} listing every
 *       failed check.
 * </ol>
 *
 * <p>Outbound requests go only to the configured services: the RIM service (default NVIDIA's) with
 * the RIM id as one percent-encoded path segment, and the OCSP responder (default NVIDIA's). No
 * address is ever taken from a certificate or from the evidence.
 *
 * <p>Defaults: bundled NVIDIA roots (device identity CA, CoRIM signing root), revocation required,
 * no collateral source (so RIMs must be given or cached, and OCSP fails as unavailable), NVIDIA's
 * RIM service and OCSP responder, system UTC clock.
 *
 * <p>Performance: the verifier keeps one {@link EcdsaVerifier} per leaf certificate (its
 * precomputation is reused) and remembers validated device chains and verified RIMs by their exact
 * bytes, together with the window in which every certificate involved is valid, so later reports
 * of a known GPU cost one ECDSA verification plus the RIM lookups and the OCSP round trips.
 * Revocation is checked on every verification, with a fresh nonce-bound answer per certificate (a
 * cache is never asked to keep OCSP answers). Thread-safe; the caches are bounded.
 *
 * @since 0.1
 */
public final class NvGpuVerifier extends AbstractVerifier<NvGpuPolicy, NvGpuAttestationResult> {
    /** NVIDIA's RIM service. */
    public static final URI NVIDIA_RIM_SERVICE = URI.create("https://rim.attestation.nvidia.com/v1/rim/");
    /** The largest RIM service answer accepted. */
    public static final int MAX_RIM_BYTES = 1 << 20;
    private static final int MAX_CACHED = 1024;

    private final TrustAnchors deviceAnchors;
    private final TrustAnchors rimAnchors;
    private final RevocationMode revocationMode;
    private final OcspChecker ocsp;
    private final DeviceChainStep deviceChain;
    private final RimStep rimStep;

    private NvGpuVerifier(Builder b) {
        super(TeeType.NVIDIA_GPU, b.clock);
        this.deviceAnchors = b.deviceAnchors;
        this.rimAnchors = b.rimAnchors;
        this.revocationMode = b.revocationMode;
        this.ocsp = new OcspChecker(b.source, b.ocspResponder, b.allowCertificateHold);
        this.deviceChain = new DeviceChainStep(b.deviceAnchors, b.cacheSize);
        this.rimStep = new RimStep(b.rimAnchors, b.deviceAnchors, b.source, b.revocationMode, b.rimService, ocsp,
                b.rims, MAX_CACHED);
    }

    /** A verifier with every default (see the class documentation). */
    public static NvGpuVerifier create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NvGpuAttestationResult verify(Evidence evidence, NvGpuPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(evidence, "evidence").requireType(TeeType.NVIDIA_GPU);
        Instant now = Objects.requireNonNull(at, "at");
        List<String> warnings = new ArrayList<>();
        SpdmMeasurementReport report = parse(evidence, warnings);
        DeviceArchitecture arch = DeviceArchitecture.detect(report, evidence.certificates());
        RimIds.requirePlain(report);
        DeviceChainStep.ValidatedChain chain = deviceChain.validate(evidence.certificates(), now, arch);
        ReportBindingStep.checkFwid(report, chain, arch, warnings);
        ReportBindingStep.checkSignature(report, chain);
        boolean nonceChecked = ReportBindingStep.checkNonce(report, evidence, policy, warnings);
        boolean revocationChecked = checkDeviceRevocation(chain, now, warnings);
        Rims rims = rims(report, arch, chain, policy, now, warnings);
        List<Integer> appraised = MeasurementAppraisal.appraise(report, arch, policy, rims.driver, rims.vbios);
        return new NvGpuAttestationResult(report, chain.certificates, rims.result, rims.driver, rims.vbios, appraised,
                nonceChecked, revocationChecked, warnings, now, deviceAnchors, rimAnchors, arch);
    }

    /** Step 1: parse by offsets; trailing zero bytes are tolerated with a warning. */
    private static SpdmMeasurementReport parse(Evidence evidence, List<String> warnings) throws AttestationException {
        SpdmMeasurementReport report = SpdmMeasurementReport.parse(evidence.raw());
        if (report.trailingZeroBytes() > 0) {
            warnings.add(report.trailingZeroBytes() + " zero byte(s) after the report signature were ignored");
        }
        return report;
    }

    /** Step 8: OCSP on the device chain, or a warning that it was skipped; returns whether it was checked. */
    private boolean checkDeviceRevocation(DeviceChainStep.ValidatedChain chain, Instant now, List<String> warnings)
            throws AttestationException {
        if (revocationMode != RevocationMode.REQUIRE) {
            warnings.add("revocation NOT checked (RevocationMode.SKIP_INSECURE): a revoked GPU or RIM signing "
                    + "certificate would be accepted");
            return false;
        }
        // From index 1, as nvtrust does for GPU attestation: the FMC leaf is minted by the GPU at
        // boot and NVIDIA's responder is not asked about it; its issuer (the BROM) and up are.
        warnings.addAll(ocsp.checkChain(chain.certificates, 1, now, "GPU device chain"));
        return true;
    }

    /**
     * Step 9: both RIMs (a switch: its BIOS RIM only), or none when the policy allows unappraised measurements
     * and they cannot be had.
     */
    private Rims rims(SpdmMeasurementReport report, DeviceArchitecture arch, DeviceChainStep.ValidatedChain chain,
            NvGpuPolicy policy, Instant now, List<String> warnings) throws AttestationException {
        try {
            ReferenceManifest driver = arch.isSwitch() ? null : rimStep.rim(report, arch, chain.certificates,
                    ReferenceManifest.Kind.DRIVER, now, warnings);
            ReferenceManifest vbios = rimStep.rim(report, arch, chain.certificates, ReferenceManifest.Kind.VBIOS, now,
                    warnings);
            return new Rims(driver, vbios, MeasurementResult.SUCCESS);
        } catch (CollateralUnavailableException e) {
            if (!policy.allowUnappraisedMeasurements()) {
                throw e;
            }
            warnings.add("measurements NOT appraised (policy allowUnappraisedMeasurements): " + e.getMessage()
                    + "; the GPU firmware state, debug mode included, is unknown");
            return new Rims(null, null, MeasurementResult.NOT_APPRAISED);
        }
    }

    /** The RIMs step 9 found (both null when not appraised). */
    private static final class Rims {
        final ReferenceManifest driver;
        final ReferenceManifest vbios;
        final MeasurementResult result;

        Rims(ReferenceManifest driver, ReferenceManifest vbios, MeasurementResult result) {
            this.driver = driver;
            this.vbios = vbios;
            this.result = result;
        }
    }

    /** Builds an {@link NvGpuVerifier}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private TrustAnchors deviceAnchors = NvGpuTrustAnchors.deviceIdentity();
        private TrustAnchors rimAnchors = NvGpuTrustAnchors.corimSigning();
        private CollateralSource source = CollateralSource.none();
        private RevocationMode revocationMode = RevocationMode.REQUIRE;
        private URI ocspResponder = OcspChecker.NVIDIA_OCSP;
        private URI rimService = NVIDIA_RIM_SERVICE;
        private final List<byte[]> rims = new ArrayList<>();
        private boolean allowCertificateHold;
        private int cacheSize = MAX_CACHED;

        private Builder() {
        }

        /**
         * How many GPUs (device chains and their leaf keys) the warm-path cache keeps (default
         * 1024). RIMs and OCSP verdicts, which GPUs share, are kept apart from this bound.
         */
        public Builder cacheSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("cache size must be positive");
            }
            this.cacheSize = size;
            return this;
        }

        /**
         * Accept certificates whose OCSP status is "revoked" with reason certificateHold (a
         * temporary suspension), as nvtrust's {@code --allow_hold_cert} does; the result then
         * carries a warning. Default false: a hold fails like a revocation.
         */
        public Builder allowCertificateHold(boolean allow) {
            this.allowCertificateHold = allow;
            return this;
        }

        /** The clock verification runs at (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Roots for device chains (default: the bundled NVIDIA Device Identity CA). */
        public Builder deviceTrustAnchors(TrustAnchors anchors) {
            this.deviceAnchors = Objects.requireNonNull(anchors, "anchors");
            return this;
        }

        /** Roots for RIM signing chains (default: the bundled NVIDIA CoRIM signing Root CA). */
        public Builder rimTrustAnchors(TrustAnchors anchors) {
            this.rimAnchors = Objects.requireNonNull(anchors, "anchors");
            return this;
        }

        /** Where RIMs and OCSP answers are fetched (default: nowhere, {@link CollateralSource#none()}). */
        public Builder collateralSource(CollateralSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Revocation checking (default {@link RevocationMode#REQUIRE}). */
        public Builder revocationMode(RevocationMode mode) {
            this.revocationMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The OCSP responder every request goes to (default NVIDIA's, {@code https://ocsp.ndis.nvidia.com/}).
         * No address is ever taken from a certificate's AIA extension: the certificates come with the
         * evidence.
         */
        public Builder ocspResponder(URI uri) {
            this.ocspResponder = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** The RIM service base URL; a RIM is fetched from {@code base + id} (default NVIDIA's). */
        public Builder rimService(URI base) {
            Objects.requireNonNull(base, "base");
            String s = base.toString();
            this.rimService = s.endsWith("/") ? base : URI.create(s + "/");
            return this;
        }

        /**
         * Adds a RIM document (SWID XML, or a RIM-service JSON answer) to use before fetching. Each
         * is verified when used. A RIM whose version is the report's is preferred; a single RIM of
         * a kind is used even for another version, and the mismatch is then a policy violation.
         */
        public Builder addRim(byte[] document) {
            Objects.requireNonNull(document, "document");
            byte[] xml;
            try {
                xml = RimServiceJson.extractRim(document);
            } catch (IllegalArgumentException e) {
                xml = document;
            }
            rims.add(Arrays.copyOf(xml, xml.length));
            return this;
        }

        public NvGpuVerifier build() {
            return new NvGpuVerifier(this);
        }
    }
}
