package io.tee4j.vtpm;

import io.tee4j.core.RevocationMode;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** The copied vectors (src/test/resources/io/tee4j/vtpm/vectors, see PROVENANCE.md). */
public final class VtpmVectors {
    /** Inside every certificate's validity in the vectors. */
    public static final Instant PINNED = Instant.parse("2026-06-01T00:00:00Z");
    public static final Clock CLOCK = Clock.fixed(PINNED, ZoneOffset.UTC);

    private VtpmVectors() {
    }

    public static byte[] read(String name) {
        try (InputStream in = VtpmVectors.class.getResourceAsStream("vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> expected(String dir, String entry) throws Json.JsonException {
        return (Map<String, Object>) Json.object(Json.parse(read(dir + "/expected.json")), "$").get(entry);
    }

    /** Offline, bundled roots, revocation not checked (the vectors carry no CRLs). */
    public static VerifierConfiguration offline() {
        return VerifierConfiguration.builder().offline(true).revocationMode(RevocationMode.SKIP_INSECURE).build();
    }
}
