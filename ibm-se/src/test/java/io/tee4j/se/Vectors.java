package io.tee4j.se;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.math.BigInteger;
import java.util.HexFormat;

/** Loads the shared IBM SE vectors copied under src/test/resources/io/tee4j/se/vectors. */
public final class Vectors {
    private Vectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    public static byte[] fill(int b, int len) {
        byte[] out = new byte[len];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    /** A P-521 private key from a big-endian scalar. */
    public static ECPrivateKey p521(byte[] scalar) throws Exception {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp521r1"));
        ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), spec));
    }
}
