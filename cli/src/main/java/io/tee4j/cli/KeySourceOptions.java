package io.tee4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The key-source options {@code seal} and {@code unseal} share (a picocli mixin). */
final class KeySourceOptions {

    @Option(names = "--key-file", paramLabel = "FILE", description = "Released key: 32 bytes raw, hex or base64.")
    Path keyFile;

    @Option(names = "--key-env", paramLabel = "VAR", description = "Released key: environment variable with hex or base64.")
    String keyEnv;

    @Option(names = "--sim-dir", paramLabel = "DIR",
            description = "Simulated key source: directory of its seed (default ~/.tee4j/simulator).")
    Path simDir;

    KeySources.Options toOptions() {
        return new KeySources.Options(keyFile, keyEnv, simDir);
    }
}
