package io.tee4j.sealing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * Child JVM of {@link BigStreamTest}: seals a generated stream of N bytes through an OS pipe into
 * an unsealing stream, in two threads, and compares CRC-32C of what went in and what came out.
 * Nothing is stored; memory must stay within the child's -Xmx.
 */
public final class BigStreamChild {
    private BigStreamChild() {
    }

    public static void main(String[] args) throws Exception {
        long total = Long.parseLong(args[0]);
        Sealer sealer = TestKeys.releasedSealer();
        byte[] aad = "big".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Pipe pipe = Pipe.open();
        AtomicLong crcIn = new AtomicLong();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        long t0 = System.nanoTime();
        Thread writer = new Thread(() -> {
            CRC32C crc = new CRC32C();
            byte[] block = new byte[1 << 20];
            new Random(42).nextBytes(block);
            try (OutputStream sink = Channels.newOutputStream(pipe.sink());
                    SealingOutputStream out = sealer.newSealingStream(sink, aad)) {
                long left = total;
                long chunk = 0;
                while (left > 0) {
                    int n = (int) Math.min(block.length, left);
                    // Make every chunk distinct, so a repeated or reordered segment changes the CRC.
                    for (int i = 0; i < 8; i++) {
                        block[i] = (byte) (chunk >>> (8 * i));
                    }
                    crc.update(block, 0, n);
                    out.write(block, 0, n);
                    left -= n;
                    chunk++;
                }
                crcIn.set(crc.getValue());
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        writer.start();
        CRC32C crc = new CRC32C();
        long got = 0;
        try (InputStream source = Channels.newInputStream(pipe.source());
                SealingInputStream in = sealer.newUnsealingStream(source, aad)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                crc.update(buf, 0, n);
                got += n;
            }
        }
        writer.join();
        if (writerFailure.get() != null) {
            throw new IOException("writer failed", writerFailure.get());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Runtime rt = Runtime.getRuntime();
        System.out.println("RESULT " + got + " " + Long.toHexString(crcIn.get()) + " " + Long.toHexString(crc.getValue())
                + " " + rt.maxMemory() + " " + ms);
    }
}
