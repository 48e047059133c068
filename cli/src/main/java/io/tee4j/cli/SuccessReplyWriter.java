package io.tee4j.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sidecar's reply to a verified request, written from the result straight to compact UTF-8
 * JSON: the bytes {@link NodeWriter#writeCompactBytes} gives for {@link ResultJson#success}'s
 * tree after {@link SafeMessages#scrub(com.fasterxml.jackson.databind.JsonNode)}, without
 * building that tree, walking it to scrub it, or a string per hex claim. Building the tree,
 * scrubbing it and writing it was a third of a warm TDX request's cost beyond its verification.
 * {@code SuccessReplyWriterTest} holds the two forms byte for byte equal on every backend's
 * results and on claims built to probe each rule.
 *
 * <p>The scrub rule, as {@link SafeMessages} applies it to the tree: a value under a message key
 * ({@code error}, {@code message}, {@code warnings}, {@code violations}) at any depth is scrubbed
 * when it is written as a string; under such a key a list has its string items scrubbed; any
 * other value is written as it is, its objects' fields again under the rule.
 */
final class SuccessReplyWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /**
     * Claim names as pre-quoted UTF-8, copied into the reply instead of escaped anew each time
     * (most of writing a reply was its ~80 names). Only names of printable ASCII without a quote or
     * backslash, whose quoted form is themselves; at most {@value #MAX_KEPT_NAMES}, so names that
     * come from evidence cannot grow it: past that, names are written as they are.
     */
    private static final Map<String, SerializedString> KEPT_NAMES = new ConcurrentHashMap<>();
    private static final int MAX_KEPT_NAMES = 2048;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final JsonGenerator out;
    private final SafeMessages messages;
    /** Hex digits of the byte array being written; grown to the longest one of the reply. */
    private byte[] hex = new byte[128];

    private SuccessReplyWriter(JsonGenerator out, SafeMessages messages) {
        this.out = out;
        this.messages = messages;
    }

    /** The reply body for {@code result}, its messages scrubbed by {@code messages}. */
    static byte[] write(AttestationResult result, SafeMessages messages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            new SuccessReplyWriter(g, messages).result(result);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does no I/O", e);
        }
        return bytes.toByteArray();
    }

    /** The fields of {@link ResultJson#success}, in its order; claims and common claims asked for once. */
    private void result(AttestationResult result) throws IOException {
        CommonClaims common = result.commonClaims();
        Claims claims = result.claims();
        out.writeStartObject();
        out.writeBooleanField("verified", true);
        out.writeStringField("tee", result.tee().id());
        out.writeStringField("verifiedAt", result.verifiedAt().toString());
        out.writeStringField("trustAnchors", result.explicitTrustAnchors() ? "explicit" : "bundled");
        out.writeStringField("tcbStatus", common.tcbStatus().name());
        out.writeBooleanField("debug", common.debug());
        field("warnings", result.warnings());
        out.writeFieldName("claims");
        claims(claims);
        Object gpus = claims.get("gpus");
        Object devices = gpus instanceof Claims ? ((Claims) gpus).get("devices") : claims.get("devices");
        if (devices instanceof List) {
            field("devices", devices);
        }
        out.writeEndObject();
    }

    private void claims(Claims claims) throws IOException {
        out.writeStartObject();
        for (Map.Entry<String, Object> e : claims.asMap().entrySet()) {
            field(e.getKey(), e.getValue());
        }
        out.writeEndObject();
    }

    /** One field, its value under the scrub rule when the key is a message key. */
    private void field(String key, Object value) throws IOException {
        name(key);
        if (!SafeMessages.isMessageKey(key)) {
            value(value);
            return;
        }
        ClaimKind kind = ClaimKind.of(value);
        if (kind.isText()) {
            out.writeString(messages.scrub(text(value, kind)));
        } else if (kind == ClaimKind.LIST) {
            List<?> items = (List<?>) value;
            out.writeStartArray();
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                ClaimKind itemKind = ClaimKind.of(item);
                if (itemKind.isText()) {
                    out.writeString(messages.scrub(text(item, itemKind)));
                } else {
                    value(item);
                }
            }
            out.writeEndArray();
        } else {
            value(value);
        }
    }

    private void value(Object v) throws IOException {
        switch (ClaimKind.of(v)) {
            case NULL -> out.writeNull();
            case CLAIMS -> claims((Claims) v);
            case HEX -> hex((byte[]) v);
            case BOOLEAN -> out.writeBoolean((Boolean) v);
            case WHOLE_NUMBER -> out.writeNumber(((Number) v).longValue());
            case BIG_INTEGER -> out.writeNumber((BigInteger) v);
            case DECIMAL_NUMBER -> out.writeNumber(((Number) v).doubleValue());
            case LIST -> list((List<?>) v);
            case MAP -> map((Map<?, ?>) v);
            case TEXT -> out.writeString(v.toString());
        }
    }

    /** The items by index: claims lists are immutable random-access lists (List.copyOf). */
    private void list(List<?> items) throws IOException {
        out.writeStartArray();
        for (int i = 0; i < items.size(); i++) {
            value(items.get(i));
        }
        out.writeEndArray();
    }

    private void name(String key) throws IOException {
        SerializedString kept = KEPT_NAMES.get(key);
        if (kept == null) {
            if (KEPT_NAMES.size() >= MAX_KEPT_NAMES || !quotesAsItself(key)) {
                out.writeFieldName(key);
                return;
            }
            kept = new SerializedString(key);
            KEPT_NAMES.putIfAbsent(key, kept);
        }
        out.writeFieldName(kept);
    }

    private static boolean quotesAsItself(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * A map through the tree path: its keys become text ({@code String.valueOf}), and two keys with
     * one text would collapse into one field there, which only the tree does exactly. Backends put
     * no maps in claims on the hot path, so this costs nothing there.
     */
    private void map(Map<?, ?> entries) throws IOException {
        NodeWriter.write(out, messages.scrub(ClaimsNodes.value(entries)));
    }

    /**
     * Lower-case hex, as {@link HexFormat#formatHex}, without a string per value: the digits as
     * UTF-8 bytes the generator copies as they are (hex digits need no escaping), most of a reply.
     */
    private void hex(byte[] bytes) throws IOException {
        int length = bytes.length * 2;
        if (hex.length < length) {
            hex = new byte[Math.max(length, hex.length * 2)];
        }
        for (int i = 0; i < bytes.length; i++) {
            hex[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
        }
        out.writeRawUTF8String(hex, 0, length);
    }

    private static String text(Object value, ClaimKind kind) {
        return kind == ClaimKind.HEX ? HexFormat.of().formatHex((byte[]) value) : value.toString();
    }
}
