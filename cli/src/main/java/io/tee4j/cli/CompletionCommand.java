package io.tee4j.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tee4j completion}: prints a bash (and zsh, via bashcompinit) completion script. */
@Command(name = "completion", description = "Print a bash completion script for tee4j (also works in zsh with bashcompinit).",
        footer = {"", "Examples:", "  source <(./tee4j completion)",
                "  ./tee4j completion > /etc/bash_completion.d/tee4j"})
final class CompletionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.print(AutoComplete.bash("tee4j", Main.newCommandLine()));
        return ExitCodes.OK;
    }
}
