package io.tee4j.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The shared measurement vectors copied into the test resources (see vectors/PROVENANCE.md). */
public final class Vectors {
    private static final String ROOT = "/io/tee4j/measure/vectors/";
    private static JsonNode expected;

    private Vectors() {
    }

    /** A vector file, by its path relative to the vectors folder. */
    public static byte[] bytes(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test vector " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** expected.json. */
    public static synchronized JsonNode expected() {
        if (expected == null) {
            try {
                expected = new ObjectMapper().readTree(bytes("expected.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    /** The cases of one list in expected.json. */
    public static List<JsonNode> cases(String list) {
        List<JsonNode> out = new ArrayList<>();
        expected().get(list).forEach(out::add);
        return out;
    }

    /** The case with this id. */
    public static JsonNode byId(String list, String id) {
        return cases(list).stream().filter(c -> c.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no case " + id));
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
