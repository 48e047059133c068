package io.tee4j.nvgpu.client;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.function.ToIntFunction;

/** {@link Nvml} over the real library through JNA. Structs travel as byte arrays copied into native memory. */
public final class JnaNvml implements Nvml {
    /** The library names tried, in order. */
    public static final String[] NAMES = {"libnvidia-ml.so.1", "nvidia-ml"};

    /** The C functions, mapped by JNA. */
    public interface NvmlFunctions extends Library {
        int nvmlInit_v2();

        int nvmlShutdown();

        int nvmlSystemGetDriverVersion(byte[] version, int length);

        int nvmlDeviceGetCount_v2(IntByReference count);

        int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

        int nvmlSystemGetConfComputeState(Pointer state);

        int nvmlSystemGetConfComputeSettings(Pointer settings);

        int nvmlDeviceGetConfComputeGpuAttestationReport(Pointer device, Pointer report);

        int nvmlDeviceGetConfComputeGpuCertificate(Pointer device, Pointer certificate);

        int nvmlSystemSetConfComputeGpusReadyState(int isAcceptingWork);

        int nvmlSystemGetConfComputeGpusReadyState(IntByReference isAcceptingWork);

        String nvmlErrorString(int result);
    }

    private final NvmlFunctions lib;

    private JnaNvml(NvmlFunctions lib) {
        this.lib = lib;
    }

    /** Loads the given library, or the default names when {@code name} is null. */
    public static JnaNvml load(String name) {
        if (name != null) {
            return new JnaNvml(Native.load(name, NvmlFunctions.class));
        }
        UnsatisfiedLinkError last = null;
        for (String n : NAMES) {
            try {
                return new JnaNvml(Native.load(n, NvmlFunctions.class));
            } catch (UnsatisfiedLinkError e) {
                last = e;
            }
        }
        throw last;
    }

    private interface Call {
        int run();
    }

    private static int guarded(Call c) {
        try {
            return c.run();
        } catch (UnsatisfiedLinkError e) {
            return ERROR_FUNCTION_NOT_FOUND;
        }
    }

    private static int withStruct(byte[] buf, ToIntFunction<Pointer> call) {
        Memory m = new Memory(buf.length);
        m.write(0, buf, 0, buf.length);
        int rc = guarded(() -> call.applyAsInt(m));
        m.read(0, buf, 0, buf.length);
        m.close();
        return rc;
    }

    @Override
    public int init() {
        return guarded(lib::nvmlInit_v2);
    }

    @Override
    public int shutdown() {
        return guarded(lib::nvmlShutdown);
    }

    @Override
    public int systemDriverVersion(byte[] buffer) {
        return guarded(() -> lib.nvmlSystemGetDriverVersion(buffer, buffer.length));
    }

    @Override
    public int deviceCount(int[] count) {
        IntByReference r = new IntByReference();
        int rc = guarded(() -> lib.nvmlDeviceGetCount_v2(r));
        count[0] = r.getValue();
        return rc;
    }

    @Override
    public int deviceHandle(int index, long[] handle) {
        PointerByReference r = new PointerByReference();
        int rc = guarded(() -> lib.nvmlDeviceGetHandleByIndex_v2(index, r));
        handle[0] = Pointer.nativeValue(r.getValue());
        return rc;
    }

    @Override
    public int systemConfComputeState(byte[] state) {
        return withStruct(state, lib::nvmlSystemGetConfComputeState);
    }

    @Override
    public int systemConfComputeSettings(byte[] settings) {
        return withStruct(settings, lib::nvmlSystemGetConfComputeSettings);
    }

    @Override
    public int attestationReport(long device, byte[] report) {
        return withStruct(report, p -> lib.nvmlDeviceGetConfComputeGpuAttestationReport(new Pointer(device), p));
    }

    @Override
    public int certificate(long device, byte[] certificate) {
        return withStruct(certificate, p -> lib.nvmlDeviceGetConfComputeGpuCertificate(new Pointer(device), p));
    }

    @Override
    public int setGpusReadyState(int ready) {
        return guarded(() -> lib.nvmlSystemSetConfComputeGpusReadyState(ready));
    }

    @Override
    public int gpusReadyState(int[] ready) {
        IntByReference r = new IntByReference();
        int rc = guarded(() -> lib.nvmlSystemGetConfComputeGpusReadyState(r));
        ready[0] = r.getValue();
        return rc;
    }

    @Override
    public String errorString(int code) {
        try {
            String s = lib.nvmlErrorString(code);
            return s == null ? "NVML error " + code : s;
        } catch (UnsatisfiedLinkError e) {
            return "NVML error " + code;
        }
    }
}
