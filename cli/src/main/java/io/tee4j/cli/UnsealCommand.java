package io.tee4j.cli;

import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.SealedDataInfo;
import io.tee4j.sealing.SealedFiles;
import io.tee4j.sealing.Sealer;
import io.tee4j.sealing.SealingPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tee4j unseal}: opens a sealed file. The key source and bindings are read from the file's
 * header; the plaintext is written to a temporary file beside the target and renamed over it only
 * once the whole file authenticated, so a tampered or truncated file leaves no partial plaintext.
 */
@Command(name = "unseal", description = "Unseal a file sealed by tee4j (key source and bindings read from its header).",
        footer = {"", "Examples:",
                "  tee4j unseal --in secret.sealed --out secret.txt",
                "  tee4j unseal --key-file /run/kbs/key --in db.key.sealed --out db.key",
                "  tee4j unseal --sim-dir sim --in note.sealed --out note.txt   # simulated: NOT secure"})
final class UnsealCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The sealed file.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The plaintext file (replaced atomically).")
    Path out;

    @Mixin
    KeySourceOptions keyOptions;

    @Override
    public Integer call() throws Exception {
        SealedDataInfo info;
        try {
            info = SealedDataInfo.read(in);
        } catch (IOException e) {
            throw new UsageException("cannot read " + in + ": " + e.getMessage(), e);
        }
        SealingKeySource source = KeySources.open(info.keySourceId(), keyOptions.toOptions(),
                System.err);
        Sealer.Builder b = Sealer.builder().keySource(source)
                .policy(SealingPolicy.forSource(source).bind(info.bindings()).build());
        if (source.simulated()) {
            b.allowSimulatedKeySource();
        }
        Sealer sealer = b.build();
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new UsageException("cannot write beside " + out + ": " + e.getMessage(), e);
        }
        boolean moved = false;
        try {
            try (OutputStream o = Files.newOutputStream(temp)) {
                SealedFiles.read(sealer, in, o, new byte[0]);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (io.tee4j.sealing.SealingIOException e) {
            throw e.sealingException();
        } catch (IOException e) {
            throw new UsageException("unsealing " + in + ": " + e.getMessage(), e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        System.err.println("tee4j: unsealed " + in + " into " + out + " (" + Files.size(target) + " bytes; key source "
                + info.keySourceId() + ", bound to " + Bindings.names(info.bindings()) + ")");
        return ExitCodes.OK;
    }
}
