package io.tee4j.snp.client;

import io.tee4j.core.Attester;
import io.tee4j.core.TeeType;
import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.TsmReportClient;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.core.AttesterProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds SEV-SNP on this machine for {@link io.tee4j.core.Tee#detect()}: configfs-tsm with the
 * {@code sev_guest} provider, or the {@code /dev/sev-guest} device. Probing reads the tree and
 * checks the device file; it requests nothing. Never offers a simulator.
 *
 * @since 0.1
 */
public final class SnpAttesterProvider implements AttesterProvider {

    /** For {@link java.util.ServiceLoader}. */
    public SnpAttesterProvider() {
    }

    @Override
    public TeeType type() {
        return TeeType.SEV_SNP;
    }

    @Override
    public Probe probe() {
        List<String> findings = new ArrayList<>();
        boolean tsm = false;
        TsmReportClient client = TsmReportClient.system();
        if (client.isPresent()) {
            try {
                String provider = client.provider().trim();
                findings.add(client.root() + ": present, provider " + provider);
                tsm = TsmRequest.PROVIDER_SEV_GUEST.equals(provider);
            } catch (TeeUnavailableException e) {
                findings.add(client.root() + ": present, provider unreadable (" + e.getMessage() + ")");
            }
        } else {
            findings.add(client.root() + ": absent");
        }
        Path dev = Path.of(SevGuestDevice.DEFAULT_PATH);
        boolean device = Files.exists(dev);
        findings.add(dev + ": " + (device ? (Files.isReadable(dev) && Files.isWritable(dev) ? "present"
                : "present, not accessible to this user") : "absent"));
        boolean ok = tsm || (device && Files.isReadable(dev) && Files.isWritable(dev));
        return new Probe(ok, findings, ok ? "" : device ? "grant this user read-write access to /dev/sev-guest"
                : "run inside an AMD SEV-SNP guest with the sev-guest driver loaded (modprobe sev-guest)");
    }

    @Override
    public Attester create() throws TeeUnavailableException {
        return SnpAttester.system();
    }
}
