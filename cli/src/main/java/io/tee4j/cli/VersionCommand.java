package io.tee4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tee4j version}. */
@Command(name = "version", description = "Print the tee4j version.",
        footer = {"", "Example:", "  tee4j version"})
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (String line : new VersionProvider().getVersion()) {
            System.out.println(line);
        }
        return 0;
    }
}
