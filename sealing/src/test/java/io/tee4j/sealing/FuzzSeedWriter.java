package io.tee4j.sealing;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the seed corpus of {@link SealedDataFuzzTest} (run by hand; the files are checked in). */
public final class FuzzSeedWriter {
    private FuzzSeedWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        byte[] aad = "fuzz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Sealer rel = Sealer.builder().keySource(TestKeys.released()).segmentSize(64).build();
        Sealer sim = TestKeys.simulatedSealer(io.tee4j.core.keys.KeyBinding.TCB_VERSION);
        Path blobs = Files.createDirectories(base.resolve("parseBlob"));
        Files.write(blobs.resolve("released-empty"), rel.seal(new byte[0], aad));
        Files.write(blobs.resolve("released-40"), rel.seal(new byte[40], aad));
        Files.write(blobs.resolve("simulated-40"), sim.seal("forty bytes of plaintext for the fuzzer!".getBytes(), aad));
        Files.write(blobs.resolve("kat-versioned"), java.util.HexFormat.of().parseHex(KnownAnswerTest.VERSIONED_BLOB));
        Path streams = Files.createDirectories(base.resolve("parseStream"));
        for (int len : new int[] {0, 100, 128}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (SealingOutputStream o = rel.newSealingStream(out, aad)) {
                o.write(new byte[len]);
            }
            Files.write(streams.resolve("released-" + len), out.toByteArray());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SealingOutputStream o = sim.newSealingStream(out, aad)) {
            o.write(new byte[70]);
        }
        Files.write(streams.resolve("simulated-70"), out.toByteArray());
        Files.write(streams.resolve("kat-stream"), java.util.HexFormat.of().parseHex(KnownAnswerTest.STREAM));
    }
}
