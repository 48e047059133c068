package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.TeeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * A collateral bundle written by {@code tee4j collateral fetch --out DIR}: a collateral cache
 * directory (the documents under the vendors' URLs as keys, see
 * {@link io.tee4j.core.collateral.CollateralDirectory}) plus {@value #MANIFEST}, which lists
 * them with their validity. {@code verify --collateral DIR} and the sidecar use such a folder as
 * their cache; {@code tee4j collateral serve --dir DIR} serves it to other verifiers.
 */
final class CollateralBundle {
    static final String MANIFEST = "tee4j-collateral.json";
    static final String FORMAT = "tee4j-collateral-bundle-1";

    private CollateralBundle() {
    }

    /** Whether {@code dir} is a bundle: a real directory holding a manifest file. */
    static boolean isBundle(Path dir) {
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && Files.isRegularFile(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS);
    }

    /** One document of the bundle. */
    record Document(String url, String kind, String fetchedFrom, Instant nextUpdate) {
    }

    /** Writes the manifest atomically (temporary file, then rename). */
    static void writeManifest(Path dir, TeeType tee, Instant fetchedAt, Instant validUntil, List<Document> docs)
            throws IOException {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("format", FORMAT);
        out.put("tee", tee.id());
        out.put("fetchedAt", fetchedAt.toString());
        if (validUntil != null) {
            out.put("validUntil", validUntil.toString());
        }
        ArrayNode list = out.putArray("documents");
        for (Document d : docs) {
            ObjectNode o = list.addObject();
            o.put("url", d.url());
            o.put("kind", d.kind());
            o.put("fetchedFrom", d.fetchedFrom());
            if (d.nextUpdate() != null) {
                o.put("nextUpdate", d.nextUpdate().toString());
            }
        }
        Path tmp = Files.createTempFile(dir, ".manifest-", ".tmp");
        try {
            Files.write(tmp, (Json.write(out) + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
