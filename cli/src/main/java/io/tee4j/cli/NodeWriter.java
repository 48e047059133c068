package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a tree of JSON nodes as indented JSON with jackson-core's streaming generator alone, the
 * same text as {@link Json#write} (the same generator and {@link DefaultPrettyPrinter} its
 * ObjectMapper uses) without constructing an ObjectMapper: a one-shot {@code verify --json} then
 * loads none of databind's serializer machinery (about 250 classes, a tenth of the command's
 * start-up). The tree holds plain JSON values only (as {@link ClaimsNodes} and {@link ResultJson}
 * build them); a POJO node has no JSON form without a mapper and is refused.
 */
final class NodeWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private NodeWriter() {
    }

    /** The tree as indented JSON text. */
    static String write(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string does no I/O", e);
        }
        return text.toString();
    }

    /**
     * The tree as compact UTF-8 JSON, the same bytes as the object mapper's writer without
     * indentation ({@code NodeWriterTest} holds them equal): every sidecar reply that is a tree is
     * written here, and the mapper's writer cost a serializer provider and a lookup per reply.
     */
    static byte[] writeCompactBytes(JsonNode node) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does no I/O", e);
        }
        return bytes.toByteArray();
    }

    /** One node and everything under it, through {@code g}. */
    static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (Iterator<JsonNode> items = node.elements(); items.hasNext();) {
                    write(g, items.next());
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> writeNumber(g, node);
            case BINARY -> g.writeBinary(node.binaryValue());
            default -> throw new IllegalArgumentException("not a plain JSON value: " + node.getNodeType());
        }
    }

    private static void writeNumber(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT -> g.writeNumber(node.intValue());
            case LONG -> g.writeNumber(node.longValue());
            case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
            case FLOAT -> g.writeNumber(node.floatValue());
            case DOUBLE -> g.writeNumber(node.doubleValue());
            default -> g.writeNumber(node.decimalValue());
        }
    }
}
