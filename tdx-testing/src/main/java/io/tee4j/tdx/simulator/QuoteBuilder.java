package io.tee4j.tdx.simulator;

import static io.tee4j.tdx.simulator.SimulatedIntelPki.fill;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.le;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.len;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.svn;

import java.nio.ByteBuffer;

/**
 * Builds a TDX quote header and TD report body (v4, or v5 with body type 2 or 3) and has the
 * simulated Quoting Enclave of a {@link TdxSimulator} sign it ({@link TdxSimulator#quoteBuilder()}).
 * Every field the verifier and policies read can be set; the signature, QE report and PCK chain
 * are always the simulator's, so the quote verifies against {@link TdxSimulator#trustAnchors()}.
 *
 * <p>Defaults: v4, TEE_TCB_SVN 03 01 02 .., SEPT_VE_DISABLE set, XFAM 0x602e7. For tests and
 * demos only.
 *
 * @since 0.2
 */
public final class QuoteBuilder {
    private final SimulatedQe qe;

    private int version = 4;
    private int bodyType = 2;
    private byte[] teeTcbSvn = svn(3, 1, 2);
    private byte[] teeTcbSvn2 = svn(3, 1, 2);
    private byte[] mrSeam = fill(48, 0x5a);
    private byte[] mrSignerSeam = new byte[48];
    private long seamAttributes;
    private long tdAttributes = 1L << 28;
    private long xfam = 0x602e7L;
    private byte[] mrTd = fill(48, 0x11);
    private final byte[][] rtmrs = {new byte[48], new byte[48], new byte[48], new byte[48]};
    private byte[] reportData = new byte[64];
    private byte[] mrConfigId = new byte[48];

    QuoteBuilder(SimulatedQe qe) {
        this.qe = qe;
    }

    /** Quote version 4, or 5 with body type 2 or 3. */
    public QuoteBuilder version(int version, int bodyType) {
        if (!(version == 4 && bodyType == 2 || version == 5 && (bodyType == 2 || bodyType == 3))) {
            throw new IllegalArgumentException("version 4 (body 2) or 5 (body 2 or 3)");
        }
        this.version = version;
        this.bodyType = bodyType;
        return this;
    }

    public QuoteBuilder teeTcbSvn(byte[] svn) {
        teeTcbSvn = len(svn, 16);
        return this;
    }

    public QuoteBuilder teeTcbSvn2(byte[] svn) {
        teeTcbSvn2 = len(svn, 16);
        return this;
    }

    public QuoteBuilder mrSeam(byte[] v) {
        mrSeam = len(v, 48);
        return this;
    }

    /** MRSIGNERSEAM (default all zero, Intel's own TDX module signer). */
    public QuoteBuilder mrSignerSeam(byte[] v) {
        mrSignerSeam = len(v, 48);
        return this;
    }

    /** SEAMATTRIBUTES, little-endian as in the report (default 0). */
    public QuoteBuilder seamAttributes(long v) {
        seamAttributes = v;
        return this;
    }

    public QuoteBuilder tdAttributes(long v) {
        tdAttributes = v;
        return this;
    }

    public QuoteBuilder xfam(long v) {
        xfam = v;
        return this;
    }

    public QuoteBuilder mrTd(byte[] v) {
        mrTd = len(v, 48);
        return this;
    }

    public QuoteBuilder rtmr(int i, byte[] v) {
        rtmrs[i] = len(v, 48);
        return this;
    }

    public QuoteBuilder mrConfigId(byte[] v) {
        mrConfigId = len(v, 48);
        return this;
    }

    public QuoteBuilder reportData(byte[] v) {
        reportData = len(v, 64);
        return this;
    }

    /** The signed quote bytes. */
    public byte[] build() {
        int bodySize = bodyType == 3 ? 648 : 584;
        ByteBuffer q = le(48 + (version == 5 ? 6 : 0) + bodySize);
        q.putShort((short) version).putShort((short) 2).putInt(0x81).putShort((short) 0).putShort((short) 0)
                .put(SimulatedQe.VENDOR_ID).put(new byte[20]);
        if (version == 5) {
            q.putShort((short) bodyType).putInt(bodySize);
        }
        q.put(teeTcbSvn).put(mrSeam).put(mrSignerSeam).putLong(seamAttributes).putLong(tdAttributes).putLong(xfam).put(mrTd)
                .put(mrConfigId).put(new byte[48]).put(new byte[48]);
        for (byte[] r : rtmrs) {
            q.put(r);
        }
        q.put(reportData);
        if (bodyType == 3) {
            q.put(teeTcbSvn2).put(new byte[48]);
        }
        return qe.sign(q.array());
    }
}
