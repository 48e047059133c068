package io.tee4j.sealing;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The copy loops behind {@link Sealer#sealStream} and {@link Sealer#unsealStream}, and the wrappers
 * that keep those methods from closing the caller's streams.
 */
final class StreamCopy {
    private StreamCopy() {
    }

    /** Seals all of {@code in} through {@code sealing}, then closes it (writing the last segment). */
    static void sealAll(InputStream in, SealingOutputStream sealing, int bufferSize)
            throws SealingException, IOException {
        try {
            byte[] buf = new byte[bufferSize];
            for (int n; (n = in.read(buf)) >= 0; ) {
                sealing.write(buf, 0, n);
            }
            sealing.close();
        } catch (SealingIOException e) {
            throw e.sealingException();
        }
    }

    /** Opens the unsealing stream; opening reads the header, so it may fail like a read. */
    interface UnsealingOpener {
        SealingInputStream open() throws SealingException, IOException;
    }

    /**
     * Writes every authenticated segment of the stream {@code opener} opens to {@code out}, then
     * closes it; a {@link SealingIOException} while opening or reading becomes its sealing exception.
     */
    static void unsealAll(UnsealingOpener opener, OutputStream out, int bufferSize)
            throws SealingException, IOException {
        try (SealingInputStream unsealing = opener.open()) {
            byte[] buf = new byte[bufferSize];
            for (int n; (n = unsealing.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SealingIOException e) {
            throw e.sealingException();
        }
    }

    /** {@code out}, flushed but left open when the sealing stream closes it. */
    static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(Objects.requireNonNull(out, "out")) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** {@code in}, left open when the unsealing stream closes it. */
    static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the caller's stream stays open
            }
        };
    }
}
