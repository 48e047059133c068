package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationInfo;
import io.tee4j.nvgpu.abi.CertificateNames;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.MeasurementBlock;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.validate.MeasurementAppraisal;
import io.tee4j.nvgpu.validate.MeasurementResult;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A verified NVIDIA GPU attestation report, with claims modelled on nvtrust's local verifier
 * (claims version 2.0 names).
 *
 * <p>What a result means: the report parsed; its ECDSA P-384 signature verified with the device
 * leaf key; the device chain led to the trusted root at {@link #verifiedAt()}; the FWID in the
 * leaf's DICE extension equals the report's; the nonce matched when one was expected; revocation
 * was checked by OCSP unless a warning says it was skipped; and, when
 * {@link #measurementResult()} is {@link MeasurementResult#SUCCESS}, the driver and VBIOS RIMs were
 * authentic and every active reference measurement matched.
 *
 * <p><b>Unappraised measurements</b> ({@link MeasurementResult#NOT_APPRAISED}, only when the policy
 * allowed it by name): the GPU is a genuine NVIDIA GPU that signed this report, but its firmware
 * state is unknown, so {@code dbgstat} is "unknown", {@code secboot} is absent, the common debug
 * flag is {@code true} (not known to be off) and the TCB status is
 * {@link TcbStatus#NOT_EVALUATED}; a warning says so. With RIMs matched, {@code dbgstat} is
 * "disabled", {@code secboot} true (production RIMs describe production, non-debug firmware, as
 * in nvtrust) and the TCB status {@link TcbStatus#UP_TO_DATE}.
 *
 * <p>Claims ({@link #claims()}): {@code measres}, the {@code x-nvidia-gpu-*} booleans, driver and
 * VBIOS versions, {@code eat_nonce}, {@code hwmodel} (the BROM certificate's common name),
 * {@code ueid} (the leaf serial number in decimal), {@code oemid} 5703, {@code secboot},
 * {@code dbgstat}, {@code measurementsAppraised} (true only when every active RIM measurement was
 * compared and matched), {@code deviceTrustAnchors} and {@code rimTrustAnchors} (which anchors
 * validated what: {@code name}, {@code origin} bundled/explicit, {@code role}), and tee4j's own
 * {@code x-tee4j-*} details (revocation, RIM ids, opaque fields, every measurement by block index). RIM "schema validated" means parsed with the expected SWID
 * structure by a secure parser; no XSD is applied.
 *
 * @since 0.1
 */
public final class NvGpuAttestationResult implements AttestationResult {
    /** NVIDIA's PCI vendor id as nvtrust reports it in {@code oemid}. */
    public static final String OEM_ID = "5703";

    private final SpdmMeasurementReport report;
    private final List<X509Certificate> deviceChain;
    private final MeasurementResult measurementResult;
    private final ReferenceManifest driverRim;
    private final ReferenceManifest vbiosRim;
    private final List<Integer> appraisedBlocks;
    private final boolean nonceChecked;
    private final VerificationInfo info;
    private final TrustAnchors deviceAnchors;
    private final TrustAnchors rimAnchors;
    /** Read from the device chain when first asked for (most callers never ask; a warm verification need not). */
    private volatile String hardwareModel;
    private volatile String ueid;
    private final DeviceArchitecture architecture;

    NvGpuAttestationResult(SpdmMeasurementReport report, List<X509Certificate> deviceChain, MeasurementResult measurementResult,
            ReferenceManifest driverRim, ReferenceManifest vbiosRim, List<Integer> appraisedBlocks, boolean nonceChecked,
            boolean revocationChecked, List<String> warnings, Instant verifiedAt, TrustAnchors deviceAnchors,
            TrustAnchors rimAnchors, DeviceArchitecture architecture) {
        this.report = report;
        this.architecture = architecture;
        this.deviceChain = List.copyOf(deviceChain);
        this.measurementResult = measurementResult;
        this.driverRim = driverRim;
        this.vbiosRim = vbiosRim;
        this.appraisedBlocks = List.copyOf(appraisedBlocks);
        this.nonceChecked = nonceChecked;
        this.deviceAnchors = deviceAnchors;
        this.rimAnchors = rimAnchors;
        boolean explicit = deviceAnchors.origin() == TrustAnchors.Origin.EXPLICIT
                || rimAnchors.origin() == TrustAnchors.Origin.EXPLICIT;
        this.info = new VerificationInfo(verifiedAt, VerificationInfo.origin(explicit), revocationChecked,
                measurementResult == MeasurementResult.SUCCESS ? TcbStatus.UP_TO_DATE : TcbStatus.NOT_EVALUATED,
                warnings);
    }

    @Override
    public TeeType tee() {
        return TeeType.NVIDIA_GPU;
    }

    /** The parsed report. */
    public SpdmMeasurementReport report() {
        return report;
    }

    /** The validated device chain, leaf first, ending with the root. */
    public List<X509Certificate> deviceChain() {
        return deviceChain;
    }

    public MeasurementResult measurementResult() {
        return measurementResult;
    }

    /** The verified driver RIM, when measurements were appraised. */
    public Optional<ReferenceManifest> driverRim() {
        return Optional.ofNullable(driverRim);
    }

    /** The verified VBIOS RIM, when measurements were appraised. */
    public Optional<ReferenceManifest> vbiosRim() {
        return Optional.ofNullable(vbiosRim);
    }

    /**
     * The report block indices (1-based) that were compared with a RIM reference value and
     * matched. Blocks no RIM marks active are not appraised (as in nvtrust), nor is block 36 when
     * NVDEC0 is disabled; empty when measurements were not appraised.
     */
    public List<Integer> appraisedBlocks() {
        return appraisedBlocks;
    }

    /** Whether the request nonce was compared with an expected one (and matched). */
    public boolean nonceChecked() {
        return nonceChecked;
    }

    /**
     * How the report was verified; {@code revocationChecked} means OCSP was checked for the device
     * chain (and the RIM chains when used); the anchor origin is explicit when either anchor set
     * (device identity or RIM signing) was given by the caller.
     */
    @Override
    public VerificationInfo verification() {
        return info;
    }

    /** The device's architecture (Hopper, Blackwell, LS10 NVSwitch), as recognised from the report and chain. */
    public DeviceArchitecture architecture() {
        return architecture;
    }

    /** The BROM certificate's common name, e.g. "GH100 A01 GSP BROM" (nvtrust's hwmodel). */
    public String hardwareModel() {
        String h = hardwareModel;
        if (h == null) {
            h = deviceChain.size() > 1 ? CertificateNames.commonName(deviceChain.get(1)) : "";
            hardwareModel = h;
        }
        return h;
    }

    /** The leaf serial number in decimal (nvtrust's ueid). */
    public String ueid() {
        String u = ueid;
        if (u == null) {
            u = deviceChain.get(0).getSerialNumber().toString();
            ueid = u;
        }
        return u;
    }

    /**
     * Whether every active RIM measurement (both RIMs) was compared with the report and matched,
     * and at least one was: the result's {@code measurementsAppraised} claim.
     */
    public boolean measurementsAppraised() {
        return measurementResult == MeasurementResult.SUCCESS && !appraisedBlocks.isEmpty();
    }

    /** The anchors the device chain was validated to. */
    public TrustAnchors deviceTrustAnchors() {
        return deviceAnchors;
    }

    /** The anchors the RIM signing chains were validated to (unused when measurements were not appraised). */
    public TrustAnchors rimTrustAnchors() {
        return rimAnchors;
    }

    /** "disabled" when the measurements matched production RIMs, "unknown" otherwise. */
    public String debugStatus() {
        return measurementResult == MeasurementResult.SUCCESS ? "disabled" : "unknown";
    }

    @Override
    public CommonClaims commonClaims() {
        CommonClaims.Builder b = CommonClaims.builder(TeeType.NVIDIA_GPU)
                .reportData(report.requestNonce())
                .debug(measurementResult != MeasurementResult.SUCCESS)
                .tcbStatus(info.tcbStatus())
                .platformId(ueid());
        for (MeasurementBlock block : report.blocks()) {
            b.measurement("msr" + block.index(), block.value());
        }
        return b.build();
    }

    @Override
    public Claims claims() {
        boolean appraised = measurementResult == MeasurementResult.SUCCESS;
        OpaqueData o = report.opaqueData();
        Claims.Builder c = Claims.builder()
                .put("measres", measurementResult.claimValue())
                .put("x-nvidia-gpu-arch-check", true)
                .put("x-tee4j-architecture", architecture.name())
                .put("x-nvidia-gpu-driver-version", o.driverVersion().orElse(null))
                .put("x-nvidia-gpu-vbios-version", MeasurementAppraisal.firmwareVersion(report, architecture))
                .put("x-nvidia-gpu-attestation-report-cert-chain-validated", true)
                .put("x-nvidia-gpu-attestation-report-parsed", true)
                .put("x-nvidia-gpu-attestation-report-nonce-match", nonceChecked)
                .put("x-nvidia-gpu-attestation-report-signature-verified", true)
                .put("x-nvidia-gpu-attestation-report-cert-chain-fwid-match", true);
        rimClaims(c, "driver", driverRim);
        rimClaims(c, "vbios", vbiosRim);
        c.put("x-nvidia-gpu-vbios-index-no-conflict", appraised)
                .put("eat_nonce", HexFormat.of().formatHex(report.requestNonce()))
                .put("hwmodel", hardwareModel())
                .put("ueid", ueid())
                .put("oemid", OEM_ID);
        if (appraised) {
            c.put("secboot", true);
        }
        c.put("dbgstat", debugStatus())
                .put("x-tee4j-revocation-checked", info.revocationChecked())
                .put("x-tee4j-response-nonce", HexFormat.of().formatHex(report.responseNonce()));
        if (driverRim != null) {
            c.put("x-tee4j-driver-rim-version", driverRim.colloquialVersion());
        }
        if (vbiosRim != null) {
            c.put("x-tee4j-vbios-rim-version", vbiosRim.colloquialVersion());
        }
        c.put("x-tee4j-appraised-blocks", appraisedBlocks);
        c.put("measurementsAppraised", measurementsAppraised());
        c.put("deviceTrustAnchors", anchorClaims(deviceAnchors, "validated the GPU device certificate chain, root '"
                + deviceChain.get(deviceChain.size() - 1).getSubjectX500Principal().getName() + "'"));
        c.put("rimTrustAnchors", anchorClaims(rimAnchors, appraised
                ? "validated the driver and VBIOS RIM signing chains" : "not used: measurements not appraised"));
        c.put("x-tee4j-opaque-data", NvGpuClaims.opaque(o, architecture.isSwitch()));
        c.put("x-tee4j-measurements", NvGpuClaims.measurements(report));
        return c.build();
    }

    private static Claims.Builder anchorClaims(TrustAnchors anchors, String role) {
        return Claims.builder().put("name", anchors.name())
                .put("origin", anchors.origin().name().toLowerCase(Locale.ROOT))
                .put("role", role);
    }

    private void rimClaims(Claims.Builder c, String which, ReferenceManifest rim) {
        boolean ok = rim != null;
        String p = "x-nvidia-gpu-" + which + "-rim-";
        c.put(p + "fetched", ok).put(p + "schema-validated", ok).put(p + "cert-validated", ok)
                .put(p + "signature-verified", ok).put(p + "measurements-available", ok);
    }


    @Override
    public String toString() {
        return "NvGpuAttestationResult[" + hardwareModel() + ", measres " + measurementResult.claimValue() + ", " + info.warnings().size()
                + " warnings]";
    }
}
