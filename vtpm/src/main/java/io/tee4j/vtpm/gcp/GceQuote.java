package io.tee4j.vtpm.gcp;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.verify.PcrValues;

/**
 * One quote of a go-tpm-tools attestation ({@code tpm.Quote}: 1 quote = TPMS_ATTEST, 2 raw_sig =
 * TPMT_SIGNATURE, 3 pcrs = {@code tpm.PCRs}{1 hash, 2 map&lt;uint32, bytes&gt;}). Unverified.
 *
 * @param message the TPMS_ATTEST bytes
 * @param signature the marshalled TPMT_SIGNATURE
 * @param bank the PCR bank of the values
 * @param pcrs the PCR values given beside the quote
 * @since 0.1
 */
public record GceQuote(byte[] message, byte[] signature, TpmHash bank, PcrValues pcrs) {
    /** Copies the arrays. */
    public GceQuote {
        message = message.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    static GceQuote read(byte[] bytes) throws MalformedEvidenceException {
        ProtoReader r = new ProtoReader(bytes, "tpm.Quote");
        byte[] message = null;
        byte[] signature = null;
        byte[] pcrs = null;
        for (int f = r.next(); f >= 0; f = r.next()) {
            switch (f) {
                case 1 -> message = r.bytes(f);
                case 2 -> signature = r.bytes(f);
                case 3 -> pcrs = r.bytes(f);
                default -> r.skip(f);
            }
        }
        if (message == null || signature == null || pcrs == null) {
            throw new MalformedEvidenceException("tpm.Quote lacks its quote, raw_sig or pcrs");
        }
        ProtoReader p = new ProtoReader(pcrs, "tpm.PCRs");
        TpmHash bank = null;
        PcrValues.Builder values = PcrValues.builder();
        java.util.List<byte[]> entries = new java.util.ArrayList<>();
        for (int f = p.next(); f >= 0; f = p.next()) {
            switch (f) {
                case 1 -> bank = TpmHash.require((int) Math.min(p.varintField(f), Integer.MAX_VALUE), "tpm.PCRs.hash");
                case 2 -> entries.add(p.bytes(f));
                default -> p.skip(f);
            }
            if (entries.size() > PcrValues.PCR_COUNT) {
                throw new MalformedEvidenceException("tpm.PCRs lists more than 24 PCRs");
            }
        }
        if (bank == null) {
            throw new MalformedEvidenceException("tpm.PCRs has no hash algorithm");
        }
        for (byte[] entry : entries) {
            mapEntry(entry, bank, values);
        }
        return new GceQuote(message, signature, bank, values.build());
    }

    private static void mapEntry(byte[] entry, TpmHash bank, PcrValues.Builder values)
            throws MalformedEvidenceException {
        ProtoReader e = new ProtoReader(entry, "tpm.PCRs.pcrs entry");
        long index = 0;
        byte[] value = new byte[0];
        for (int f = e.next(); f >= 0; f = e.next()) {
            switch (f) {
                case 1 -> index = e.varintField(f);
                case 2 -> value = e.bytes(f);
                default -> e.skip(f);
            }
        }
        if (index >= PcrValues.PCR_COUNT) {
            throw new MalformedEvidenceException("tpm.PCRs names PCR " + index);
        }
        values.put(bank, (int) index, value);
    }
}
