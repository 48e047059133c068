package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.collateral.CollateralEndpoints.Service;
import io.tee4j.core.collateral.HttpCollateralSource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --config FILE} of the collateral settings: one JSON object read by the same strict
 * reader as policies ({@link Json#readStrict}: no duplicate keys, no comments, no trailing
 * content), with only these keys, each optional:
 * <pre>
 * {"pccsUrl": "https://pccs.internal:8081", "pccsApiKey": "...", "kdsUrl": "https://kds-proxy.internal",
 *  "nvidiaRimUrl": "...", "nvidiaOcspUrl": "...", "allowCollateralHosts": ["mirror.internal:8443"],
 *  "collateralTrustStore": "internal-ca.pem", "cacheDir": "/var/cache/tee4j"}
 * </pre>
 * An unknown key, a value of the wrong type or {@code null} is a usage error naming the key.
 * Relative paths are resolved against the file's own folder, so a deployment can ship the file
 * with its trust store. The PCCS API key has no flag: a secret belongs in a file, not in the
 * process list.
 */
final class CollateralConfigFile {
    static final int MAX_BYTES = 64 << 10;
    static final CollateralConfigFile EMPTY = new CollateralConfigFile("--config", new EnumMap<>(Service.class), null,
            List.of(), null, null);
    private static final Map<Service, String> KEYS = Map.of(Service.INTEL_PCS, "pccsUrl", Service.AMD_KDS, "kdsUrl",
            Service.NVIDIA_RIM, "nvidiaRimUrl", Service.NVIDIA_OCSP, "nvidiaOcspUrl");
    private static final Set<String> OTHER_KEYS = Set.of("pccsApiKey", "allowCollateralHosts", "collateralTrustStore",
            "cacheDir");

    private final String source;
    private final Map<Service, String> endpoints;
    private final String pccsApiKey;
    private final List<String> allowHosts;
    private final Path trustStore;
    private final Path cacheDir;

    private CollateralConfigFile(String source, Map<Service, String> endpoints, String pccsApiKey,
            List<String> allowHosts, Path trustStore, Path cacheDir) {
        this.source = source;
        this.endpoints = endpoints;
        this.pccsApiKey = pccsApiKey;
        this.allowHosts = List.copyOf(allowHosts);
        this.trustStore = trustStore;
        this.cacheDir = cacheDir;
    }

    static String key(Service service) {
        return KEYS.get(service);
    }

    static CollateralConfigFile read(Path file) throws UsageException {
        String source = "--config " + file;
        JsonNode root;
        try {
            root = Json.readStrict(InputFiles.read(file, "config file", MAX_BYTES));
        } catch (Json.StrictJsonException e) {
            throw new UsageException(source + ": " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new UsageException(source + ": must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KEYS.containsValue(k) && !OTHER_KEYS.contains(k)) {
                throw new UsageException(source + ": unknown key '" + k + "' (known: " + String.join(", ",
                        KEYS.values()) + ", " + String.join(", ", OTHER_KEYS) + ")");
            }
        }
        Map<Service, String> endpoints = new EnumMap<>(Service.class);
        for (Map.Entry<Service, String> e : KEYS.entrySet()) {
            String v = text(root, e.getValue(), source);
            if (v != null) {
                endpoints.put(e.getKey(), v);
            }
        }
        List<String> hosts = new ArrayList<>();
        JsonNode list = root.get("allowCollateralHosts");
        if (list != null) {
            if (!list.isArray()) {
                throw new UsageException(source + ": allowCollateralHosts must be an array of host[:port] strings");
            }
            for (JsonNode h : list) {
                if (!h.isTextual()) {
                    throw new UsageException(source + ": allowCollateralHosts must be an array of host[:port] strings");
                }
                hosts.add(checkHost(h.asText(), source + ": allowCollateralHosts"));
            }
        }
        Path base = file.toAbsolutePath().getParent();
        return new CollateralConfigFile(source, endpoints, text(root, "pccsApiKey", source), hosts,
                path(base, text(root, "collateralTrustStore", source), source), path(base,
                        text(root, "cacheDir", source), source));
    }

    private static String text(JsonNode root, String key, String source) throws UsageException {
        JsonNode v = root.get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new UsageException(source + ": " + key + " must be a non-empty string");
        }
        return v.asText();
    }

    private static Path path(Path base, String value, String source) throws UsageException {
        if (value == null) {
            return null;
        }
        try {
            return base.resolve(value);
        } catch (InvalidPathException e) {
            throw new UsageException(source + ": not a usable file name: " + value);
        }
    }

    /** Checks an allow-list entry as the HTTP source will; a bad one is a usage error naming {@code where}. */
    static String checkHost(String host, String where) throws UsageException {
        try {
            HttpCollateralSource.builder().allowedHosts(List.of(host));
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
        return host;
    }

    String source() {
        return source;
    }

    String endpoint(Service service) {
        return endpoints.get(service);
    }

    String pccsApiKey() {
        return pccsApiKey;
    }

    List<String> allowHosts() {
        return allowHosts;
    }

    Path trustStore() {
        return trustStore;
    }

    Path cacheDir() {
        return cacheDir;
    }
}
