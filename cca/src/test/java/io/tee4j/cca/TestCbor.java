package io.tee4j.cca;

import io.tee4j.cca.abi.CborWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A tiny CBOR builder for hostile-input tests: items are byte arrays concatenated by hand. */
final class TestCbor {
    private TestCbor() {
    }

    static byte[] head(int major, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CborWriter.writeHead(out, major, value);
        return out.toByteArray();
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    static byte[] uint(long v) {
        return v >= 0 ? head(0, v) : head(1, -1 - v);
    }

    static byte[] bstr(byte[] b) {
        return cat(head(2, b.length), b);
    }

    static byte[] tstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(head(3, b.length), b);
    }

    static byte[] array(byte[]... items) {
        return cat(head(4, items.length), cat(items));
    }

    /** A map from alternating encoded keys and values. */
    static byte[] map(byte[]... kv) {
        return cat(head(5, kv.length / 2), cat(kv));
    }

    static byte[] tag(long t, byte[] item) {
        return cat(head(6, t), item);
    }

    /** A COSE_Sign1 over the payload with an ES384 protected header and a dummy signature. */
    static byte[] sign1(byte[] payload) {
        return tag(18, array(bstr(map(uint(1), uint(-35))), map(), bstr(payload), bstr(new byte[96])));
    }

    /** A legacy token around the two payloads (signatures are dummies: for decoder tests only). */
    static byte[] legacy(byte[] platformPayload, byte[] realmPayload) {
        return tag(399, map(uint(44234), bstr(sign1(platformPayload)), uint(44241), bstr(sign1(realmPayload))));
    }
}
