package io.tee4j.tpm.verify;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.tpm.abi.TpmHash;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PCR values by bank and index, as they travel beside a quote (they are not inside it). Values are
 * unauthenticated until {@link QuoteVerifier} has matched them against a signed PCR digest.
 *
 * @since 0.1
 */
public final class PcrValues {
    /** PC Client TPMs have 24 PCRs per bank. */
    public static final int PCR_COUNT = 24;

    private final Map<TpmHash, TreeMap<Integer, byte[]>> banks;

    private PcrValues(Map<TpmHash, TreeMap<Integer, byte[]>> banks) {
        this.banks = banks;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The value of one PCR, copied, if present. */
    public Optional<byte[]> get(TpmHash bank, int index) {
        TreeMap<Integer, byte[]> b = banks.get(bank);
        return b == null || !b.containsKey(index) ? Optional.empty() : Optional.of(b.get(index).clone());
    }

    /** One bank as an index-ordered, unmodifiable view (values must not be changed). */
    public Map<Integer, byte[]> bank(TpmHash bank) {
        TreeMap<Integer, byte[]> b = banks.get(bank);
        return b == null ? Map.of() : Collections.unmodifiableMap(b);
    }

    /** The banks present. */
    public java.util.Set<TpmHash> bankSet() {
        return Collections.unmodifiableSet(banks.keySet());
    }

    /** Builds {@link PcrValues}; each value must be as long as its bank's digest. */
    public static final class Builder {
        private final Map<TpmHash, TreeMap<Integer, byte[]>> banks = new EnumMap<>(TpmHash.class);

        private Builder() {
        }

        /** Sets one PCR; a second value for the same PCR or a wrong length is malformed. */
        public Builder put(TpmHash bank, int index, byte[] value) throws MalformedEvidenceException {
            Objects.requireNonNull(bank, "bank");
            Objects.requireNonNull(value, "value");
            if (index < 0 || index >= PCR_COUNT) {
                throw new MalformedEvidenceException("PCR index " + index + " is outside 0.." + (PCR_COUNT - 1));
            }
            if (value.length != bank.size()) {
                throw new MalformedEvidenceException(bank.label() + " PCR " + index + " has " + value.length
                        + " bytes, not " + bank.size());
            }
            if (banks.computeIfAbsent(bank, k -> new TreeMap<>()).putIfAbsent(index, value.clone()) != null) {
                throw new MalformedEvidenceException(bank.label() + " PCR " + index + " is given twice");
            }
            return this;
        }

        /** The values. */
        public PcrValues build() {
            Map<TpmHash, TreeMap<Integer, byte[]>> copy = new EnumMap<>(TpmHash.class);
            banks.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
            return new PcrValues(copy);
        }
    }
}
