package io.tee4j.cca.internal;

import io.tee4j.cca.client.CcaAttester;
import io.tee4j.core.Attester;
import io.tee4j.core.TeeType;
import io.tee4j.core.linux.TsmException;
import io.tee4j.core.linux.TsmReportClient;
import io.tee4j.core.linux.TsmRequest;
import io.tee4j.core.AttesterProvider;
import java.util.List;

/**
 * Finds a CCA realm for {@link io.tee4j.core.Tee#detect()}: configfs-tsm present with provider
 * {@code arm_cca_guest}. The probe creates and removes one report entry to read the provider; it
 * requests no token.
 */
public final class CcaAttesterProvider implements AttesterProvider {
    private final TsmReportClient client;

    /** The provider on the system's configfs-tsm tree (ServiceLoader constructor). */
    public CcaAttesterProvider() {
        this(TsmReportClient.system());
    }

    CcaAttesterProvider(TsmReportClient client) {
        this.client = client;
    }

    @Override
    public TeeType type() {
        return TeeType.CCA;
    }

    @Override
    public Probe probe() {
        String where = client.root().toString();
        if (!client.isPresent()) {
            return new Probe(false, List.of(where + ": absent"), "run inside an Arm CCA realm with Linux 6.13+"
                    + " (CONFIG_TSM_REPORTS, arm-cca-guest loaded) and configfs mounted on /sys/kernel/config");
        }
        try {
            String provider = client.provider();
            if (provider.equals(TsmRequest.PROVIDER_ARM_CCA_GUEST)) {
                return new Probe(true, List.of(where + ": present, provider " + provider), "");
            }
            return new Probe(false, List.of(where + ": present, provider " + provider + " (not arm_cca_guest)"),
                    "this machine is not an Arm CCA realm");
        } catch (TsmException e) {
            return new Probe(false, List.of(where + ": " + e.getMessage()), "load the arm-cca-guest driver and run as"
                    + " a user that may write to " + where);
        }
    }

    @Override
    public Attester create() {
        return CcaAttester.using(client);
    }
}
