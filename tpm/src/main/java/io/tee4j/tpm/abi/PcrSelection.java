package io.tee4j.tpm.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * TPML_PCR_SELECTION: which PCRs of which banks a quote covers, in the order the TPM hashed them
 * (selections in listed order, ascending PCR index inside each). Bit <i>j</i> of bitmap byte
 * <i>i</i> selects PCR 8<i>i</i>+<i>j</i>.
 *
 * @since 0.1
 */
public final class PcrSelection {
    /** TPM 2.0 HASH_COUNT bounds the number of banks; PCR_SELECT_MAX bounds the bitmap. */
    private static final int MAX_BANKS = 16;
    private static final int MAX_SELECT_BYTES = 8;

    /** One bank's selection. */
    public record Bank(TpmHash hash, List<Integer> pcrs) {
        /** Copies the index list. */
        public Bank {
            Objects.requireNonNull(hash, "hash");
            pcrs = List.copyOf(pcrs);
        }
    }

    private final List<Bank> banks;

    private PcrSelection(List<Bank> banks) {
        this.banks = List.copyOf(banks);
    }

    /** A selection of the given banks, in order. */
    public static PcrSelection of(List<Bank> banks) {
        return new PcrSelection(banks);
    }

    /** Reads a TPML_PCR_SELECTION at the reader's position. */
    public static PcrSelection read(ByteReader r) throws MalformedEvidenceException {
        long count = r.u32Be("TPML_PCR_SELECTION count");
        if (count > MAX_BANKS) {
            throw new MalformedEvidenceException("TPML_PCR_SELECTION lists " + count + " banks (at most " + MAX_BANKS + ")");
        }
        List<Bank> banks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TpmHash hash = TpmHash.require(r.u16Be("TPMS_PCR_SELECTION hash"), "TPMS_PCR_SELECTION " + i);
            int size = r.u8("TPMS_PCR_SELECTION sizeofSelect");
            if (size > MAX_SELECT_BYTES) {
                throw new MalformedEvidenceException("TPMS_PCR_SELECTION " + i + " has a " + size + "-byte bitmap");
            }
            byte[] bitmap = r.bytes(size, "TPMS_PCR_SELECTION bitmap");
            List<Integer> pcrs = new ArrayList<>();
            for (int index = 0; index < size * 8; index++) {
                if ((bitmap[index / 8] & (1 << (index % 8))) != 0) {
                    pcrs.add(index);
                }
            }
            banks.add(new Bank(hash, pcrs));
        }
        return new PcrSelection(banks);
    }

    /** The banks in the order the quote lists them. */
    public List<Bank> banks() {
        return banks;
    }

    /** The number of selected PCRs over all banks. */
    public int size() {
        int n = 0;
        for (Bank b : banks) {
            n += b.pcrs().size();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Bank b : banks) {
            s.append(s.length() == 0 ? "" : "; ").append(b.hash().label()).append(' ').append(b.pcrs());
        }
        return s.toString();
    }
}
