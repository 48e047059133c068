package io.tee4j.se.abi;

import java.util.Optional;

/**
 * One entry of a pvattest exchange file: a size and either the data or, in a request, only the
 * size the Ultravisor's answer is expected to have (offset 0).
 *
 * @param size the entry's size in bytes
 * @param data the bytes, or {@code null} for an "expected size only" entry
 * @since 0.3
 */
public record ExchangeEntry(int size, byte[] data) {
    public ExchangeEntry {
        data = data == null ? null : data.clone();
    }

    /** An entry carrying {@code data}. */
    public static ExchangeEntry of(byte[] data) {
        return new ExchangeEntry(data.length, data);
    }

    /** An entry that only announces a size. */
    public static ExchangeEntry expectedSize(int size) {
        return new ExchangeEntry(size, null);
    }

    /** The bytes, if the entry carries any. */
    public Optional<byte[]> bytes() {
        return Optional.ofNullable(data).map(byte[]::clone);
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }
}
