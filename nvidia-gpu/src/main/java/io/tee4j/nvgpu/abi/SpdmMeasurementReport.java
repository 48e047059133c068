package io.tee4j.nvgpu.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An NVIDIA GPU attestation report as NVML returns it: an SPDM 1.1 GET_MEASUREMENTS request
 * (37 bytes) immediately followed by the MEASUREMENTS response, parsed field by field from the
 * offsets the lengths in the message give (never by taking "the last 96 bytes").
 *
 * <p>Layout: request {@code 11 e0 p1 p2 nonce[32] slotId}; response {@code 11 60 p1 p2
 * numberOfBlocks recordLength(u24 LE) record[recordLength] nonce[32] opaqueLength(u16 LE)
 * opaque[opaqueLength] signature[96]}. Each measurement block is {@code index spec size(u16 LE)
 * measurement[size]} and a DMTF measurement is {@code valueType valueSize(u16 LE) value}.
 *
 * <p>Checked by {@link #parse(byte[])}: SPDM version 1.1 in both messages, the request and
 * response codes, the signature-requested bit (otherwise there is no nonce and no signature), that
 * the blocks exactly fill the record and their count matches, unique block indices, every block
 * of measurement specification exactly 0x01 (DMTF, as nvtrust requires), DMTF sizes
 * consistent, opaque TLVs exactly fill the opaque data, no duplicate opaque types, and that
 * anything after the signature is zero bytes (a real H100 report carries one trailing zero byte;
 * {@link #trailingZeroBytes()} says how many). Not checked here: the signature, the nonce, the
 * certificates ({@code NvGpuVerifier} does that).
 *
 * <p>The signature is assumed to be ECDSA P-384 (96 bytes raw r‖s), the only algorithm H100
 * devices negotiate. Immutable.
 *
 * @since 0.1
 */
public final class SpdmMeasurementReport {
    /** The largest report accepted (NVML's buffer is 8 KiB; this leaves ample room). */
    public static final int MAX_LENGTH = 64 * 1024;
    /** The length of the GET_MEASUREMENTS request with the signature requested. */
    public static final int REQUEST_LENGTH = 37;
    /** Nonce length in both messages. */
    public static final int NONCE_LENGTH = 32;
    /** The raw P-384 signature length. */
    public static final int SIGNATURE_LENGTH = 96;
    /** SPDM version byte 1.1. */
    public static final int SPDM_1_1 = 0x11;
    /** The largest number of trailing zero bytes tolerated after the signature. */
    public static final int MAX_TRAILING_ZEROS = 16;

    private static final int GET_MEASUREMENTS = 0xE0;
    private static final int MEASUREMENTS = 0x60;
    private static final int MAX_OPAQUE_LENGTH = 1024;

    private final byte[] raw;
    private final int requestParam1;
    private final int requestParam2;
    private final int slotId;
    private final int responseParam1;
    private final int responseParam2;
    private final List<MeasurementBlock> blocks;
    private final int responseNonceOffset;
    private final OpaqueData opaqueData;
    private final int signatureOffset;
    private final int trailingZeroBytes;

    private SpdmMeasurementReport(byte[] raw, int requestParam1, int requestParam2, int slotId, int responseParam1,
            int responseParam2, List<MeasurementBlock> blocks, int responseNonceOffset, OpaqueData opaqueData,
            int signatureOffset, int trailingZeroBytes) {
        this.raw = raw;
        this.requestParam1 = requestParam1;
        this.requestParam2 = requestParam2;
        this.slotId = slotId;
        this.responseParam1 = responseParam1;
        this.responseParam2 = responseParam2;
        this.blocks = List.copyOf(blocks);
        this.responseNonceOffset = responseNonceOffset;
        this.opaqueData = opaqueData;
        this.signatureOffset = signatureOffset;
        this.trailingZeroBytes = trailingZeroBytes;
    }

    /**
     * Parses a report.
     *
     * @throws MalformedEvidenceException naming the field and offset that is wrong
     */
    public static SpdmMeasurementReport parse(byte[] report) throws MalformedEvidenceException {
        Objects.requireNonNull(report, "report");
        if (report.length > MAX_LENGTH) {
            throw new MalformedEvidenceException("GPU attestation report of " + report.length
                    + " bytes is larger than " + MAX_LENGTH);
        }
        byte[] raw = report.clone();
        ByteReader r = ByteReader.of(raw);
        // Request.
        int reqVersion = r.u8("request SPDM version");
        if (reqVersion != SPDM_1_1) {
            throw new MalformedEvidenceException(String.format(
                    "request SPDM version 0x%02x; only 1.1 (0x11) is supported", reqVersion));
        }
        int reqCode = r.u8("request code");
        if (reqCode != GET_MEASUREMENTS) {
            throw new MalformedEvidenceException(String.format(
                    "request code 0x%02x is not GET_MEASUREMENTS (0xe0)", reqCode));
        }
        int reqP1 = r.u8("request param1");
        int reqP2 = r.u8("request param2");
        if ((reqP1 & 0x01) == 0) {
            throw new MalformedEvidenceException("request did not ask for a signature (param1 bit 0 clear); "
                    + "an unsigned report cannot be attested");
        }
        r.skip(NONCE_LENGTH, "request nonce");
        int slot = r.u8("request slot id");
        // Response.
        int respVersion = r.u8("response SPDM version");
        if (respVersion != reqVersion) {
            throw new MalformedEvidenceException(String.format(
                    "response SPDM version 0x%02x differs from the request's 0x%02x", respVersion, reqVersion));
        }
        int respCode = r.u8("response code");
        if (respCode != MEASUREMENTS) {
            throw new MalformedEvidenceException(String.format(
                    "response code 0x%02x is not MEASUREMENTS (0x60)%s", respCode,
                    respCode == 0x7f ? ": the GPU answered with an SPDM ERROR" : ""));
        }
        int respP1 = r.u8("response param1");
        int respP2 = r.u8("response param2");
        int numberOfBlocks = r.u8("number of blocks");
        int recordLength = r.u24("measurement record length");
        int recordStart = r.position();
        r.require(recordLength, "measurement record");
        List<MeasurementBlock> blocks = new ArrayList<>(numberOfBlocks);
        boolean[] seen = new boolean[256];
        ByteReader rec = ByteReader.of(raw, recordStart, recordStart + recordLength, "measurement record");
        while (rec.remaining() > 0) {
            int index = rec.u8("measurement block index");
            int spec = rec.u8("measurement block specification");
            int size = rec.u16("measurement block size");
            int start = rec.position();
            rec.require(size, "measurement block ", index);
            if (seen[index]) {
                throw new MalformedEvidenceException("measurement block index " + index + " occurs twice");
            }
            seen[index] = true;
            // Exactly DMTF (0x01), as nvtrust requires: a block that also sets other specification
            // bits is not a plain DMTF measurement.
            if (spec == MeasurementBlock.SPEC_DMTF) {
                ByteReader m = ByteReader.of(raw, start, start + size, "measurement block");
                int valueType = m.u8("DMTF value type of block ", index);
                int valueSize = m.u16("DMTF value size of block ", index);
                if (valueSize != size - 3) {
                    throw new MalformedEvidenceException("measurement block " + index + ": DMTF value size "
                            + valueSize + " does not match block size " + size);
                }
                blocks.add(new MeasurementBlock(index, spec, valueType, Arrays.copyOfRange(raw, start + 3,
                        start + size)));
            } else {
                throw new MalformedEvidenceException("measurement block " + index
                        + " uses measurement specification 0x" + Integer.toHexString(spec)
                        + "; only DMTF (0x01) is supported");
            }
            rec.skip(size, "measurement block ", index);
        }
        if (blocks.size() != numberOfBlocks) {
            throw new MalformedEvidenceException("measurement record holds " + blocks.size()
                    + " blocks but the response says " + numberOfBlocks);
        }
        r.skip(recordLength, "measurement record");
        int nonceOffset = r.position();
        r.skip(NONCE_LENGTH, "response nonce");
        int opaqueLength = r.u16("opaque data length");
        if (opaqueLength > MAX_OPAQUE_LENGTH) {
            throw new MalformedEvidenceException("opaque data length " + opaqueLength + " exceeds SPDM's "
                    + MAX_OPAQUE_LENGTH);
        }
        int opaqueStart = r.position();
        r.require(opaqueLength, "opaque data");
        OpaqueData opaque = OpaqueData.parse(raw, opaqueStart, opaqueLength);
        r.skip(opaqueLength, "opaque data");
        int sigOffset = r.position();
        r.skip(SIGNATURE_LENGTH, "signature");
        int trailing = r.remaining();
        if (trailing > MAX_TRAILING_ZEROS) {
            throw new MalformedEvidenceException(trailing + " bytes follow the signature at offset "
                    + (sigOffset + SIGNATURE_LENGTH));
        }
        for (int i = r.position(); i < raw.length; i++) {
            if (raw[i] != 0) {
                throw new MalformedEvidenceException("non-zero byte after the signature at offset " + i);
            }
        }
        return new SpdmMeasurementReport(raw, reqP1, reqP2, slot, respP1, respP2, blocks, nonceOffset, opaque,
                sigOffset, trailing);
    }

    /** A copy of the whole report as given (request, response and any trailing zero bytes). */
    public byte[] raw() {
        return raw.clone();
    }

    /** The nonce the requester sent (bytes 4..35 of the request): the caller's freshness value. */
    public byte[] requestNonce() {
        return Arrays.copyOfRange(raw, 4, 4 + NONCE_LENGTH);
    }

    /** The request's param1 (bit 0: signature requested). */
    public int requestParam1() {
        return requestParam1;
    }

    /** The request's param2: the measurement operation (0xff = all measurements). */
    public int requestParam2() {
        return requestParam2;
    }

    /** The certificate slot the requester asked the signature from. */
    public int slotId() {
        return slotId;
    }

    /** The response's param1. */
    public int responseParam1() {
        return responseParam1;
    }

    /** The response's param2. */
    public int responseParam2() {
        return responseParam2;
    }

    /** The measurement blocks in report order. */
    public List<MeasurementBlock> blocks() {
        return blocks;
    }

    /** The block with the given (1-based) index, or {@code null}. */
    public MeasurementBlock block(int index) {
        for (MeasurementBlock b : blocks) {
            if (b.index() == index) {
                return b;
            }
        }
        return null;
    }

    /** The nonce the responder (the GPU) added. */
    public byte[] responseNonce() {
        return Arrays.copyOfRange(raw, responseNonceOffset, responseNonceOffset + NONCE_LENGTH);
    }

    /** The NVIDIA opaque data (driver and VBIOS versions, FWID, ...). */
    public OpaqueData opaqueData() {
        return opaqueData;
    }

    /** A copy of the raw r‖s signature. */
    public byte[] signature() {
        return Arrays.copyOfRange(raw, signatureOffset, signatureOffset + SIGNATURE_LENGTH);
    }

    /** The number of bytes the signature covers: request and response up to the signature. */
    public int signedLength() {
        return signatureOffset;
    }

    /** How many zero bytes followed the signature (0 normally; 1 in some real reports). */
    public int trailingZeroBytes() {
        return trailingZeroBytes;
    }

    public byte[] rawUnsafe() {
        return raw;
    }

    @Override
    public String toString() {
        return "SpdmMeasurementReport[" + blocks.size() + " blocks, " + raw.length + " bytes]";
    }
}
