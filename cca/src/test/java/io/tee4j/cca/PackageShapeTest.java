package io.tee4j.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CCA packages layer without a cycle: abi (token decoding) below validate (policy, reference
 * values) below verify (the verifier) below internal (the SPI backend); the client may name the
 * policy's challenge size; the root package (the configuration exception) depends on no other CCA
 * package. JSON is read by the shared {@code tee4j-json} module.
 */
class PackageShapeTest {
    private static final Pattern CCA_REF = Pattern.compile("\\bio\\.tee4j\\.cca((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "", List.of(),
            "abi", List.of(""),
            "validate", List.of("", "abi"),
            "verify", List.of("", "abi", "validate"),
            "client", List.of("", "abi", "validate"),
            "internal", List.of("", "abi", "validate", "verify", "client"));

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() throws IOException {
        Path root = Path.of("src/main/java/io/tee4j/cca");
        List<String> bad = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).sorted().toList()) {
                String pkg = root.relativize(f.getParent()).toString().replace('/', '.');
                List<String> allowed = ALLOWED.get(pkg);
                assertFalse(allowed == null, "package not in the layering: " + pkg);
                files++;
                Matcher m = CCA_REF.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                    if (!used.equals(pkg) && !used.startsWith("simulator") && !allowed.contains(used)) {
                        bad.add(f.getFileName() + " (" + pkg + ") uses io.tee4j.cca." + used);
                    }
                }
            }
        }
        assertFalse(files == 0, "sources not found under " + root.toAbsolutePath());
        assertEquals(List.of(), bad);
    }
}
