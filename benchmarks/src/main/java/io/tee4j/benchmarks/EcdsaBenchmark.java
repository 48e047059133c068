package io.tee4j.benchmarks;

import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ECDSA verification of one fixed signature (made in {@link Setup}) over a 1184-byte message (the
 * size of an SEV-SNP report), three ways per curve:
 *
 * <ul>
 *   <li>{@code warm}: core's {@link EcdsaVerifier} kept for the key, as a verifier keeps one per
 *       VCEK, CPAK or attestation key, so Bouncy Castle's precomputation for the point is reused;
 *   <li>{@code cold}: the key decoded from its SEC1 bytes into a new {@link EcdsaVerifier} on every
 *       call (a key seen once);
 *   <li>{@code sunEc}: the JDK's own provider, {@code Signature.getInstance("SHA384withECDSA")}
 *       (or SHA256 for P-256) on the DER form of the same signature.
 * </ul>
 *
 * <p>Our paths verify the raw {@code r || s} (IEEE P1363) form, which SNP, TDX, CCA and SPDM
 * evidence carries. Every method returns the verification result so the JIT cannot drop it, and
 * the setup checks that all three paths accept the signature.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EcdsaBenchmark {

    /** Everything one curve needs. */
    static final class Fixture {
        final EcCurve curve;
        final byte[] message = new byte[1184];
        final byte[] point;
        final byte[] p1363;
        final byte[] der;
        final ECPublicKey publicKey;
        final EcdsaVerifier warm;
        /** The same key through {@link EcdsaVerifier#keep()}: fixed-base comb tables. */
        final EcdsaVerifier kept;
        final String jdkAlgorithm;

        Fixture(EcCurve curve, String jdkAlgorithm) throws GeneralSecurityException, InvalidKeyException {
            this.curve = curve;
            this.jdkAlgorithm = jdkAlgorithm;
            SecureRandom random = new SecureRandom();
            random.nextBytes(message);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve.curveName()), random);
            KeyPair pair = g.generateKeyPair();
            publicKey = (ECPublicKey) pair.getPublic();
            Signature signer = Signature.getInstance(jdkAlgorithm);
            signer.initSign(pair.getPrivate(), random);
            signer.update(message);
            der = signer.sign();
            p1363 = derToP1363(der, curve.fieldBytes());
            int n = curve.fieldBytes();
            point = new byte[1 + 2 * n];
            point[0] = 4;
            copyFixed(publicKey.getW().getAffineX(), point, 1, n);
            copyFixed(publicKey.getW().getAffineY(), point, 1 + n, n);
            warm = EcdsaVerifier.fromUncompressedPoint(curve, point);
            kept = warm.keep();
            // A kept verifier builds its tables on its second verification.
            if (!warm.verifyP1363(message, p1363) || !kept.verifyP1363(message, p1363)
                    || !kept.verifyP1363(message, p1363) || !cold() || !sunEc()) {
                throw new IllegalStateException("the fixed " + curve + " signature does not verify");
            }
        }

        boolean cold() {
            try {
                return EcdsaVerifier.fromUncompressedPoint(curve, point).verifyP1363(message, p1363);
            } catch (InvalidKeyException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean sunEc() {
            try {
                Signature s = Signature.getInstance(jdkAlgorithm);
                s.initVerify(publicKey);
                s.update(message);
                return s.verify(der);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The P-256 fixture. */
    @State(Scope.Benchmark)
    public static class P256 {
        Fixture f;

        @Setup
        public void setup() throws Exception {
            f = new Fixture(EcCurve.P256, "SHA256withECDSA");
        }
    }

    /** The P-384 fixture. */
    @State(Scope.Benchmark)
    public static class P384 {
        Fixture f;

        @Setup
        public void setup() throws Exception {
            f = new Fixture(EcCurve.P384, "SHA384withECDSA");
        }
    }

    @Benchmark
    public boolean p384Warm(P384 s) {
        return s.f.warm.verifyP1363(s.f.message, s.f.p1363);
    }

    @Benchmark
    public boolean p384KeptComb(P384 s) {
        return s.f.kept.verifyP1363(s.f.message, s.f.p1363);
    }

    @Benchmark
    public boolean p384Cold(P384 s) {
        return s.f.cold();
    }

    @Benchmark
    public boolean p384SunEc(P384 s) {
        return s.f.sunEc();
    }

    @Benchmark
    public boolean p256Warm(P256 s) {
        return s.f.warm.verifyP1363(s.f.message, s.f.p1363);
    }

    @Benchmark
    public boolean p256KeptComb(P256 s) {
        return s.f.kept.verifyP1363(s.f.message, s.f.p1363);
    }

    @Benchmark
    public boolean p256Cold(P256 s) {
        return s.f.cold();
    }

    @Benchmark
    public boolean p256SunEc(P256 s) {
        return s.f.sunEc();
    }

    /** DER {@code SEQUENCE { r, s }} (as the JDK signs) to fixed-width big-endian {@code r || s}. */
    static byte[] derToP1363(byte[] der, int n) {
        int pos = 2;
        if ((der[1] & 0x80) != 0) {
            pos += der[1] & 0x7f;
        }
        byte[] out = new byte[2 * n];
        for (int i = 0; i < 2; i++) {
            if (der[pos] != 0x02) {
                throw new IllegalArgumentException("not a DER ECDSA signature");
            }
            int len = der[pos + 1];
            BigInteger v = new BigInteger(1, Arrays.copyOfRange(der, pos + 2, pos + 2 + len));
            copyFixed(v, out, i * n, n);
            pos += 2 + len;
        }
        return out;
    }

    private static void copyFixed(BigInteger v, byte[] out, int offset, int n) {
        byte[] b = v.toByteArray();
        int skip = b.length > n ? b.length - n : 0;
        System.arraycopy(b, skip, out, offset + n - (b.length - skip), b.length - skip);
    }
}
