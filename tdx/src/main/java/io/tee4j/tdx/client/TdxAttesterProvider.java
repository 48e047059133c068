package io.tee4j.tdx.client;

import io.tee4j.core.Attester;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.TsmReportClient;
import io.tee4j.core.AttesterProvider;
import io.tee4j.tdx.client.TdxAttester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a TDX guest for {@link io.tee4j.core.Tee#detect()}: available when the configfs-tsm report
 * directory exists and a TDX guest device node is present. The probe creates nothing and asks for
 * no report (it does not read the tsm provider, which would need a temporary entry).
 *
 * @since 0.1
 */
public final class TdxAttesterProvider implements AttesterProvider {

    @Override
    public TeeType type() {
        return TeeType.TDX;
    }

    @Override
    public Probe probe() {
        List<String> findings = new ArrayList<>();
        boolean tsm = Files.isDirectory(TsmReportClient.DEFAULT_ROOT);
        findings.add(TsmReportClient.DEFAULT_ROOT + ": " + (tsm ? "present" : "absent"));
        boolean device = false;
        for (String p : TdxAttester.DEVICE_PATHS) {
            boolean e = Files.exists(Path.of(p));
            device |= e;
            findings.add(p + ": " + (e ? "present" : "absent"));
        }
        if (tsm && device) {
            return new Probe(true, findings, "");
        }
        return new Probe(false, findings, device ? "mount configfs (mount -t configfs none /sys/kernel/config) "
                + "on Linux 6.7+ to get quotes" : "not a TDX guest, or the tdx_guest driver is not loaded");
    }

    @Override
    public Attester create() throws TeeUnavailableException {
        return TdxAttester.system();
    }
}
