package io.tee4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sidecar's reply to a verified request, written from the result straight to compact UTF-8
 * JSON: the bytes {@link NodeWriter#writeCompactBytes} gives for {@link ResultJson#success}'s
 * tree after {@link SafeMessages#scrub(JsonNode)}, without
 * building that tree, walking it to scrub it, or a string per hex claim. Building the tree,
 * scrubbing it and writing it was a third of a warm TDX request's cost beyond its verification.
 * {@code SuccessReplyWriterTest} holds the two forms byte for byte equal on every backend's
 * results and on claims built to probe each rule.
 *
 * <p>The bytes come from {@link CompactJsonBytes}, each token as the generator writes it.
 *
 * <p>The scrub rule, as {@link SafeMessages} applies it to the tree: a value under a message key
 * ({@code error}, {@code message}, {@code warnings}, {@code violations}) at any depth is scrubbed
 * when it is written as a string; under such a key a list has its string items scrubbed; any
 * other value is written as it is, its objects' fields again under the rule.
 */
final class SuccessReplyWriter {
    /**
     * Claim names as written ({@link CompactJsonBytes#string}, then the colon): copied into each
     * reply instead of checked and copied a character at a time (a TDX reply has ~90). At most
     * {@value #MAX_KEPT_NAMES}, so names that come from evidence cannot grow it; past that, a name
     * is written anew each time.
     */
    private static final Map<String, byte[]> KEPT_NAMES = new ConcurrentHashMap<>();
    private static final int MAX_KEPT_NAMES = 2048;

    private final CompactJsonBytes out = new CompactJsonBytes(4096);
    private final SafeMessages messages;

    private SuccessReplyWriter(SafeMessages messages) {
        this.messages = messages;
    }

    /** The reply body for {@code result}, its messages scrubbed by {@code messages}. */
    static byte[] write(AttestationResult result, SafeMessages messages) {
        SuccessReplyWriter writer = new SuccessReplyWriter(messages);
        writer.result(result);
        return writer.out.toByteArray();
    }

    /** The fields of {@link ResultJson#success}, in its order; claims and common claims asked for once. */
    private void result(AttestationResult result) {
        CommonClaims common = result.commonClaims();
        Claims claims = result.claims();
        out.rawAscii("{\"verified\":true,\"tee\":").string(result.tee().id());
        out.rawAscii(",\"verifiedAt\":").string(result.verifiedAt().toString());
        out.rawAscii(",\"trustAnchors\":").string(result.explicitTrustAnchors() ? "explicit" : "bundled");
        out.rawAscii(",\"tcbStatus\":").string(common.tcbStatus().name());
        out.rawAscii(common.debug() ? ",\"debug\":true," : ",\"debug\":false,");
        field("warnings", result.warnings());
        out.rawAscii(",\"claims\":");
        claims(claims);
        Object gpus = claims.get("gpus");
        Object devices = gpus instanceof Claims ? ((Claims) gpus).get("devices") : claims.get("devices");
        if (devices instanceof List) {
            out.raw(',');
            field("devices", devices);
        }
        out.raw('}');
    }

    /** The claims in order, through the map's own {@code forEach} (no entry object per claim). */
    private void claims(Claims claims) {
        out.raw('{');
        claims.asMap().forEach((name, value) -> {
            out.commaUnlessFirst();
            field(name, value);
        });
        out.raw('}');
    }

    /** One field, its value under the scrub rule when the key is a message key. */
    private void field(String key, Object value) {
        name(key);
        if (!SafeMessages.isMessageKey(key)) {
            value(value);
            return;
        }
        ClaimKind kind = ClaimKind.of(value);
        if (kind.isText()) {
            out.string(messages.scrub(text(value, kind)));
        } else if (kind == ClaimKind.LIST) {
            List<?> items = (List<?>) value;
            out.raw('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.raw(',');
                }
                Object item = items.get(i);
                ClaimKind itemKind = ClaimKind.of(item);
                if (itemKind.isText()) {
                    out.string(messages.scrub(text(item, itemKind)));
                } else {
                    value(item);
                }
            }
            out.raw(']');
        } else {
            value(value);
        }
    }

    private void value(Object v) {
        switch (ClaimKind.of(v)) {
            case NULL -> out.rawAscii("null");
            case CLAIMS -> claims((Claims) v);
            case HEX -> out.hexString((byte[]) v);
            case BOOLEAN -> out.rawAscii((Boolean) v ? "true" : "false");
            case WHOLE_NUMBER -> out.number(((Number) v).longValue());
            case BIG_INTEGER -> out.number((BigInteger) v);
            case DECIMAL_NUMBER -> out.number(((Number) v).doubleValue());
            case LIST -> list((List<?>) v);
            case MAP -> map((Map<?, ?>) v);
            case TEXT -> out.string(v.toString());
        }
    }

    /** The items by index: claims lists are immutable random-access lists (List.copyOf). */
    private void list(List<?> items) {
        out.raw('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            value(items.get(i));
        }
        out.raw(']');
    }

    /**
     * A map through the tree path: its keys become text ({@code String.valueOf}), and two keys with
     * one text would collapse into one field there, which only the tree does exactly. Backends put
     * no maps in claims on the hot path, so this costs nothing there.
     */
    private void map(Map<?, ?> entries) {
        JsonNode scrubbed = messages.scrub(ClaimsNodes.value(entries));
        out.generated(g -> NodeWriter.write(g, scrubbed));
    }

    private void name(String key) {
        byte[] kept = KEPT_NAMES.get(key);
        if (kept == null) {
            kept = new CompactJsonBytes(key.length() + 8).string(key).raw(':').toByteArray();
            if (KEPT_NAMES.size() < MAX_KEPT_NAMES) {
                KEPT_NAMES.putIfAbsent(key, kept);
            }
        }
        out.rawBytes(kept);
    }

    private static String text(Object value, ClaimKind kind) {
        return kind == ClaimKind.HEX ? HexFormat.of().formatHex((byte[]) value) : value.toString();
    }
}
