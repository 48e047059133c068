package io.tee4j.cli;

import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.ReleasedKeySource;
import io.tee4j.sealing.SealedDataInfo;
import io.tee4j.sealing.SealedFiles;
import io.tee4j.sealing.Sealer;
import io.tee4j.sealing.SealingPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tee4j seal}: seals a file to this workload's identity with a named key source, written
 * crash-safely ({@link io.tee4j.sealing.CrashSafeFiles}). The simulated source must be named, needs
 * a simulator directory, and is announced as insecure on stderr.
 */
@Command(name = "seal", description = "Seal a file to this workload (AES-256-GCM under a key bound to the TEE's identity).",
        footer = {"", "Examples:",
                "  tee4j seal --key-source sev-snp --bind measurement,policy --in secret.txt --out secret.sealed",
                "  tee4j seal --key-source released --key-file /run/kbs/key --key-format hex --in db.key --out db.key.sealed",
                "  tee4j seal --key-source kbs --kbs-url https://kbs:8080 --kbs-resource default/key/db --in db.key"
                        + " --out db.key.sealed",
                "  tee4j simulator init sim && tee4j seal --key-source simulated --sim-dir sim --in note.txt --out note.sealed"
                        + "   # NOT secure",
                "", "Bindings: policy, measurement, image-id, family-id, guest-svn, tcb, vmpl, launch-mit-vector."
                        + " Policy, guest-svn, tcb and the source's mandatory ones are always added where the source"
                        + " supports them. A released key takes none."})
final class SealCommand implements Callable<Integer> {

    @Option(names = "--key-source", required = true, paramLabel = "simulated|sev-snp|released|kbs",
            description = "Where the sealing key comes from.")
    String keySource;

    @Option(names = "--bind", paramLabel = "LIST",
            description = "Comma-separated bindings (default: measurement,policy; none for a released key).")
    String bind;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The plaintext file.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The sealed file (replaced atomically;"
            + " refused if it exists and is not a regular file, a symbolic link included).")
    Path out;

    @Mixin
    KeySourceOptions keyOptions;

    @Mixin
    KbsOptions kbsOptions;

    @Override
    public Integer call() throws Exception {
        String id = KeySources.idFor(keySource, "--key-source");
        if (!Files.isRegularFile(in)) {
            throw new UsageException("--in: " + in + " is not a readable file");
        }
        OutputTargets.check(out, "--out");
        Set<KeyBinding> bindings;
        try {
            bindings = SealingPolicy.parseBindings(bind != null ? bind
                    : id.startsWith(ReleasedKeySource.ID) ? "" : "measurement,policy");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--bind: " + e.getMessage(), e);
        }
        KbsKeySource.refuseUnlessKbs(id, kbsOptions);
        SealingKeySource source = KbsKeySource.isKbs(id)
                ? KbsKeySource.open(id, kbsOptions, keyOptions.toOptions(), System.err)
                : KeySources.open(id, keyOptions.toOptions(), KeySources.Use.SEAL, System.err);
        Sealer.Builder b = Sealer.builder().keySource(source).policy(SealingPolicy.forSource(source).bind(bindings).build());
        if (source.simulated()) {
            b.allowSimulatedKeySource();
        }
        try (Sealer sealer = b.build(); InputStream plain = Files.newInputStream(in)) {
            SealedFiles.write(sealer, out, plain, new byte[0]);
        } catch (IOException e) {
            throw new UsageException("sealing " + in + " into " + out + ": " + e.getMessage(), e);
        }
        SealedDataInfo info = SealedDataInfo.read(out);
        System.err.println("tee4j: sealed " + Files.size(in) + " bytes into " + out + " (" + Files.size(out)
                + " bytes; key source " + info.keySourceId() + ", bound to " + Bindings.names(info.bindings()) + ")");
        return ExitCodes.OK;
    }
}
