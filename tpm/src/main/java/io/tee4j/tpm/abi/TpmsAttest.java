package io.tee4j.tpm.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.util.Objects;

/**
 * A TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE, the bytes a TPM2_Quote signs (TPM 2.0 Part 2,
 * big-endian): magic, type, qualified signer, extra data (the verifier's nonce), clock info,
 * firmware version, and the quote info (PCR selection and digest).
 *
 * <p>Parsing checks structure only: the magic {@code 0xFF544347} (TPM_GENERATED_VALUE, which a TPM
 * writes only into structures it produced itself), the quote type, every length against its
 * TPM2B maximum, and that nothing follows. It does not check the signature, the nonce or the PCR
 * digest; the quote verifier of the {@code verify} package does.
 *
 * @since 0.1
 */
public final class TpmsAttest {
    /** TPM_GENERATED_VALUE. */
    public static final long MAGIC = 0xFF544347L;
    /** TPM_ST_ATTEST_QUOTE. */
    public static final int TYPE_QUOTE = 0x8018;
    /** The largest TPMS_ATTEST accepted (TPM2B_ATTEST holds at most sizeof(TPMS_ATTEST), about 1 KiB). */
    public static final int MAX_SIZE = 2048;
    private static final int MAX_NAME = 2 + 64;
    private static final int MAX_DATA = 64;

    private final byte[] raw;
    private final byte[] qualifiedSigner;
    private final byte[] extraData;
    private final long clock;
    private final long resetCount;
    private final long restartCount;
    private final boolean safe;
    private final long firmwareVersion;
    private final PcrSelection pcrSelection;
    private final byte[] pcrDigest;

    private TpmsAttest(byte[] raw, ByteReader r) throws MalformedEvidenceException {
        this.raw = raw;
        long magic = r.u32Be("TPMS_ATTEST magic");
        if (magic != MAGIC) {
            throw new MalformedEvidenceException(String.format("TPMS_ATTEST magic 0x%08x is not TPM_GENERATED_VALUE "
                    + "0xff544347", magic));
        }
        int type = r.u16Be("TPMS_ATTEST type");
        if (type != TYPE_QUOTE) {
            throw new MalformedEvidenceException(String.format("TPMS_ATTEST type 0x%04x is not a quote (0x8018)", type));
        }
        this.qualifiedSigner = Tpm2b.read(r, MAX_NAME, "TPMS_ATTEST qualifiedSigner");
        this.extraData = Tpm2b.read(r, MAX_DATA, "TPMS_ATTEST extraData");
        this.clock = r.u64Be("TPMS_CLOCK_INFO clock");
        this.resetCount = r.u32Be("TPMS_CLOCK_INFO resetCount");
        this.restartCount = r.u32Be("TPMS_CLOCK_INFO restartCount");
        int safeByte = r.u8("TPMS_CLOCK_INFO safe");
        if (safeByte > 1) {
            throw new MalformedEvidenceException("TPMS_CLOCK_INFO safe is " + safeByte + ", not a TPMI_YES_NO");
        }
        this.safe = safeByte == 1;
        this.firmwareVersion = r.u64Be("TPMS_ATTEST firmwareVersion");
        this.pcrSelection = PcrSelection.read(r);
        this.pcrDigest = Tpm2b.read(r, TpmHash.SHA512.size(), "TPMS_QUOTE_INFO pcrDigest");
        r.requireEnd("TPMS_ATTEST");
    }

    /** Parses a quote's TPMS_ATTEST; the bytes are kept as given, for the signature. */
    public static TpmsAttest parse(byte[] message) throws MalformedEvidenceException {
        Objects.requireNonNull(message, "message");
        if (message.length > MAX_SIZE) {
            throw new MalformedEvidenceException("TPMS_ATTEST of " + message.length + " bytes (at most " + MAX_SIZE + ")");
        }
        byte[] copy = message.clone();
        return new TpmsAttest(copy, ByteReader.of(copy));
    }

    /** The bytes as signed, copied. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The TPM2B_NAME of the signing key qualified by its hierarchy (not the AK's plain Name). */
    public byte[] qualifiedSigner() {
        return qualifiedSigner.clone();
    }

    /** The caller's qualifying data: the verifier's nonce. */
    public byte[] extraData() {
        return extraData.clone();
    }

    /** Milliseconds the TPM has been powered (TPMS_CLOCK_INFO.clock). */
    public long clock() {
        return clock;
    }

    /** TPM resets since the clock was set (TPMS_CLOCK_INFO.resetCount). */
    public long resetCount() {
        return resetCount;
    }

    /** TPM restarts since the last reset (TPMS_CLOCK_INFO.restartCount). */
    public long restartCount() {
        return restartCount;
    }

    /** Whether the clock has not gone backwards since it was last reported (TPMS_CLOCK_INFO.safe). */
    public boolean safe() {
        return safe;
    }

    /** The vendor firmware version. */
    public long firmwareVersion() {
        return firmwareVersion;
    }

    /** The PCRs the quote covers. */
    public PcrSelection pcrSelection() {
        return pcrSelection;
    }

    /** The digest of the selected PCR values, taken with the signing key's hash. */
    public byte[] pcrDigest() {
        return pcrDigest.clone();
    }
}
