package io.tee4j.benchmarks;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.sealing.ReleasedKeySource;
import io.tee4j.sealing.Sealer;
import io.tee4j.sealing.SealingException;
import io.tee4j.sealing.SealingInputStream;
import io.tee4j.sealing.SealingOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Sealing throughput: single-shot seal and unseal of 1 KiB and 1 MiB (each with a fresh salt,
 * HKDF-SHA-384 per-blob key and AES-256-GCM through the JDK; 1 MiB is sealed as 64 segments of
 * 16 KiB), and a 16 MiB stream. {@code rawGcm16KiB} is the JDK's AES-256-GCM alone, for reference. The key source is a
 * released key (no device call; an SNP sealer derives its root key once and caches it too).
 * Compared with {@code openssl speed -evp aes-256-gcm} through {@code compare.d/sealing.tsv}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SealingBenchmark {
    private static final int STREAM_BYTES = 16 << 20;

    private Sealer sealer;
    private final byte[] aad = "benchmark".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private byte[] plain1k;
    private byte[] plain1m;
    private byte[] sealed1k;
    private byte[] sealed1m;
    private byte[] streamPlain;
    private byte[] sealedStream;
    private byte[] readBuffer;
    private Cipher rawCipher;
    private SecretKeySpec rawKey;
    private byte[] rawOut;
    private byte[] sealBuffer;
    private byte[] sealBuffer1k;
    private byte[] openBuffer;
    private byte[] rawNonce;
    private long counter;
    private byte[] rawSealed16k;
    private ByteBuffer heapPlain1m;
    private ByteBuffer directPlain1m;
    private ByteBuffer directPlain1k;
    private ByteBuffer heapSealed1m;
    private ByteBuffer directSealed1m;
    private ByteBuffer directSealed1k;
    private ByteBuffer heapOut;
    private ByteBuffer directOut;

    @Setup
    public void setup() throws Exception {
        byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        sealer = Sealer.builder().keySource(ReleasedKeySource.of(SecretBytes.copyOf(key, SecretAccess.INSECURE)))
                .build();
        Random r = new Random(2);
        plain1k = new byte[1024];
        plain1m = new byte[1 << 20];
        streamPlain = new byte[STREAM_BYTES];
        r.nextBytes(plain1k);
        r.nextBytes(plain1m);
        r.nextBytes(streamPlain);
        sealed1k = sealer.seal(plain1k, aad);
        sealed1m = sealer.seal(plain1m, aad);
        CountingSink sink = new CountingSink(true);
        try (SealingOutputStream out = sealer.newSealingStream(sink, aad)) {
            out.write(streamPlain);
        }
        sealedStream = sink.bytes();
        readBuffer = new byte[1 << 16];
        rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
        rawKey = new SecretKeySpec(key, "AES");
        rawOut = new byte[plain1m.length + 16];
        sealBuffer = new byte[(int) sealer.sealedLength(plain1m.length)];
        sealBuffer1k = new byte[(int) sealer.sealedLength(plain1k.length)];
        openBuffer = new byte[plain1m.length];
        rawNonce = new byte[12];
        rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
        rawSealed16k = rawCipher.doFinal(plain1m, 0, 16 * 1024);
        heapPlain1m = ByteBuffer.wrap(plain1m);
        directPlain1m = ByteBuffer.allocateDirect(plain1m.length).put(plain1m).flip();
        directPlain1k = ByteBuffer.allocateDirect(plain1k.length).put(plain1k).flip();
        heapSealed1m = ByteBuffer.wrap(sealed1m);
        directSealed1m = ByteBuffer.allocateDirect(sealed1m.length).put(sealed1m).flip();
        directSealed1k = ByteBuffer.allocateDirect(sealed1k.length).put(sealed1k).flip();
        heapOut = ByteBuffer.allocate(sealBuffer.length);
        directOut = ByteBuffer.allocateDirect(sealBuffer.length);
    }

    @Benchmark
    public byte[] seal1KiB() throws SealingException {
        return sealer.seal(plain1k, aad);
    }

    @Benchmark
    public byte[] unseal1KiB() throws SealingException {
        return sealer.unseal(sealed1k, aad);
    }

    @Benchmark
    public byte[] seal1MiB() throws SealingException {
        return sealer.seal(plain1m, aad);
    }

    /** As {@link #seal1MiB}, into a reused buffer (no 1 MiB allocation per operation). */
    @Benchmark
    public int seal1MiBIntoBuffer() throws SealingException {
        return sealer.seal(plain1m, aad, sealBuffer, 0);
    }

    @Benchmark
    public byte[] unseal1MiB() throws SealingException {
        return sealer.unseal(sealed1m, aad);
    }

    /** As {@link #unseal1MiB}, into a reused buffer ({@code Sealer.unseal(sealed, aad, out, off)}). */
    @Benchmark
    public int unseal1MiBIntoBuffer() throws SealingException {
        return sealer.unseal(sealed1m, aad, openBuffer, 0);
    }

    /** As {@link #seal1KiB}, into a reused buffer. */
    @Benchmark
    public int seal1KiBIntoBuffer() throws SealingException {
        return sealer.seal(plain1k, aad, sealBuffer1k, 0);
    }

    /** As {@link #unseal1KiB}, into a reused buffer. */
    @Benchmark
    public int unseal1KiBIntoBuffer() throws SealingException {
        return sealer.unseal(sealed1k, aad, openBuffer, 0);
    }

    /** As {@link #seal1MiB}, between heap {@code ByteBuffer}s ({@code Sealer.seal(ByteBuffer, aad, ByteBuffer)}). */
    @Benchmark
    public int seal1MiBHeapByteBuffer() throws SealingException {
        heapPlain1m.rewind();
        heapOut.clear();
        return sealer.seal(heapPlain1m, aad, heapOut);
    }

    /** As {@link #seal1MiB}, between direct {@code ByteBuffer}s. */
    @Benchmark
    public int seal1MiBDirectByteBuffer() throws SealingException {
        directPlain1m.rewind();
        directOut.clear();
        return sealer.seal(directPlain1m, aad, directOut);
    }

    /** As {@link #unseal1MiB}, between heap {@code ByteBuffer}s. */
    @Benchmark
    public int unseal1MiBHeapByteBuffer() throws SealingException {
        heapSealed1m.rewind();
        heapOut.clear();
        return sealer.unseal(heapSealed1m, aad, heapOut);
    }

    /** As {@link #unseal1MiB}, between direct {@code ByteBuffer}s. */
    @Benchmark
    public int unseal1MiBDirectByteBuffer() throws SealingException {
        directSealed1m.rewind();
        directOut.clear();
        return sealer.unseal(directSealed1m, aad, directOut);
    }

    /** As {@link #seal1KiB}, between direct {@code ByteBuffer}s. */
    @Benchmark
    public int seal1KiBDirectByteBuffer() throws SealingException {
        directPlain1k.rewind();
        directOut.clear();
        return sealer.seal(directPlain1k, aad, directOut);
    }

    /** As {@link #unseal1KiB}, between direct {@code ByteBuffer}s. */
    @Benchmark
    public int unseal1KiBDirectByteBuffer() throws SealingException {
        directSealed1k.rewind();
        directOut.clear();
        return sealer.unseal(directSealed1k, aad, directOut);
    }

    /**
     * A fresh 1 MiB array and nothing else: what {@link #seal1MiB} and {@link #unseal1MiB} pay on
     * top of the {@code *IntoBuffer} forms for returning a new array (zeroing and collecting
     * memory that is not in the cache), the ceiling of those two rows.
     */
    @Benchmark
    public byte[] newArray1MiB() {
        return new byte[plain1m.length];
    }

    /** Seals a 16 MiB stream (written in 64 KiB chunks) into a sink that discards it. */
    @Benchmark
    public long sealStream16MiB() throws SealingException, IOException {
        CountingSink sink = new CountingSink(false);
        try (SealingOutputStream out = sealer.newSealingStream(sink, aad)) {
            for (int off = 0; off < STREAM_BYTES; off += 1 << 16) {
                out.write(streamPlain, off, 1 << 16);
            }
        }
        return sink.count;
    }

    /** Unseals a 16 MiB stream, reading it in 64 KiB chunks. */
    @Benchmark
    public void unsealStream16MiB(Blackhole bh) throws SealingException, IOException {
        try (SealingInputStream in = sealer.newUnsealingStream(new ByteArrayInputStream(sealedStream), aad)) {
            for (int n; (n = in.read(readBuffer)) >= 0; ) {
                bh.consume(n);
            }
        }
    }

    /**
     * The JDK's AES-256-GCM alone on one 16 KiB message (no key derivation, no header, no
     * allocation): what {@code openssl speed -evp aes-256-gcm} measures at 16 KiB.
     */
    @Benchmark
    public int rawGcm16KiB() throws Exception {
        long c = ++counter;
        for (int i = 0; i < 8; i++) {
            rawNonce[i] = (byte) (c >>> (8 * i));
        }
        rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
        return rawCipher.doFinal(plain1m, 0, 16 * 1024, rawOut, 0);
    }

    /**
     * The JDK's AES-256-GCM decryption alone of one 16 KiB message (tag checked): what
     * {@code openssl speed -aead -decrypt -evp aes-256-gcm -bytes 16384} measures.
     */
    @Benchmark
    public int rawGcmDecrypt16KiB() throws Exception {
        java.util.Arrays.fill(rawNonce, (byte) 0);
        rawCipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, rawNonce));
        return rawCipher.doFinal(rawSealed16k, 0, rawSealed16k.length, rawOut, 0);
    }

    private static final class CountingSink extends OutputStream {
        private final boolean keep;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long count;

        CountingSink(boolean keep) {
            this.keep = keep;
        }

        @Override
        public void write(int b) {
            count++;
            if (keep) {
                kept.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            if (keep) {
                kept.write(b, off, len);
            }
        }

        byte[] bytes() {
            return kept.toByteArray();
        }
    }
}
