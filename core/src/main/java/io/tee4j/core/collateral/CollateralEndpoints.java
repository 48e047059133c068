package io.tee4j.core.collateral;

import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the vendor collateral services are reached: the vendors' own hosts by default, or a
 * service the operator runs in their place — a PCCS for Intel PCS, a caching proxy or mirror for
 * AMD KDS, mirrors of NVIDIA's RIM service and OCSP responder, or {@code tee4j collateral serve}.
 *
 * <p>The backends keep asking for the vendor's URLs (so cache keys, and so cache directories,
 * stay the same whichever service answered); {@link HttpCollateralSource} sends each request whose
 * URL is on a vendor service with a configured endpoint to that endpoint instead, keeping the
 * vendor's path layout and query: {@code https://kdsintf.amd.com/vcek/v1/Milan/<id>?...} goes to
 * {@code <kds>/vcek/v1/Milan/<id>?...}. Intel's root CA CRL
 * ({@code https://certificates.trustedservices.intel.com/IntelSGXRootCA.der}) goes to the PCCS's
 * {@code /sgx/certification/v4/rootcacrl} when a PCCS is configured. The configured hosts join the
 * source's host allow-list, and an endpoint configured with {@code http://} may be fetched over
 * plain HTTP (the operator chose it; redirects from it still may not leave TLS rules).
 *
 * <p>Nothing here makes a fetched document trusted: whatever service answers, the verifiers check
 * every signature against the pinned vendor roots. An optional PCCS API key is sent as
 * {@code Ocp-Apim-Subscription-Key} to the PCCS endpoint only, never to another host.
 *
 * @since 0.2
 */
public final class CollateralEndpoints {
    /** The vendor services an endpoint can be configured for. */
    public enum Service {
        /** Intel PCS v4 ({@code /sgx/...}, {@code /tdx/certification/v4/...}), or a PCCS. */
        INTEL_PCS("Intel PCS", "https://api.trustedservices.intel.com"),
        /** AMD Key Distribution Service ({@code /vcek/v1/...}, {@code /vlek/v1/...}). */
        AMD_KDS("AMD KDS", "https://kdsintf.amd.com"),
        /** NVIDIA's RIM service ({@code /v1/rim/<id>}). */
        NVIDIA_RIM("NVIDIA RIM service", "https://rim.attestation.nvidia.com"),
        /** NVIDIA's OCSP responder (requests are POSTed to its root). */
        NVIDIA_OCSP("NVIDIA OCSP responder", "https://ocsp.ndis.nvidia.com");

        private final String title;
        private final URI vendorBase;

        Service(String title, String vendorBase) {
            this.title = title;
            this.vendorBase = URI.create(vendorBase);
        }

        /** A name for messages, e.g. "AMD KDS". */
        public String title() {
            return title;
        }

        /** The vendor's own base URL. */
        public URI vendorBase() {
            return vendorBase;
        }
    }

    /** Where Intel publishes the Intel SGX Root CA CRL, served by a PCCS at {@link #PCCS_ROOT_CA_CRL_PATH}. */
    public static final URI INTEL_ROOT_CA_CRL =
            URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");
    /** The PCCS path of the root CA CRL. */
    public static final String PCCS_ROOT_CA_CRL_PATH = "/sgx/certification/v4/rootcacrl";
    /** The header a PCCS API key is sent in. */
    public static final String PCCS_API_KEY_HEADER = "Ocp-Apim-Subscription-Key";

    private static final CollateralEndpoints VENDOR = new CollateralEndpoints(new EnumMap<>(Service.class), null);

    private final Map<Service, URI> bases;
    private final String pccsApiKey;

    private CollateralEndpoints(Map<Service, URI> bases, String pccsApiKey) {
        EnumMap<Service, URI> copy = new EnumMap<>(Service.class);
        copy.putAll(bases);
        this.bases = Collections.unmodifiableMap(copy);
        this.pccsApiKey = pccsApiKey;
    }

    /** The vendors' own services, nothing configured. */
    public static CollateralEndpoints vendor() {
        return VENDOR;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The configured endpoint of a service, if any. */
    public Optional<URI> endpoint(Service service) {
        return Optional.ofNullable(bases.get(Objects.requireNonNull(service, "service")));
    }

    /** The configured endpoints (none by default), in {@link Service} order. */
    public Map<Service, URI> configured() {
        return bases;
    }

    /**
     * The hosts of the configured endpoints as allow-list entries ({@code host} or
     * {@code host:port}, see {@link HttpCollateralSource.Builder#allowedHosts}).
     */
    public Set<String> hosts() {
        Set<String> out = new LinkedHashSet<>();
        for (URI base : bases.values()) {
            out.add(base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + base.getPort());
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Where a request for the vendor URL {@code uri} goes: empty when {@code uri} is not on a
     * vendor service with a configured endpoint (it is then fetched as it is).
     */
    public Optional<Route> route(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (bases.isEmpty() || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || (uri.getPort() != -1 && uri.getPort() != 443)) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        URI pccs = bases.get(Service.INTEL_PCS);
        if (pccs != null && host.equals(INTEL_ROOT_CA_CRL.getHost())
                && INTEL_ROOT_CA_CRL.getPath().equals(uri.getPath()) && uri.getRawQuery() == null) {
            return Optional.of(route(Service.INTEL_PCS, pccs, PCCS_ROOT_CA_CRL_PATH, null));
        }
        for (Map.Entry<Service, URI> e : bases.entrySet()) {
            if (host.equals(e.getKey().vendorBase().getHost())) {
                return Optional.of(route(e.getKey(), e.getValue(), uri.getRawPath(), uri.getRawQuery()));
            }
        }
        return Optional.empty();
    }

    private Route route(Service service, URI base, String rawPath, String rawQuery) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        URI target = URI.create(base + path + (rawQuery == null ? "" : "?" + rawQuery));
        Map<String, String> headers = service == Service.INTEL_PCS && pccsApiKey != null
                ? Map.of(PCCS_API_KEY_HEADER, pccsApiKey) : Map.of();
        return new Route(service, base, target, headers);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        bases.forEach((s, u) -> shown.put(s.title(), u.toString()));
        return shown.isEmpty() ? "vendor services" : shown.toString();
    }

    /** A request sent to a configured endpoint instead of the vendor's service. */
    public static final class Route {
        private final Service service;
        private final URI base;
        private final URI uri;
        private final Map<String, String> headers;

        Route(Service service, URI base, URI uri, Map<String, String> headers) {
            this.service = service;
            this.base = base;
            this.uri = uri;
            this.headers = headers;
        }

        public Service service() {
            return service;
        }

        /** The configured endpoint. */
        public URI base() {
            return base;
        }

        /** The URL the request is sent to. */
        public URI uri() {
            return uri;
        }

        /** Headers sent to this endpoint only (a PCCS API key); never logged. */
        public Map<String, String> headers() {
            return headers;
        }

        /** Words for an error message: which service, at which configured endpoint. */
        public String describe() {
            return "the " + service.title() + " endpoint " + base + " (configured in place of " + service.vendorBase()
                    + ")";
        }
    }

    /** Configures {@link CollateralEndpoints}; every endpoint is optional. */
    public static final class Builder {
        private final Map<Service, URI> bases = new EnumMap<>(Service.class);
        private String pccsApiKey;

        private Builder() {
        }

        /**
         * Sends requests for {@code service} to {@code base} (an absolute {@code https://} or
         * {@code http://} URL with a host, optionally a port and a path prefix; no query, fragment
         * or user info).
         *
         * @throws IllegalArgumentException for any other URL
         */
        public Builder endpoint(Service service, URI base) {
            bases.put(Objects.requireNonNull(service, "service"), checkBase(service, base));
            return this;
        }

        /** {@link #endpoint} for Intel PCS: a PCCS, e.g. {@code https://pccs.internal:8081}. */
        public Builder pccs(URI base) {
            return endpoint(Service.INTEL_PCS, base);
        }

        /** {@link #endpoint} for AMD KDS: a caching proxy or mirror. */
        public Builder kds(URI base) {
            return endpoint(Service.AMD_KDS, base);
        }

        /** {@link #endpoint} for NVIDIA's RIM service. */
        public Builder nvidiaRim(URI base) {
            return endpoint(Service.NVIDIA_RIM, base);
        }

        /** {@link #endpoint} for NVIDIA's OCSP responder. */
        public Builder nvidiaOcsp(URI base) {
            return endpoint(Service.NVIDIA_OCSP, base);
        }

        /** The PCCS API key, sent to the PCCS endpoint only (default none: a PCCS rarely needs one). */
        public Builder pccsApiKey(String key) {
            if (key != null && (key.isBlank() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
                throw new IllegalArgumentException("the PCCS API key must be printable ASCII without spaces");
            }
            this.pccsApiKey = key;
            return this;
        }

        public CollateralEndpoints build() {
            return bases.isEmpty() && pccsApiKey == null ? VENDOR : new CollateralEndpoints(bases, pccsApiKey);
        }

        private static URI checkBase(Service service, URI base) {
            Objects.requireNonNull(base, "base");
            String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
            String what = service.title() + " endpoint '" + base + "'";
            if (!base.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || base.getHost() == null) {
                throw new IllegalArgumentException(what + " must be an absolute https:// or http:// URL with a host");
            }
            if (base.getRawQuery() != null || base.getRawFragment() != null || base.getRawUserInfo() != null) {
                throw new IllegalArgumentException(what + " must not have a query, a fragment or user info");
            }
            if (base.getPort() == 0 || base.getPort() > 65_535) {
                throw new IllegalArgumentException(what + " has a bad port");
            }
            String s = base.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return URI.create(s);
        }
    }
}
