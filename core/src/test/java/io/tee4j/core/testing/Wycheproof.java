package io.tee4j.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Reads a Wycheproof test-vector file from the test class path and runs a check over every case,
 * collecting every failing tcId before failing (the way Tink's Wycheproof tests do), so one run
 * shows all failures instead of the first.
 *
 * <p>Tests that use it need {@code com.fasterxml.jackson.core:jackson-databind} on their test class
 * path. Test code only.
 */
public final class Wycheproof {

    /** The expected outcome of a case. */
    public enum Result {
        VALID, INVALID, ACCEPTABLE;

        static Result of(String s) {
            switch (s) {
                case "valid":
                    return VALID;
                case "invalid":
                    return INVALID;
                case "acceptable":
                    return ACCEPTABLE;
                default:
                    throw new IllegalArgumentException("unknown Wycheproof result " + s);
            }
        }
    }

    /** One case with its group. */
    public static final class Case {
        private final JsonNode group;
        private final JsonNode test;

        Case(JsonNode group, JsonNode test) {
            this.group = group;
            this.test = test;
        }

        public JsonNode group() {
            return group;
        }

        public JsonNode test() {
            return test;
        }

        public int tcId() {
            return test.get("tcId").asInt();
        }

        public Result result() {
            return Result.of(test.get("result").asText());
        }

        public String comment() {
            return test.path("comment").asText();
        }

        public List<String> flags() {
            List<String> out = new ArrayList<>();
            test.path("flags").forEach(f -> out.add(f.asText()));
            return out;
        }

        /** A hex field of the test, decoded. */
        public byte[] hex(String field) {
            return Wycheproof.hex(test.get(field).asText());
        }

        @Override
        public String toString() {
            return "tcId " + tcId() + " (" + result() + ", " + comment() + ", flags " + flags() + ")";
        }
    }

    /** Decides one case: returns null when it passed, else a short description of what went wrong. */
    @FunctionalInterface
    public interface Check {
        String run(Case c) throws Exception;
    }

    private final String resource;
    private final JsonNode root;

    private Wycheproof(String resource, JsonNode root) {
        this.resource = resource;
        this.root = root;
    }

    /** Loads a file from the class path, e.g. {@code /wycheproof/ecdsa_secp384r1_sha384_test.json}. */
    public static Wycheproof load(String resource) {
        Objects.requireNonNull(resource, "resource");
        try (InputStream in = Wycheproof.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new Wycheproof(resource, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** Every case of every group, in file order. */
    public List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                out.add(new Case(group, test));
            }
        }
        return out;
    }

    /**
     * Runs the check over every case and throws {@link AssertionError} listing every failing case
     * (a check that throws counts as a failure too). Also fails when the file holds no case or
     * the count differs from {@code numberOfTests}, so a truncated copy cannot pass.
     *
     * @return the number of cases run
     */
    public int runAll(Check check) {
        List<Case> cases = cases();
        List<String> failures = new ArrayList<>();
        if (cases.isEmpty() || cases.size() != root.path("numberOfTests").asInt(-1)) {
            failures.add(resource + ": expected " + root.path("numberOfTests") + " cases, read " + cases.size());
        }
        for (Case c : cases) {
            String problem;
            try {
                problem = check.run(c);
            } catch (Exception | AssertionError e) {
                problem = "threw " + e;
            }
            if (problem != null) {
                failures.add(c + ": " + problem);
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(resource + ": " + failures.size() + " of " + cases.size()
                    + " cases failed:\n  " + String.join("\n  ", failures));
        }
        return cases.size();
    }

    /** Lower- or upper-case hex, possibly empty. */
    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
