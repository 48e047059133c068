package io.tee4j.coco;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.tee4j.coco.jwe.TeeKeyAlgorithm;
import io.tee4j.coco.jwe.TeeKeyPair;
import io.tee4j.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;

/** The kbs vectors (copied from shared/vectors/kbs, see vectors/PROVENANCE.md) as test resources. */
public final class Vectors {
    private Vectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/io/tee4j/coco/kbs/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8).strip();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> expected() throws Exception {
        return (Map<String, Object>) Json.parse(bytes("expected.json"));
    }

    /** A vector key file as a TEE key pair advertising {@code alg}. */
    public static TeeKeyPair key(String name, TeeKeyAlgorithm alg) throws Exception {
        JWK jwk = JWK.parse(text(name));
        KeyPair pair = jwk instanceof ECKey ec ? ec.toKeyPair() : ((RSAKey) jwk).toKeyPair();
        return TeeKeyPair.of(alg, pair);
    }
}
