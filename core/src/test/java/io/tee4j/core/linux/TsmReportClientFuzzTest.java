package io.tee4j.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Fuzz harness for what {@link TsmReportClient} reads from the kernel: the {@code provider} and
 * {@code generation} texts, the blobs, and errnos at any step. For any script, the client either
 * returns the scripted outblob or throws {@link TsmException}; nothing else may escape.
 *
 * <p>Input layout (missing bytes read as zero): flags (bit 0 expect sev_guest, bit 1 privlevel,
 * bit 2 read auxblob, bit 3 inject an errno), errno, index of the operation that fails, then
 * length-prefixed fields: provider (u8 length), generation before (u8), generation after (u8),
 * outblob (u16 LE), auxblob (u16 LE).
 *
 * <p>Runs its seed corpus ({@code src/test/resources/io/tee4j/core/linux/TsmReportClientFuzzTestInputs/script/},
 * with a real SEV-SNP report as outblob) in every {@code mvn verify}; see {@code core/FUZZING.md} to fuzz.
 */
class TsmReportClientFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void script(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int flags = u8(in);
        int errno = u8(in);
        int failAt = u8(in);
        byte[] provider = field(in, u8(in));
        byte[] genBefore = field(in, u8(in));
        byte[] genAfter = field(in, u8(in));
        byte[] outblob = field(in, u16(in));
        byte[] auxblob = field(in, u16(in));

        TsmFileSystem scripted = new TsmFileSystem() {
            private int ops;
            private int generationReads;

            private void step() throws IOException {
                if ((flags & 8) != 0 && ops++ == failAt) {
                    throw new ErrnoIOException(errno, "scripted");
                }
            }

            @Override
            public boolean isDirectory(Path path) {
                return true;
            }

            @Override
            public boolean exists(Path path) {
                return true;
            }

            @Override
            public void createDirectory(Path dir) throws IOException {
                step();
            }

            @Override
            public void deleteDirectory(Path dir) throws IOException {
                step();
            }

            @Override
            public void write(Path file, byte[] d) throws IOException {
                step();
            }

            @Override
            public byte[] read(Path file, int maxBytes) throws IOException {
                step();
                byte[] value;
                switch (file.getFileName().toString()) {
                    case "provider":
                        value = provider;
                        break;
                    case "generation":
                        value = generationReads++ % 2 == 0 ? genBefore : genAfter;
                        break;
                    case "outblob":
                        value = outblob;
                        break;
                    default:
                        value = auxblob;
                        break;
                }
                if (value.length > maxBytes) {
                    throw new ErrnoIOException(Errno.EFBIG, "scripted");
                }
                return value.clone();
            }
        };
        TsmReportClient client = TsmReportClient.builder().fileSystem(scripted).maxBlobBytes(4096)
                .backoff(Backoff.builder().maxAttempts(3).sleeper(d -> { }).build()).build();
        TsmRequest.Builder request = TsmRequest.builder(new byte[64]).readAuxblob((flags & 4) != 0);
        if ((flags & 1) != 0) {
            request.expectedProvider(TsmRequest.PROVIDER_SEV_GUEST);
        }
        if ((flags & 2) != 0) {
            request.privlevel(0);
        }
        try {
            TsmReport report = client.getReport(request.build());
            assertArrayEquals(outblob, report.outblob());
            assertNotNull(report.provider());
        } catch (TsmException expected) {
            assertNotNull(expected.reason());
        }
    }

    private static int u8(ByteBuffer in) {
        return in.hasRemaining() ? in.get() & 0xFF : 0;
    }

    private static int u16(ByteBuffer in) {
        return u8(in) | u8(in) << 8;
    }

    private static byte[] field(ByteBuffer in, int length) {
        int n = Math.min(length, in.remaining());
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

}
