package io.tee4j.nvgpu.simulator;

import io.tee4j.nvgpu.client.Nvml;
import io.tee4j.nvgpu.client.NvmlAttester;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An in-memory {@link Nvml} backed by an {@link NvGpuSimulator}: one GPU, CC mode on (switchable),
 * reports signed by the simulated device for whatever nonce the caller put in the struct. For
 * tests of code that uses {@link NvmlAttester}; never used implicitly.
 *
 * @since 0.1
 */
public final class FakeNvml implements Nvml {
    private static final long HANDLE = 0x5100L;

    private final NvGpuSimulator simulator;
    private volatile boolean ccEnabled = true;
    private volatile int initResult = SUCCESS;
    private volatile boolean initialised;
    private volatile int ready;

    FakeNvml(NvGpuSimulator simulator) {
        this.simulator = simulator;
    }

    /** Switches the simulated CC mode. */
    public FakeNvml ccEnabled(boolean enabled) {
        this.ccEnabled = enabled;
        return this;
    }

    /** Makes {@code nvmlInit_v2} fail with the given NVML code (e.g. {@link Nvml#ERROR_DRIVER_NOT_LOADED}). */
    public FakeNvml failInit(int code) {
        this.initResult = code;
        return this;
    }

    /** The GPUs-ready state last set. */
    public boolean ready() {
        return ready == 1;
    }

    @Override
    public int init() {
        if (initResult != SUCCESS) {
            return initResult;
        }
        initialised = true;
        return SUCCESS;
    }

    @Override
    public int shutdown() {
        initialised = false;
        return SUCCESS;
    }

    @Override
    public int systemDriverVersion(byte[] buffer) {
        byte[] v = simulator.driverVersion().getBytes(StandardCharsets.US_ASCII);
        if (buffer.length <= v.length) {
            return ERROR_INSUFFICIENT_SIZE;
        }
        Arrays.fill(buffer, (byte) 0);
        System.arraycopy(v, 0, buffer, 0, v.length);
        return SUCCESS;
    }

    @Override
    public int deviceCount(int[] count) {
        if (!initialised) {
            return ERROR_UNINITIALIZED;
        }
        count[0] = 1;
        return SUCCESS;
    }

    @Override
    public int deviceHandle(int index, long[] handle) {
        if (index != 0) {
            return ERROR_INVALID_ARGUMENT;
        }
        handle[0] = HANDLE;
        return SUCCESS;
    }

    @Override
    public int systemConfComputeState(byte[] state) {
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 2).putInt(4, ccEnabled ? 1 : 0).putInt(8, 0);
        return SUCCESS;
    }

    @Override
    public int systemConfComputeSettings(byte[] settings) {
        ByteBuffer b = ByteBuffer.wrap(settings).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != NvmlAttester.SETTINGS_VERSION) {
            return 25;
        }
        b.putInt(4, 2).putInt(8, ccEnabled ? 1 : 0).putInt(12, 0).putInt(16, 0);
        return SUCCESS;
    }

    @Override
    public int attestationReport(long device, byte[] report) {
        if (device != HANDLE || report.length != NvmlAttester.REPORT_STRUCT_SIZE) {
            return ERROR_INVALID_ARGUMENT;
        }
        if (!ccEnabled) {
            return ERROR_NOT_SUPPORTED;
        }
        byte[] nonce = Arrays.copyOfRange(report, NvmlAttester.REPORT_NONCE_OFFSET, NvmlAttester.REPORT_NONCE_OFFSET + 32);
        byte[] r = simulator.report(nonce);
        ByteBuffer.wrap(report).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0).putInt(4, r.length).putInt(8, 0);
        System.arraycopy(r, 0, report, NvmlAttester.REPORT_OFFSET, r.length);
        return SUCCESS;
    }

    @Override
    public int certificate(long device, byte[] certificate) {
        if (device != HANDLE || certificate.length != NvmlAttester.CERT_STRUCT_SIZE) {
            return ERROR_INVALID_ARGUMENT;
        }
        byte[] pem = simulator.deviceChainPem().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer.wrap(certificate).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0).putInt(4, pem.length);
        System.arraycopy(pem, 0, certificate, NvmlAttester.ATTESTATION_CHAIN_OFFSET, pem.length);
        return SUCCESS;
    }

    @Override
    public int setGpusReadyState(int state) {
        ready = state;
        return SUCCESS;
    }

    @Override
    public int gpusReadyState(int[] state) {
        state[0] = ready;
        return SUCCESS;
    }

    @Override
    public String errorString(int code) {
        return code == ERROR_DRIVER_NOT_LOADED ? "Driver Not Loaded" : "simulated NVML error " + code;
    }
}
