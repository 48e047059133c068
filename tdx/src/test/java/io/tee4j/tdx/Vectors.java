package io.tee4j.tdx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Loads the real TDX vectors copied under src/test/resources/io/tee4j/tdx/vectors (see PROVENANCE.md there). */
public final class Vectors {
    public static final String SPR_E4 = "go-tdx-guest/tdx_prod_quote_SPR_E4.dat";
    public static final String V5_SAMPLE = "go-tdx-guest/quote_v5_sample.dat";
    public static final String TRUSTEE_4 = "trustee/tdx_quote_4.dat";
    public static final String TRUSTEE_5 = "trustee/tdx_quote_5.dat";
    public static final String TRUSTEE_6 = "trustee/tdx_quote_6.dat";
    public static final String AZURE = "trustee/az-tdx-vtpm_td-quote.bin";
    public static final String PHALA = "phala-dcap-qvl/tdx_quote";
    public static final String PHALA_HEX = "phala-dcap-qvl/tdx-quote.hex";

    public static final List<String> QUOTES = List.of(SPR_E4, V5_SAMPLE, TRUSTEE_4, TRUSTEE_5, TRUSTEE_6, AZURE, PHALA,
            PHALA_HEX);

    private Vectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            byte[] b = in.readAllBytes();
            if (name.endsWith(".hex")) {
                String s = new String(b, StandardCharsets.US_ASCII).trim();
                return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] quote(String name) {
        return bytes(name);
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
