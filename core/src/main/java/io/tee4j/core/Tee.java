package io.tee4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the attester of the platform this JVM runs on.
 *
 * <p>The backends on the class path register {@link AttesterProvider}s; {@link #detect()} probes
 * each and returns the first available one. It never returns a simulator: when nothing is
 * available it throws {@link TeeUnavailableException} listing every probe and what to do.
 *
 * @since 0.1
 */
public final class Tee {

    private Tee() {
    }

    /**
     * The attester of the first hardware TEE that is available here.
     *
     * @throws TeeUnavailableException listing what was probed when there is none
     */
    public static Attester detect() throws TeeUnavailableException {
        return detect(ServiceLoader.load(AttesterProvider.class, Tee.class.getClassLoader()));
    }

    /** The attester of the given TEE, if it is available here. */
    public static Attester attester(TeeType type) throws TeeUnavailableException {
        List<AttesterProvider> matching = new ArrayList<>();
        for (AttesterProvider p : ServiceLoader.load(AttesterProvider.class, Tee.class.getClassLoader())) {
            if (p.type() == type) {
                matching.add(p);
            }
        }
        if (matching.isEmpty()) {
            throw new TeeUnavailableException("no " + type.id() + " backend on the class path; add the tee4j-"
                    + type.id() + " artifact");
        }
        return detect(matching);
    }

    static Attester detect(Iterable<AttesterProvider> providers) throws TeeUnavailableException {
        List<String> probes = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        int providerCount = 0;
        for (AttesterProvider provider : providers) {
            providerCount++;
            AttesterProvider.Probe probe;
            try {
                probe = provider.probe();
            } catch (RuntimeException e) {
                // A probe must not throw; if one does, record it and keep probing the others.
                probes.add(provider.type().id() + ": probe failed: " + e);
                continue;
            }
            if (probe.available()) {
                return provider.create();
            }
            if (probe.findings().isEmpty()) {
                probes.add(provider.type().id() + ": unavailable");
            }
            for (String finding : probe.findings()) {
                probes.add(provider.type().id() + ": " + finding);
            }
            if (!probe.hint().isEmpty()) {
                hints.add(provider.type().id() + ": " + probe.hint());
            }
        }
        if (providerCount == 0) {
            throw new TeeUnavailableException("no TEE backend on the class path; add a tee4j backend artifact "
                    + "(tee4j-sev-snp, tee4j-tdx, tee4j-cca, tee4j-nvidia-gpu)");
        }
        StringBuilder message = new StringBuilder("no TEE available on this machine. Probed:");
        probes.forEach(p -> message.append("\n  ").append(p));
        if (!hints.isEmpty()) {
            message.append("\nWhat to do:");
            hints.forEach(h -> message.append("\n  ").append(h));
        }
        message.append("\nSimulators are never used implicitly; construct one by name for tests.");
        throw new TeeUnavailableException(message.toString(), probes);
    }
}
