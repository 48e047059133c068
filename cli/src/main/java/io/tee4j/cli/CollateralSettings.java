package io.tee4j.cli;

import io.tee4j.core.collateral.CollateralEndpoints;
import io.tee4j.core.collateral.CollateralSources;
import io.tee4j.core.collateral.HttpCollateralSource;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where the command and the sidecar fetch collateral from, from {@code --config} and the endpoint
 * flags together: the service endpoints (a PCCS, a KDS proxy, NVIDIA mirrors), the extra hosts of
 * the outbound allow-list, the extra TLS roots for those services, and the cache directory.
 *
 * @param cacheDir null for the caller's default
 */
record CollateralSettings(CollateralEndpoints endpoints, List<String> extraHosts, List<X509Certificate> trust,
        Path cacheDir) {
    static final CollateralSettings DEFAULT = new CollateralSettings(CollateralEndpoints.vendor(), List.of(), List.of(),
            null);

    CollateralSettings {
        Objects.requireNonNull(endpoints, "endpoints");
        extraHosts = List.copyOf(extraHosts);
        trust = List.copyOf(trust);
    }

    /**
     * The outbound allow-list: the vendor hosts ({@link CollateralSources#VENDOR_HOSTS}), the
     * configured endpoints' hosts and the {@code --allow-collateral-host} entries. Nothing else is
     * ever connected to.
     */
    Set<String> allowedHosts() {
        Set<String> out = new LinkedHashSet<>(CollateralSources.VENDOR_HOSTS);
        out.addAll(endpoints.hosts());
        out.addAll(extraHosts);
        return out;
    }

    /** The HTTP source these settings describe; {@code proxy} null for direct connections. */
    HttpCollateralSource http(ProxySelector proxy) {
        HttpCollateralSource.Builder b = HttpCollateralSource.builder().allowedHosts(allowedHosts())
                .endpoints(endpoints);
        if (!trust.isEmpty()) {
            b.trustedCertificates(trust);
        }
        if (proxy != null) {
            b.proxy(proxy);
        }
        return b.build();
    }

    /** The cache directory: the flag's, else the configuration's, else the default. */
    Path cacheDirOr(Path flag) {
        if (flag != null) {
            return flag;
        }
        return cacheDir != null ? cacheDir : CollateralSources.defaultCacheDirectory();
    }
}
