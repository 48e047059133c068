package io.tee4j.cca;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Loads the shared CCA vectors copied under src/test/resources/io/tee4j/cca/vectors. */
final class Vectors {
    static final String TFRMM_399 = "tfrmm-cca-token-tag399.cbor";
    static final String TFRMM_907 = "tfrmm-cca-token-tag907-cmw.cbor";
    static final String VERAISON_907 = "veraison-synthetic-tag907-ffm00.cbor";
    static final String VERAISON_399 = "veraison-synthetic-tag399-ffm00.cbor";
    static final String FFM00 = "rust-ccatoken-cca-token-draft-ffm-00.cbor";
    static final String TOKEN_02 = "rust-ccatoken-cca-token-02.cbor";
    static final String BUG_33 = "rust-ccatoken-bug-33-repro.cbor";
    static final String[] ALL_TOKENS = {TFRMM_399, TFRMM_907, VERAISON_907, VERAISON_399, FFM00, TOKEN_02, BUG_33};

    private Vectors() {
    }

    static byte[] load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] repeat(int value, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
