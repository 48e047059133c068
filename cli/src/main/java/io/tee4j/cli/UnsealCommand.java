package io.tee4j.cli;

import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.MalformedSealedDataException;
import io.tee4j.sealing.SealedDataInfo;
import io.tee4j.sealing.SealedFiles;
import io.tee4j.sealing.Sealer;
import io.tee4j.sealing.SealingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tee4j unseal}: opens a sealed file. The key source named in the file's header decides
 * which options are required ({@link KeySources}); the caller may state the key source and
 * bindings it expects, and a header that differs is refused (exit 5) before any key is asked for.
 * A header naming a key source tee4j does not have is malformed (exit 6). The plaintext is
 * written crash-safely and only once the whole file authenticated, so a tampered or truncated
 * file leaves no partial plaintext.
 */
@Command(name = "unseal", description = "Unseal a file sealed by tee4j (key source and bindings read from its header,"
        + " or checked against --key-source and --bind).",
        footer = {"", "Examples:",
                "  tee4j unseal --in secret.sealed --out secret.txt",
                "  tee4j unseal --key-source released --key-file /run/kbs/key --in db.key.sealed --out db.key",
                "  tee4j unseal --kbs-url https://kbs:8080 --in db.key.sealed --out db.key   # resource from the header",
                "  tee4j unseal --sim-dir sim --in note.sealed --out note.txt   # simulated: NOT secure"})
final class UnsealCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The sealed file.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The plaintext file (replaced atomically"
            + " once everything authenticated; refused if it exists and is not a regular file, a symbolic link included).")
    Path out;

    @Option(names = "--key-source", paramLabel = "simulated|sev-snp|released|kbs",
            description = "The key source the file must have been sealed with (default: the one its header names).")
    String keySource;

    @Option(names = "--bind", paramLabel = "LIST",
            description = "The bindings the file must have been sealed with, as seal takes them (default: its header's).")
    String bind;

    @Mixin
    KeySourceOptions keyOptions;

    @Mixin
    KbsOptions kbsOptions;

    @Override
    public Integer call() throws Exception {
        OutputTargets.check(out, "--out");
        String expectedId = keySource != null ? KeySources.idFor(keySource, "--key-source") : null;
        Set<KeyBinding> expectedBindings = expectedBindings();
        SealedDataInfo info = readHeader();
        String id = KeySources.fromHeader(info.keySourceId());
        if (expectedId != null && !(expectedId.equals(KbsKeySource.ID_PREFIX) && KbsKeySource.isKbs(id))) {
            info.requireKeySource(expectedId);
        }
        KbsKeySource.refuseUnlessKbs(id, kbsOptions);
        SealingKeySource source = KbsKeySource.isKbs(id)
                ? KbsKeySource.open(id, kbsOptions, keyOptions.toOptions(), System.err)
                : KeySources.open(id, keyOptions.toOptions(), KeySources.Use.UNSEAL, System.err);
        SealingPolicy policy = SealingPolicy.forSource(source)
                .bind(expectedBindings != null ? expectedBindings : info.bindings()).build();
        info.requireSealedUnder(policy);
        Sealer.Builder b = Sealer.builder().keySource(source).policy(policy);
        if (source.simulated()) {
            b.allowSimulatedKeySource();
        }
        try (Sealer sealer = b.build()) {
            SealedFiles.unseal(sealer, in, out, new byte[0]);
        } catch (IOException e) {
            throw new UsageException("unsealing " + in + " into " + out + ": " + e.getMessage(), e);
        }
        System.err.println("tee4j: unsealed " + in + " into " + out + " (" + Files.size(out) + " bytes; key source "
                + info.keySourceId() + ", bound to " + Bindings.names(info.bindings()) + ")");
        return ExitCodes.OK;
    }

    private Set<KeyBinding> expectedBindings() throws UsageException {
        if (bind == null) {
            return null;
        }
        try {
            return SealingPolicy.parseBindings(bind);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--bind: " + e.getMessage(), e);
        }
    }

    private SealedDataInfo readHeader() throws UsageException, MalformedSealedDataException {
        try {
            return SealedDataInfo.read(in);
        } catch (IOException e) {
            throw new UsageException("cannot read " + in + ": " + e.getMessage(), e);
        }
    }
}
