package io.tee4j.snp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.abi.ProductLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Loads the real SEV-SNP vectors copied from the shared set (see vectors/PROVENANCE.md). */
final class Vectors {
    static final String BASE = "/io/tee4j/snp/vectors/";
    private static JsonNode expected;

    private Vectors() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream(BASE + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized JsonNode expected() {
        if (expected == null) {
            try {
                expected = new ObjectMapper().readTree(bytes("expected.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return expected;
    }

    static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = expected().fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    static JsonNode of(String name) {
        return expected().get(name);
    }

    /** The 1184-byte report of a vector (extracted from the HCL blob where it is one). */
    static byte[] report(String name) {
        return bytes(name + "/report.bin");
    }

    /** The raw evidence file as the vector stores it (the HCL blob for Azure vectors). */
    static byte[] evidenceFile(String name) {
        return bytes(name + "/" + of(name).get("report").asText());
    }

    static X509Certificate cert(String name) {
        try {
            return Certificates.parseOne(bytes(name + "/" + of(name).get("cert").asText()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] certBytes(String name) {
        try {
            return cert(name).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** notBefore + 1 day of the vector's signing certificate (inside every certificate's window). */
    static Instant pinnedTime(String name) {
        String nb = of(name).get("cert_not_before").asText();
        return OffsetDateTime.parse(nb, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX")).toInstant()
                .plusSeconds(86400);
    }

    static ProductLine product(String name) {
        return ProductLine.fromName(of(name).get("product_line").asText()).orElseThrow();
    }
}
