package io.tee4j.sealing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sealing packages layer one way: {@code format} (the byte layout) names no other sealing
 * package, {@code internal} (the crypto) names only {@code format}, and {@code io.tee4j.sealing}
 * uses both, never the reverse.
 */
class InternalPackageBoundaryTest {
    private static final Pattern SEALING_TYPE = Pattern.compile("\\bio\\.tee4j\\.sealing\\.([A-Z]\\w*)");

    private static final Pattern NON_FORMAT_SEALING_PACKAGE = Pattern.compile("\\bio\\.tee4j\\.sealing\\.(internal)\\b");

    @Test
    void theFormatPackageNamesNoOtherSealingPackage() throws IOException {
        for (Path f : sources(Path.of("src/main/java/io/tee4j/sealing/format"))) {
            String text = Files.readString(f);
            Matcher m = SEALING_TYPE.matcher(text);
            assertEquals(false, m.find(), () -> f.getFileName() + " names io.tee4j.sealing." + m.group(1));
            Matcher i = NON_FORMAT_SEALING_PACKAGE.matcher(text);
            assertEquals(false, i.find(), () -> f.getFileName() + " names io.tee4j.sealing.internal");
        }
    }

    private static List<Path> sources(Path dir) throws IOException {
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "sources not found under " + dir.toAbsolutePath());
        return sources;
    }

    @Test
    void theInternalPackageNamesNoTypeOfThePublicPackage() throws IOException {
        Path dir = Path.of("src/main/java/io/tee4j/sealing/internal");
        List<Path> sources;
        try (Stream<Path> s = Files.list(dir)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "sources not found under " + dir.toAbsolutePath());
        for (Path f : sources) {
            Matcher m = SEALING_TYPE.matcher(Files.readString(f));
            assertEquals(false, m.find(), () -> f.getFileName() + " names io.tee4j.sealing." + m.group(1));
        }
    }
}
