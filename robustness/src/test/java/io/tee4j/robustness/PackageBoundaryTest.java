package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture's boundaries, enforced (issue 15 item 6): over the main sources of every module,
 * no package cycle, and no module refers to another module's {@code internal} packages. References
 * are read from imports and from fully-qualified {@code io.tee4j} type names anywhere in a file
 * (Javadoc links included), the same rule the project's code-shape figures use; package-info files
 * are documentation and are not read.
 *
 * <p>It also stands in for JPMS qualified exports (ARCHITECTURE.md, "Enforced boundaries"): the
 * public types and accessors that ARCHITECTURE.md says are not API, although Java visibility cannot
 * hide them inside their package structure, may be used only by their own module.
 */
class PackageBoundaryTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+(io\\.tee4j[\\w.]*)\\s*;", Pattern.MULTILINE);
    /** A reference to a type: its package is the lower-case segments before the type name. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.tee4j(?:\\.[a-z]\\w*)+)\\.[A-Z]");

    /** package → the module (top-level folder) that declares it. */
    private static final Map<String, String> MODULE_OF = new HashMap<>();
    /** package → the packages its files refer to. */
    private static final Map<String, Set<String>> EDGES = new TreeMap<>();
    /** file → the internal packages of other modules it refers to. */
    private static final Map<String, Set<String>> FOREIGN_INTERNAL = new TreeMap<>();
    private static final List<Path> FILES = new ArrayList<>();
    /**
     * Public types ARCHITECTURE.md documents as not API (CCA's CBOR/COSE codecs, the sealed-data
     * layout of {@code io.tee4j.sealing.format}), each with the one module that may use it.
     */
    private static final Map<String, String> NOT_API_TYPES = Map.of(
            "io.tee4j.cca.abi.CborReader", "cca",
            "io.tee4j.cca.abi.CborWriter", "cca",
            "io.tee4j.cca.abi.CoseSign1", "cca",
            "io.tee4j.sealing.format.Header", "sealing",
            "io.tee4j.sealing.format.BindingBits", "sealing",
            "io.tee4j.sealing.format.SealedDataFormatException", "sealing");
    /**
     * The TDX accessors ARCHITECTURE.md calls "meant for the module alone": raw-array views
     * ({@code ...Ref()}) and quote offsets. Looked for in files of other modules that name a TDX type.
     */
    static final Pattern TDX_MODULE_ONLY = Pattern.compile(
            "\\.(\\w+Ref|sigDataOffset|qeReportOffset|authDataOffset|endOffset)\\(\\)");
    /** file → the not-API types or accessors of another module it uses. */
    private static final Map<String, Set<String>> FOREIGN_NOT_API = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : (Iterable<Path>) modules::iterator) {
                Path main = module.resolve("src/main/java");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> files = Files.walk(main)) {
                        // package-info holds documentation only: its links are not dependencies.
                        files.filter(f -> f.toString().endsWith(".java")
                                && !f.getFileName().toString().equals("package-info.java")).forEach(FILES::add);
                    }
                }
            }
        }
        Map<Path, String> packageOf = new HashMap<>();
        for (Path f : FILES) {
            Matcher m = PACKAGE.matcher(read(f));
            if (m.find()) {
                packageOf.put(f, m.group(1));
                MODULE_OF.putIfAbsent(m.group(1), moduleOf(root, f));
            }
        }
        for (Path f : FILES) {
            String pkg = packageOf.get(f);
            if (pkg == null) {
                continue;
            }
            String module = moduleOf(root, f);
            notApiUses(root.relativize(f).toString(), module, read(f));
            Matcher m = REFERENCE.matcher(read(f));
            while (m.find()) {
                String target = knownPackage(m.group(1));
                if (target == null || target.equals(pkg)) {
                    continue;
                }
                EDGES.computeIfAbsent(pkg, k -> new TreeSet<>()).add(target);
                if (target.matches(".*\\.internal(\\..*)?") && !MODULE_OF.get(target).equals(module)) {
                    FOREIGN_INTERNAL.computeIfAbsent(root.relativize(f).toString(), k -> new TreeSet<>()).add(target);
                }
            }
        }
    }

    @Test
    void theSourcesWereFound() {
        assertTrue(FILES.size() > 300, "main sources found: " + FILES.size());
        assertTrue(MODULE_OF.containsKey("io.tee4j.snp.verify") && MODULE_OF.containsKey("io.tee4j.core.spi"),
                "packages read: " + MODULE_OF.keySet());
    }

    @Test
    void noPackageCycle() {
        List<Set<String>> cycles = stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        assertEquals(List.of(), cycles, "package cycles in main code");
    }

    @Test
    void noModuleUsesAnotherModulesInternalPackages() {
        assertEquals(Map.of(), FOREIGN_INTERNAL, "uses of another module's internal packages");
    }

    @Test
    void noModuleUsesAnotherModulesNotApiTypesOrAccessors() {
        assertEquals(Map.of(), FOREIGN_NOT_API, "uses of what ARCHITECTURE.md says is not API");
    }

    @Test
    void theNotApiRulesRecogniseAUse() {
        // The rules must fire on the shapes they guard, or a green run proves nothing.
        Map<String, Set<String>> before = new TreeMap<>(FOREIGN_NOT_API);
        notApiUses("probe/A.java", "sealing", "import io.tee4j.cca.abi.CoseSign1;\nclass A {}");
        notApiUses("probe/B.java", "cli", "import io.tee4j.tdx.abi.TdxQuote;\nint o = q.sigDataOffset(); byte[] r = q.rawRef();");
        notApiUses("probe/C.java", "cca", "import io.tee4j.cca.abi.CoseSign1;");
        try {
            assertEquals(Set.of("io.tee4j.cca.abi.CoseSign1"), FOREIGN_NOT_API.get("probe/A.java"));
            assertEquals(Set.of(".sigDataOffset()", ".rawRef()"), FOREIGN_NOT_API.get("probe/B.java"));
            assertTrue(!FOREIGN_NOT_API.containsKey("probe/C.java"), "a module may use its own");
        } finally {
            FOREIGN_NOT_API.clear();
            FOREIGN_NOT_API.putAll(before);
        }
    }

    /** Records the not-API types and TDX module-only accessors {@code text} of {@code module} uses. */
    static void notApiUses(String file, String module, String text) {
        for (Map.Entry<String, String> e : NOT_API_TYPES.entrySet()) {
            if (!e.getValue().equals(module) && Pattern.compile("\\b" + Pattern.quote(e.getKey()) + "\\b")
                    .matcher(text).find()) {
                FOREIGN_NOT_API.computeIfAbsent(file, k -> new TreeSet<>()).add(e.getKey());
            }
        }
        if (!module.equals("tdx") && text.contains("io.tee4j.tdx.")) {
            Matcher m = TDX_MODULE_ONLY.matcher(text);
            while (m.find()) {
                FOREIGN_NOT_API.computeIfAbsent(file, k -> new TreeSet<>()).add(m.group());
            }
        }
    }

    /** The longest prefix of a dotted reference that is a package some module declares. */
    private static String knownPackage(String reference) {
        String candidate = reference;
        while (candidate.contains(".")) {
            if (MODULE_OF.containsKey(candidate)) {
                return candidate;
            }
            candidate = candidate.substring(0, candidate.lastIndexOf('.'));
        }
        return null;
    }

    /** Tarjan's algorithm over the package graph, iteratively (no recursion depth to worry about). */
    private static List<Set<String>> stronglyConnected() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : new TreeSet<>(MODULE_OF.keySet())) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {start, new ArrayDeque<>(EDGES.getOrDefault(start, Set.of()))});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                @SuppressWarnings("unchecked")
                Deque<String> next = (Deque<String>) frame[1];
                if (!next.isEmpty()) {
                    String w = next.pop();
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, new ArrayDeque<>(EDGES.getOrDefault(w, Set.of()))});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    out.add(component);
                }
            }
        }
        return out;
    }

    private static String moduleOf(Path root, Path file) {
        return root.relativize(file).getName(0).toString();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
