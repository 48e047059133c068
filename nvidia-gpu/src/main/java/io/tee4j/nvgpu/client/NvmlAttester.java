package io.tee4j.nvgpu.client;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.nvgpu.abi.OpaqueData;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.DeviceEvidence;
import io.tee4j.nvgpu.abi.SpdmMeasurementReport;
import io.tee4j.nvgpu.verify.NvGpuVerifier;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces NVIDIA GPU attestation evidence through NVML, as nvtrust does: initialise NVML, check
 * that confidential computing is on, pass the caller's 32-byte nonce to
 * {@code nvmlDeviceGetConfComputeGpuAttestationReport}, and fetch the device certificate chain
 * with {@code nvmlDeviceGetConfComputeGpuCertificate}. The evidence holds the report, the chain
 * (DER, leaf first) and the nonce.
 *
 * <p>Struct layouts (little-endian, pinned in tests against a C compiler), as byte offsets:
 * {@code nvmlConfComputeGpuAttestationReport_t} is 12,332 bytes: isCecAttestationReportPresent at
 * 0, attestationReportSize at 4, cecAttestationReportSize at 8, nonce[32] at 12,
 * attestationReport[0x2000] at 44, cecAttestationReport[0x1000] at 8236.
 * {@code nvmlConfComputeGpuCertificate_t} is 9,224 bytes: certChainSize at 0,
 * attestationCertChainSize at 4, certChain[0x1000] at 8, attestationCertChain[0x1400] at 4104.
 * {@code nvmlConfComputeSystemState_t} is 12 bytes (environment, ccFeature, devToolsMode);
 * {@code nvmlSystemConfComputeSettings_v1_t} 20 bytes (version = 20 | 1 &lt;&lt; 24,
 * environment, ccFeature, devToolsMode, multiGpuMode).
 *
 * <p>Failures: no library, driver not loaded, no permission, no GPU, CC off, or a driver without
 * the confidential-computing calls raise {@link TeeUnavailableException} saying which. Nothing is
 * verified here; pass the evidence to {@link NvGpuVerifier}, then call {@link #setGpusReady(boolean)}
 * to let the GPUs accept work (nvtrust's last step; needs root).
 *
 * <p>Thread-safe: calls into NVML are serialised.
 *
 * @since 0.1
 */
public final class NvmlAttester implements Attester, AutoCloseable {
    /** sizeof(nvmlConfComputeGpuAttestationReport_t). */
    public static final int REPORT_STRUCT_SIZE = 12 + 32 + 0x2000 + 0x1000;
    /** Offset of the nonce in the report struct. */
    public static final int REPORT_NONCE_OFFSET = 12;
    /** Offset of attestationReport in the report struct. */
    public static final int REPORT_OFFSET = 44;
    /** Capacity of attestationReport. */
    public static final int REPORT_CAPACITY = 0x2000;
    /** Offset of cecAttestationReport in the report struct. */
    public static final int CEC_REPORT_OFFSET = REPORT_OFFSET + REPORT_CAPACITY;
    /** sizeof(nvmlConfComputeGpuCertificate_t). */
    public static final int CERT_STRUCT_SIZE = 8 + 0x1000 + 0x1400;
    /** Offset of attestationCertChain in the certificate struct. */
    public static final int ATTESTATION_CHAIN_OFFSET = 8 + 0x1000;
    /** Capacity of attestationCertChain. */
    public static final int ATTESTATION_CHAIN_CAPACITY = 0x1400;
    /** sizeof(nvmlConfComputeSystemState_t). */
    public static final int STATE_STRUCT_SIZE = 12;
    /** sizeof(nvmlSystemConfComputeSettings_v1_t). */
    public static final int SETTINGS_STRUCT_SIZE = 20;
    /** nvmlSystemConfComputeSettings_v1 = sizeof | 1 &lt;&lt; 24. */
    public static final int SETTINGS_VERSION = SETTINGS_STRUCT_SIZE | 1 << 24;

    private static final Logger LOG = LoggerFactory.getLogger(NvmlAttester.class);

    private final Nvml nvml;
    private final int deviceIndex;
    private boolean initialised;

    private NvmlAttester(Nvml nvml, int deviceIndex) {
        this.nvml = nvml;
        this.deviceIndex = deviceIndex;
    }

    /**
     * An attester on the real NVML for GPU {@code deviceIndex}.
     *
     * @throws TeeUnavailableException when {@code libnvidia-ml.so.1} cannot be loaded
     */
    public static NvmlAttester open(int deviceIndex) throws TeeUnavailableException {
        Nvml nvml;
        try {
            nvml = Nvml.load();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new TeeUnavailableException("NVIDIA driver not found: libnvidia-ml.so.1 cannot be loaded ("
                    + e.getMessage() + "); install the NVIDIA driver in this confidential VM", List.of(
                            "libnvidia-ml.so.1: not loadable"));
        }
        return with(nvml, deviceIndex);
    }

    /** An attester on the given NVML (a fake, the simulator's, or a library loaded by path). */
    public static NvmlAttester with(Nvml nvml, int deviceIndex) {
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("device index must be >= 0");
        }
        return new NvmlAttester(Objects.requireNonNull(nvml, "nvml"), deviceIndex);
    }

    @Override
    public TeeType type() {
        return TeeType.NVIDIA_GPU;
    }

    /** The confidential-computing state NVML reports. */
    public record CcState(int environment, boolean ccEnabled, boolean devToolsMode, int multiGpuMode) {
        /** "UNAVAILABLE", "SIM", "PROD" or the number. */
        public String environmentName() {
            switch (environment) {
                case 0:
                    return "UNAVAILABLE";
                case 1:
                    return "SIM";
                case 2:
                    return "PROD";
                default:
                    return Integer.toString(environment);
            }
        }
    }

    /** Initialises NVML once. */
    private synchronized void ensureInit() throws TeeUnavailableException {
        if (initialised) {
            return;
        }
        int rc = nvml.init();
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlInit_v2", rc, rc == Nvml.ERROR_DRIVER_NOT_LOADED
                    ? "the NVIDIA kernel driver is not loaded (modprobe nvidia)"
                    : rc == Nvml.ERROR_NO_PERMISSION ? "run with access to /dev/nvidia*" : "check the NVIDIA driver");
        }
        initialised = true;
    }

    private TeeUnavailableException unavailable(String call, int rc, String hint) {
        String msg = call + " failed: " + nvml.errorString(rc) + " (NVML " + rc + "); " + hint;
        return new TeeUnavailableException(msg, List.of(msg));
    }

    /** The number of GPUs NVML sees. */
    public synchronized int deviceCount() throws TeeUnavailableException {
        ensureInit();
        int[] count = new int[1];
        int rc = nvml.deviceCount(count);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlDeviceGetCount_v2", rc, "check the NVIDIA driver");
        }
        return count[0];
    }

    /** The driver version NVML reports. */
    public synchronized String driverVersion() throws TeeUnavailableException {
        ensureInit();
        byte[] buf = new byte[80];
        int rc = nvml.systemDriverVersion(buf);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlSystemGetDriverVersion", rc, "check the NVIDIA driver");
        }
        return OpaqueData.cString(buf);
    }

    /**
     * The confidential-computing state and settings. multiGpuMode is -1 when the driver lacks
     * {@code nvmlSystemGetConfComputeSettings}.
     */
    public synchronized CcState ccState() throws TeeUnavailableException {
        ensureInit();
        byte[] state = new byte[STATE_STRUCT_SIZE];
        int rc = nvml.systemConfComputeState(state);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlSystemGetConfComputeState", rc, rc == Nvml.ERROR_FUNCTION_NOT_FOUND
                    || rc == Nvml.ERROR_NOT_SUPPORTED ? "this driver or GPU has no confidential computing (R535+, H100)"
                    : "check the NVIDIA driver");
        }
        ByteBuffer s = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        int environment = s.getInt(0);
        boolean cc = s.getInt(4) == 1;
        boolean devTools = s.getInt(8) == 1;
        byte[] settings = new byte[SETTINGS_STRUCT_SIZE];
        ByteBuffer.wrap(settings).order(ByteOrder.LITTLE_ENDIAN).putInt(0, SETTINGS_VERSION);
        int multiGpu = -1;
        if (nvml.systemConfComputeSettings(settings) == Nvml.SUCCESS) {
            multiGpu = ByteBuffer.wrap(settings).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
        }
        return new CcState(environment, cc, devTools, multiGpu);
    }

    /**
     * Requests a report from this attester's GPU with {@code reportData} as the SPDM nonce.
     *
     * @param reportData up to 32 bytes; shorter input is zero-padded on the right
     * @throws TeeUnavailableException when NVML, the GPU or CC mode is not available
     * @throws MalformedEvidenceException when the driver returns a report or chain that does not parse
     */
    @Override
    public synchronized Evidence attest(byte[] reportData) throws AttestationException {
        Objects.requireNonNull(reportData, "reportData");
        if (reportData.length > SpdmMeasurementReport.NONCE_LENGTH) {
            throw new IllegalArgumentException("a GPU nonce has at most 32 bytes, got " + reportData.length);
        }
        byte[] nonce = Arrays.copyOf(reportData, SpdmMeasurementReport.NONCE_LENGTH);
        CcState cc = ccState();
        if (!cc.ccEnabled()) {
            throw new TeeUnavailableException("confidential computing is off on this system (NVML ccFeature "
                    + "disabled, environment " + cc.environmentName() + "); enable CC mode on the GPU "
                    + "(nvidia-smi conf-compute / gpu-admin-tools)", List.of("NVML CC feature: disabled"));
        }
        if (cc.devToolsMode()) {
            LOG.debug("GPU confidential computing is in devtools mode");
        }
        int count = deviceCount();
        if (deviceIndex >= count) {
            throw new TeeUnavailableException(count == 0 ? "NVML sees no GPU" : "GPU index " + deviceIndex
                    + " does not exist; NVML sees " + count, List.of("NVML device count: " + count));
        }
        return attestDevice(deviceIndex, nonce);
    }

    /**
     * Every GPU NVML sees, each asked with the same nonce, as the entries of NVIDIA's evidence list (write it with
     * {@link io.tee4j.nvgpu.abi.EvidenceList#toJson}). NVSwitch evidence does not come through NVML (NVIDIA
     * collects it through NSCQ on the host), so the list holds GPUs only.
     *
     * @param nonce 32 bytes
     * @throws TeeUnavailableException when NVML, a GPU or CC mode is not available, or NVML sees no GPU
     */
    public synchronized List<DeviceEvidence> attestAll(byte[] nonce) throws AttestationException {
        Objects.requireNonNull(nonce, "nonce");
        if (nonce.length != SpdmMeasurementReport.NONCE_LENGTH) {
            throw new IllegalArgumentException("a GPU nonce has 32 bytes, got " + nonce.length);
        }
        if (!ccState().ccEnabled()) {
            throw new TeeUnavailableException("confidential computing is off on this system (NVML ccFeature "
                    + "disabled)", List.of("NVML CC feature: disabled"));
        }
        int count = deviceCount();
        if (count == 0) {
            throw new TeeUnavailableException("NVML sees no GPU", List.of("NVML device count: 0"));
        }
        List<DeviceEvidence> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Evidence e = attestDevice(i, nonce);
            DeviceArchitecture arch = DeviceArchitecture.detect(SpdmMeasurementReport.parse(e.raw()), e.certificates());
            out.add(DeviceEvidence.of(i, arch, e.raw(), e.certificates(), nonce));
        }
        return out;
    }

    /** One device's report and chain for {@code nonce} (32 bytes). */
    private Evidence attestDevice(int index, byte[] nonce) throws AttestationException {
        long[] handle = new long[1];
        int rc = nvml.deviceHandle(index, handle);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlDeviceGetHandleByIndex_v2(" + index + ")", rc, "check the GPU");
        }
        byte[] reportStruct = new byte[REPORT_STRUCT_SIZE];
        System.arraycopy(nonce, 0, reportStruct, REPORT_NONCE_OFFSET, nonce.length);
        rc = nvml.attestationReport(handle[0], reportStruct);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlDeviceGetConfComputeGpuAttestationReport", rc,
                    "the GPU must be in CC mode with a driver that supports attestation");
        }
        byte[] report = reportFromStruct(reportStruct);
        byte[] certStruct = new byte[CERT_STRUCT_SIZE];
        rc = nvml.certificate(handle[0], certStruct);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlDeviceGetConfComputeGpuCertificate", rc, "check the GPU");
        }
        List<X509Certificate> chain = chainFromStruct(certStruct);
        SpdmMeasurementReport.parse(report);
        Evidence.Builder b = Evidence.builder(TeeType.NVIDIA_GPU, report).nonce(nonce);
        for (X509Certificate c : chain) {
            try {
                b.addCertificate(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new MalformedEvidenceException("device certificate does not encode", e);
            }
        }
        return b.build();
    }

    /** The report bytes of a filled {@code nvmlConfComputeGpuAttestationReport_t}. */
    static byte[] reportFromStruct(byte[] struct) throws MalformedEvidenceException {
        int size = ByteBuffer.wrap(struct).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        if (size <= 0 || size > REPORT_CAPACITY) {
            throw new MalformedEvidenceException("NVML returned attestationReportSize " + Integer.toUnsignedString(size)
                    + " (capacity " + REPORT_CAPACITY + ")");
        }
        return Arrays.copyOfRange(struct, REPORT_OFFSET, REPORT_OFFSET + size);
    }

    /** The device chain of a filled {@code nvmlConfComputeGpuCertificate_t} (PEM in attestationCertChain). */
    static List<X509Certificate> chainFromStruct(byte[] struct) throws MalformedEvidenceException {
        int size = ByteBuffer.wrap(struct).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
        if (size <= 0 || size > ATTESTATION_CHAIN_CAPACITY) {
            throw new MalformedEvidenceException("NVML returned attestationCertChainSize "
                    + Integer.toUnsignedString(size) + " (capacity " + ATTESTATION_CHAIN_CAPACITY + ")");
        }
        byte[] chain = Arrays.copyOfRange(struct, ATTESTATION_CHAIN_OFFSET, ATTESTATION_CHAIN_OFFSET + size);
        try {
            List<X509Certificate> certs = Certificates.isPem(chain) ? Certificates.parseAll(chain) : derSequence(chain);
            if (certs.isEmpty()) {
                throw new MalformedEvidenceException("NVML's attestation certificate chain holds no certificate");
            }
            return certs;
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedEvidenceException("NVML's attestation certificate chain does not parse: "
                    + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> derSequence(byte[] chain) throws CertificateException {
        // Some drivers return concatenated DER certificates rather than PEM.
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(chain))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** Whether the GPUs accept work (nvmlSystemGetConfComputeGpusReadyState). */
    public synchronized boolean gpusReady() throws TeeUnavailableException {
        ensureInit();
        int[] r = new int[1];
        int rc = nvml.gpusReadyState(r);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlSystemGetConfComputeGpusReadyState", rc, "check the NVIDIA driver");
        }
        return r[0] == 1;
    }

    /**
     * Sets the GPUs-ready state (nvmlSystemSetConfComputeGpusReadyState): call with {@code true}
     * only after the evidence of every GPU verified. Needs root.
     */
    public synchronized void setGpusReady(boolean ready) throws TeeUnavailableException {
        ensureInit();
        int rc = nvml.setGpusReadyState(ready ? 1 : 0);
        if (rc != Nvml.SUCCESS) {
            throw unavailable("nvmlSystemSetConfComputeGpusReadyState", rc,
                    rc == Nvml.ERROR_NO_PERMISSION ? "setting the ready state needs root" : "check the NVIDIA driver");
        }
    }

    /** Shuts NVML down if this attester initialised it. */
    @Override
    public synchronized void close() {
        if (initialised) {
            nvml.shutdown();
            initialised = false;
        }
    }

    @Override
    public String toString() {
        return "NvmlAttester[GPU " + deviceIndex + "]";
    }
}
