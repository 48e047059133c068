package io.tee4j.sealing;

import java.nio.file.Path;
import java.util.Random;

/**
 * Child JVM of {@link SealedFilesTest#crashDuringWriteLeavesOldOrNewContent}: rewrites the target
 * with generation after generation of content until it is killed.
 */
public final class CrashWriterChild {
    private CrashWriterChild() {
    }

    /** Content of generation {@code g}: 8-byte generation number, then bytes determined by it. */
    static byte[] content(long g) {
        int size = (1 << 18) + (int) (g % 7) * 12_347;
        byte[] b = new byte[size];
        new Random(g).nextBytes(b);
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (g >>> (8 * i));
        }
        return b;
    }

    static long generationOf(byte[] b) {
        long g = 0;
        for (int i = 0; i < 8; i++) {
            g |= (b[i] & 0xffL) << (8 * i);
        }
        return g;
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        long first = Long.parseLong(args[1]);
        Sealer sealer = TestKeys.releasedSealer();
        byte[] aad = SealedFilesTest.AAD;
        for (long g = first; ; g++) {
            byte[] c = content(g);
            System.out.println("writing " + g);
            System.out.flush();
            SealedFiles.write(sealer, target, c, aad);
        }
    }
}
