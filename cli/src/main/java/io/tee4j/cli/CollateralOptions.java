package io.tee4j.cli;

import io.tee4j.core.collateral.CollateralEndpoints;
import io.tee4j.core.collateral.CollateralEndpoints.Service;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The collateral service options shared by {@code verify}, {@code serve} and
 * {@code collateral fetch}: the endpoint of each vendor service, the extra allowed hosts, the
 * extra TLS roots, and {@code --config FILE} holding the same settings (the flags win over the
 * file; lists add up). See {@link CollateralConfigFile} for the file's keys.
 */
final class CollateralOptions {
    @Option(names = "--pccs-url", paramLabel = "URL",
            description = "Intel PCS v4 paths on this PCCS or mirror instead of api.trustedservices.intel.com "
                    + "(also the root CA CRL, at /sgx/certification/v4/rootcacrl).")
    String pccsUrl;

    @Option(names = "--kds-url", paramLabel = "URL",
            description = "AMD KDS paths (/vcek/v1/..., /vlek/v1/...) on this proxy or mirror instead of kdsintf.amd.com.")
    String kdsUrl;

    @Option(names = "--nvidia-rim-url", paramLabel = "URL",
            description = "NVIDIA RIM service paths (/v1/rim/<id>) on this mirror instead of rim.attestation.nvidia.com.")
    String nvidiaRimUrl;

    @Option(names = "--nvidia-ocsp-url", paramLabel = "URL",
            description = "NVIDIA OCSP requests to this responder or mirror instead of ocsp.ndis.nvidia.com.")
    String nvidiaOcspUrl;

    @Option(names = "--allow-collateral-host", paramLabel = "HOST[:PORT]",
            description = "Also allow fetching collateral from this host (the vendor hosts and the configured "
                    + "endpoints are allowed; nothing else is ever connected to). Repeatable.")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--collateral-trust-store", paramLabel = "FILE",
            description = "TLS roots for the collateral endpoints besides the JDK trust store: PEM or DER "
                    + "certificates, or a PKCS#12 trust store without a password.")
    Path trustStore;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A JSON file with the same settings (pccsUrl, pccsApiKey, kdsUrl, nvidiaRimUrl, "
                    + "nvidiaOcspUrl, allowCollateralHosts, collateralTrustStore, cacheDir); flags win.")
    Path config;

    /** The settings of the file and the flags together; any bad value is a usage error naming it. */
    CollateralSettings settings() throws UsageException {
        CollateralConfigFile file = config == null ? CollateralConfigFile.EMPTY : CollateralConfigFile.read(config);
        CollateralEndpoints.Builder b = CollateralEndpoints.builder();
        endpoint(b, Service.INTEL_PCS, pccsUrl, "--pccs-url", file);
        endpoint(b, Service.AMD_KDS, kdsUrl, "--kds-url", file);
        endpoint(b, Service.NVIDIA_RIM, nvidiaRimUrl, "--nvidia-rim-url", file);
        endpoint(b, Service.NVIDIA_OCSP, nvidiaOcspUrl, "--nvidia-ocsp-url", file);
        try {
            b.pccsApiKey(file.pccsApiKey());
        } catch (IllegalArgumentException e) {
            throw new UsageException(config + ": pccsApiKey: " + e.getMessage());
        }
        List<String> hosts = new ArrayList<>(file.allowHosts());
        hosts.addAll(allowHosts);
        for (String h : allowHosts) {
            CollateralConfigFile.checkHost(h, "--allow-collateral-host");
        }
        List<X509Certificate> trust = new ArrayList<>();
        Path store = trustStore != null ? trustStore : file.trustStore();
        if (store != null) {
            trust.addAll(TrustStoreFiles.read(store));
        }
        return new CollateralSettings(b.build(), hosts, trust, file.cacheDir());
    }

    private static void endpoint(CollateralEndpoints.Builder b, Service service, String flag, String flagName,
            CollateralConfigFile file) throws UsageException {
        String value = flag != null ? flag : file.endpoint(service);
        if (value == null) {
            return;
        }
        String named = flag != null ? flagName : file.source() + ": " + CollateralConfigFile.key(service);
        try {
            b.endpoint(service, new URI(value.trim()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new UsageException(named + " " + value + ": " + e.getMessage());
        }
    }
}
