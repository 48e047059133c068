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

/** The format package depends on nothing above it: {@code io.tee4j.sealing} uses it, never the reverse. */
class InternalPackageBoundaryTest {
    private static final Pattern SEALING_TYPE = Pattern.compile("\\bio\\.tee4j\\.sealing\\.([A-Z]\\w*)");

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
