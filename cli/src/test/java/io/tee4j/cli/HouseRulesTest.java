package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules the build enforces over every module's main code: an embeddable library never registers a
 * JCA provider globally (it would change the host application's cryptography), and main code
 * carries no unfinished-work markers. (Logging backends are kept out by the enforcer plugin.)
 */
class HouseRulesTest {
    private static final Pattern GLOBAL_PROVIDER = Pattern.compile("Security\\s*\\.\\s*(addProvider|insertProviderAt)");
    private static final Pattern UNFINISHED = Pattern.compile("\\b(TODO|FIXME|XXX)\\b");

    private static List<Path> mainSources() throws IOException {
        Path root = Paths.get(System.getProperty("user.dir")).getParent();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : (Iterable<Path>) modules::iterator) {
                Path src = module.resolve("src/main/java");
                if (Files.isDirectory(src)) {
                    try (Stream<Path> files = Files.walk(src)) {
                        files.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void noPomDependsOnJqwik() throws IOException {
        // Its author asks coding agents not to use it (see DESIGN.md); property tests here are
        // seeded JUnit 5 loops instead.
        Path root = Paths.get(System.getProperty("user.dir")).getParent();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path pom : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals("pom.xml"))::iterator) {
                if (Files.readString(pom, StandardCharsets.UTF_8).contains("jqwik")) {
                    offences.add(pom.toString());
                }
            }
        }
        assertEquals(List.of(), offences);
    }

    @Test
    void noGlobalProviderRegistrationAndNoUnfinishedMarkers() throws IOException {
        List<Path> sources = mainSources();
        assertTrue(sources.size() > 20, "found the main sources of every module: " + sources.size());
        List<String> offences = new ArrayList<>();
        for (Path p : sources) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            if (GLOBAL_PROVIDER.matcher(text).find()) {
                offences.add(p + ": registers a JCA provider globally");
            }
            if (UNFINISHED.matcher(text).find()) {
                offences.add(p + ": unfinished-work marker");
            }
        }
        assertEquals(List.of(), offences);
    }
}
