package io.tee4j.nvgpu.client;

import java.util.Objects;

/**
 * The NVML calls the GPU attester needs, one method per C function, with structs passed as
 * little-endian byte arrays of their C size (see {@link NvmlAttester} for the layouts). The real
 * implementation loads {@code libnvidia-ml.so.1} through JNA ({@link #load()}); tests and the
 * simulator supply fakes. Every method returns the NVML return code ({@link #SUCCESS} = 0).
 *
 * @since 0.1
 */
public interface Nvml {
    /** NVML_SUCCESS. */
    int SUCCESS = 0;
    /** NVML_ERROR_UNINITIALIZED. */
    int ERROR_UNINITIALIZED = 1;
    /** NVML_ERROR_INVALID_ARGUMENT. */
    int ERROR_INVALID_ARGUMENT = 2;
    /** NVML_ERROR_NOT_SUPPORTED. */
    int ERROR_NOT_SUPPORTED = 3;
    /** NVML_ERROR_NO_PERMISSION. */
    int ERROR_NO_PERMISSION = 4;
    /** NVML_ERROR_INSUFFICIENT_SIZE. */
    int ERROR_INSUFFICIENT_SIZE = 7;
    /** NVML_ERROR_DRIVER_NOT_LOADED. */
    int ERROR_DRIVER_NOT_LOADED = 9;
    /** NVML_ERROR_LIBRARY_NOT_FOUND. */
    int ERROR_LIBRARY_NOT_FOUND = 12;
    /** NVML_ERROR_FUNCTION_NOT_FOUND (also returned when the loaded library lacks the symbol). */
    int ERROR_FUNCTION_NOT_FOUND = 13;
    /** NVML_ERROR_GPU_IS_LOST. */
    int ERROR_GPU_IS_LOST = 15;

    /** {@code nvmlInit_v2}. */
    int init();

    /** {@code nvmlShutdown}. */
    int shutdown();

    /** {@code nvmlSystemGetDriverVersion} into {@code buffer} (NUL-terminated ASCII). */
    int systemDriverVersion(byte[] buffer);

    /** {@code nvmlDeviceGetCount_v2}; the count goes to {@code count[0]}. */
    int deviceCount(int[] count);

    /** {@code nvmlDeviceGetHandleByIndex_v2}; the opaque handle goes to {@code handle[0]}. */
    int deviceHandle(int index, long[] handle);

    /** {@code nvmlSystemGetConfComputeState} into a 12-byte {@code nvmlConfComputeSystemState_t}. */
    int systemConfComputeState(byte[] state);

    /** {@code nvmlSystemGetConfComputeSettings} into a 20-byte {@code nvmlSystemConfComputeSettings_v1_t} (version preset). */
    int systemConfComputeSettings(byte[] settings);

    /** {@code nvmlDeviceGetConfComputeGpuAttestationReport} on a {@code nvmlConfComputeGpuAttestationReport_t} (nonce preset). */
    int attestationReport(long device, byte[] report);

    /** {@code nvmlDeviceGetConfComputeGpuCertificate} into a {@code nvmlConfComputeGpuCertificate_t}. */
    int certificate(long device, byte[] certificate);

    /** {@code nvmlSystemSetConfComputeGpusReadyState}. */
    int setGpusReadyState(int ready);

    /** {@code nvmlSystemGetConfComputeGpusReadyState}; the state goes to {@code ready[0]}. */
    int gpusReadyState(int[] ready);

    /** {@code nvmlErrorString}. */
    String errorString(int code);

    /**
     * The real NVML: {@code libnvidia-ml.so.1} (or {@code nvidia-ml}) through JNA.
     *
     * @throws UnsatisfiedLinkError when the library cannot be loaded (the attester turns that into a
     *     {@link io.tee4j.core.TeeUnavailableException})
     */
    static Nvml load() {
        return JnaNvml.load(null);
    }

    /** NVML loaded from an explicit library path or name (for tests with a fake library). */
    static Nvml load(String libraryPathOrName) {
        return JnaNvml.load(Objects.requireNonNull(libraryPathOrName, "library"));
    }
}
