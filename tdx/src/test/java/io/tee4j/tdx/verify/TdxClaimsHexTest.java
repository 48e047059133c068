package io.tee4j.tdx.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The claims' hex texts must stay exactly what {@code String.format} wrote: they are a contract. */
class TdxClaimsHexTest {
    private static final long[] VALUES = {0, 1, 0x0f, 0x10, 0x81, 0xff, 0x100, 0x8000_0000L, 0xffff_ffffL,
        0x0000_0001_0000_0000L, 0x7fff_ffff_ffff_ffffL, -1L, Long.MIN_VALUE, 0x1234_5678_9abc_def0L};

    @Test
    void sixteenDigitsMatchFormat() {
        for (long v : VALUES) {
            assertEquals(String.format("0x%016x", v), TdxClaims.hex(v, 16), Long.toHexString(v));
        }
    }

    @Test
    void twoDigitsMatchFormat() {
        for (long v : VALUES) {
            assertEquals(String.format("0x%02x", v), TdxClaims.hex(v, 2), Long.toHexString(v));
        }
    }

    @Test
    void unpaddedMatchesFormat() {
        for (long v : VALUES) {
            assertEquals(String.format("0x%x", v), TdxClaims.hex(v, 1), Long.toHexString(v));
        }
    }
}
