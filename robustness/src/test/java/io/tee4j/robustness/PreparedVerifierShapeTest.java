package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "helpers once": the per-call part of a prepared verifier (default policy made once, the
 * call's policy read with the backend's reader, the typed verification run at the call's instant) is
 * written once, in {@code core.spi.TypedPreparedVerifier}. Every backend returns one from
 * {@code prepare}; no main source implements {@code PreparedVerifier} again (before, the IBM SE,
 * GCP vTPM and Azure vTPM backends each had their own copy).
 */
class PreparedVerifierShapeTest {
    private static final Pattern OWN_PREPARED = Pattern.compile(
            "implements\\s+(?:[\\w.]+\\.)?PreparedVerifier\\b|new\\s+(?:[\\w.]+\\.)?PreparedVerifier\\s*\\(\\s*\\)");
    private static final String SHARED = "core/src/main/java/io/tee4j/core/spi/TypedPreparedVerifier.java";

    @Test
    void onlyTypedPreparedVerifierImplementsPreparedVerifier() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> own = new ArrayList<>();
        int backends = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")
                    && p.toString().contains("/src/main/java/") && !p.toString().contains("/target/"))::iterator) {
                String text = Files.readString(f);
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (OWN_PREPARED.matcher(text).find() && !rel.equals(SHARED)) {
                    own.add(rel);
                }
                if (text.contains("implements TeeBackend")) {
                    backends++;
                    assertTrue(text.contains("TypedPreparedVerifier.of("),
                            rel + " prepares its verifier without TypedPreparedVerifier");
                }
            }
        }
        assertEquals(List.of(), own);
        assertTrue(backends >= 7, "found " + backends + " backends");
    }
}
