package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.Claims;
import java.io.IOException;

/**
 * JSON for the command and the sidecar: claims trees rendered with byte arrays as lower-case hex,
 * and a strict reader for what users hand in (policy files, request bodies).
 *
 * <p>The reader refuses what a lenient parser would silently resolve one way or the other: a key
 * given twice in one object (Jackson would keep the last), content after the first value (it
 * would be ignored), comments, numbers longer than {@value #MAX_NUMBER_DIGITS} digits (a million
 * digits cost seconds to convert) and nesting deeper than {@value #MAX_DEPTH}. Its errors name the
 * JSON path of the problem and never carry Jackson's own location text.
 */
final class Json {
    /** The longest number the reader accepts: an unsigned 64-bit value has at most 20 digits. */
    static final int MAX_NUMBER_DIGITS = 20;
    /** No policy or request nests anywhere near this deep. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory STRICT_FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .maxNestingDepth(MAX_DEPTH)
                    .build())
            .build();

    /**
     * The longest string and key the strict reader accepts (Jackson's limits, counted in chars):
     * {@link FlatRequestScanner} leaves anything near them to the reader itself.
     */
    static final int MAX_STRING_LENGTH = STRICT_FACTORY.streamReadConstraints().getMaxStringLength();
    static final int MAX_NAME_LENGTH = STRICT_FACTORY.streamReadConstraints().getMaxNameLength();

    /** Writes indented JSON; reads as strictly as {@link #readStrict} (minus its error paths). */
    static final ObjectMapper MAPPER = new ObjectMapper(STRICT_FACTORY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Reads one tree and leaves what follows it to {@link #readStrict}, which names the problem itself. */
    private static final ObjectMapper TREE_READER = new ObjectMapper(STRICT_FACTORY);

    private Json() {
    }

    /** JSON text the strict reader refuses: the JSON path where it went wrong and what is wrong. */
    static final class StrictJsonException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final String problem;

        StrictJsonException(String path, String problem) {
            super(path + ": " + problem);
            this.path = path;
            this.problem = problem;
        }

        /** Where, as a JSON path ({@code $} for the document, {@code $.a[2].b} inside it). */
        String path() {
            return path;
        }

        /** What is wrong, without the path. */
        String problem() {
            return problem;
        }
    }

    /**
     * Parses exactly one JSON value: no duplicate keys, no trailing content, no comments, numbers of
     * at most {@value #MAX_NUMBER_DIGITS} digits, nesting at most {@value #MAX_DEPTH} deep.
     */
    static JsonNode readStrict(byte[] json) throws StrictJsonException {
        JsonParser parser = null;
        try {
            parser = STRICT_FACTORY.createParser(json);
            JsonNode node = TREE_READER.readTree(parser);
            if (node == null) {
                throw new StrictJsonException("$", "empty: no JSON value");
            }
            if (hasMoreContent(parser)) {
                throw new StrictJsonException("$", "content after the first JSON value (a document holds one value)");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new StrictJsonException(parser == null ? "$" : pathOf(parser.getParsingContext()), problem(e));
        } catch (IOException e) {
            // Parsing a byte array does no I/O; Jackson still declares the wider exception.
            throw new StrictJsonException("$", "not valid JSON");
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException e) {
                    // nothing was opened but the byte array
                }
            }
        }
    }

    /** Whether anything but white space follows the value; unparsable text after it counts too. */
    private static boolean hasMoreContent(JsonParser p) {
        try {
            return p.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    /** Jackson's reason in words a user can act on, without its location or class names. */
    private static String problem(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (m.startsWith("Number value length")) {
                return "a number longer than " + MAX_NUMBER_DIGITS + " digits";
            }
            if (m.contains("nesting depth")) {
                return "nested deeper than " + MAX_DEPTH + " levels";
            }
            return "too large";
        }
        if (m.startsWith("Duplicate field '")) {
            int end = m.indexOf('\'', 17);
            return "the key \"" + (end > 17 ? m.substring(17, end) : "?") + "\" is given twice";
        }
        if (m.startsWith("Trailing token")) {
            return "content after the first JSON value (a document holds one value)";
        }
        // Jackson names a '/' comment as one, but a YAML-style '#' only as an unexpected character.
        if (m.contains("comment") || m.startsWith("Unexpected character ('/'")
                || m.startsWith("Unexpected character ('#'")) {
            return "comments are not allowed in JSON";
        }
        if (m.contains("end-of-input")) {
            return "the JSON text ends too early";
        }
        int cut = m.indexOf(" (for ");
        String first = (cut > 0 ? m.substring(0, cut) : m).lines().findFirst().orElse("").trim();
        return "not valid JSON: " + (first.isEmpty() ? "syntax error" : first);
    }

    /** The JSON path of a parser position: {@code $}, {@code $.key}, {@code $.list[3]}. */
    private static String pathOf(JsonStreamContext ctx) {
        StringBuilder out = new StringBuilder();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                out.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                out.insert(0, "." + c.getCurrentName());
            }
        }
        return "$" + out;
    }

    /** See {@link ClaimsNodes#toNode}. */
    static ObjectNode toNode(Claims claims) {
        return ClaimsNodes.toNode(claims);
    }

    /** See {@link ClaimsNodes#value}. */
    static JsonNode value(Object v) {
        return ClaimsNodes.value(v);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
    }

    /** {@link #write} as UTF-8 bytes, without the intermediate string. */
    static byte[] writeBytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of JSON nodes always serialises", e);
        }
    }
}
