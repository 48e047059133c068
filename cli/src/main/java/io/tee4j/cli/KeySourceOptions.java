package io.tee4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The key-source options {@code seal} and {@code unseal} share (a picocli mixin). Each applies to one key source only. */
final class KeySourceOptions {

    @Option(names = "--key-file", paramLabel = "FILE", description = "Released key: a file holding it (see --key-format).")
    Path keyFile;

    @Option(names = "--key-env", paramLabel = "VAR", description = "Released key: environment variable with hex or base64.")
    String keyEnv;

    @Option(names = "--key-format", paramLabel = "raw|hex|base64",
            description = "Released key: how it is written. Default: recognised where unambiguous (32 bytes that are"
                    + " not all printable are raw, 64 hex digits hex, 43 or 44 base64 characters base64); 32 printable"
                    + " characters (a passphrase? the hex of a 16-byte key?) are refused unless this is given.")
    String keyFormat;

    @Option(names = "--sim-dir", paramLabel = "DIR",
            description = "Simulated key source (required with it): a simulator directory made by 'tee4j simulator"
                    + " init DIR'; its sealing seed is created there on first seal.")
    Path simDir;

    KeySources.Options toOptions() {
        return new KeySources.Options(keyFile, keyEnv, keyFormat, simDir);
    }
}
