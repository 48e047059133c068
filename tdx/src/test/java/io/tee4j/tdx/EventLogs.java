package io.tee4j.tdx;

import io.tee4j.tdx.abi.CcEventLog;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Builds TDX CC event logs byte by byte, following the TCG crypto-agile layout (no real CCEL dump
 * is among the vectors, so tests construct logs this way).
 */
final class EventLogs {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    EventLogs() {
        // Spec ID event: SHA-384 only (as TDX firmware writes it), 64-bit UINTN.
        ByteBuffer spec = le(16 + 4 + 4 + 4 + 4 + 1);
        spec.put("Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII));
        spec.putInt(0); // platform class
        spec.put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 2); // minor, major, errata, uintn
        spec.putInt(1);
        spec.putShort((short) CcEventLog.ALG_SHA384).putShort((short) 48);
        spec.put((byte) 0); // vendor info size
        ByteBuffer first = le(32);
        first.putInt(0).putInt(CcEventLog.EV_NO_ACTION).put(new byte[20]).putInt(spec.capacity());
        out.writeBytes(first.array());
        out.writeBytes(spec.array());
    }

    static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Adds an event whose SHA-384 digest is the hash of its data. */
    EventLogs event(int mrIndex, int type, byte[] data) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-384").digest(data);
        ByteBuffer b = le(12 + 2 + 48 + 4 + data.length);
        b.putInt(mrIndex).putInt(type).putInt(1).putShort((short) CcEventLog.ALG_SHA384).put(digest)
                .putInt(data.length).put(data);
        out.writeBytes(b.array());
        return this;
    }

    byte[] build(int paddingFf) {
        byte[] pad = new byte[paddingFf];
        java.util.Arrays.fill(pad, (byte) 0xFF);
        out.writeBytes(pad);
        return out.toByteArray();
    }

    /** RTMR value after extending the SHA-384 of each data item, computed independently. */
    static byte[] extend(byte[]... data) throws Exception {
        byte[] r = new byte[48];
        for (byte[] d : data) {
            MessageDigest md = MessageDigest.getInstance("SHA-384");
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(d);
            byte[] concat = new byte[96];
            System.arraycopy(r, 0, concat, 0, 48);
            System.arraycopy(digest, 0, concat, 48, 48);
            r = md.digest(concat);
        }
        return r;
    }
}
