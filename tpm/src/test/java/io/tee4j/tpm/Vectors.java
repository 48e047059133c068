package io.tee4j.tpm;

import io.tee4j.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The copied vectors of src/test/resources/io/tee4j/tpm/vectors (see PROVENANCE.md there). */
final class Vectors {
    private Vectors() {
    }

    static byte[] read(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(String file, String entry) throws Json.JsonException {
        return (Map<String, Object>) Json.object(Json.parse(read(file)), "$").get(entry);
    }

    static byte[] flip(byte[] in, int index) {
        byte[] out = in.clone();
        out[index] ^= 1;
        return out;
    }
}
