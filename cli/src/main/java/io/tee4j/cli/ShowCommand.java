package io.tee4j.cli;

import io.tee4j.core.Claims;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.spi.TeeBackend;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tee4j show}: parse evidence and print every field, verifying nothing. */
@Command(name = "show", description = "Parse evidence and print every field. Nothing is verified.",
        footer = {"", "Example:", "  tee4j show --tee sev-snp --evidence report.bin --json"})
final class ShowCommand implements Callable<Integer> {

    @Option(names = "--tee", required = true, description = "sev-snp, tdx, cca, nvidia-gpu, azure-snp-vtpm, "
            + "azure-tdx-vtpm, gcp-vtpm, or auto (the format is detected and named on standard error)")
    String tee;

    @Option(names = "--evidence", required = true, paramLabel = "FILE",
            description = "Evidence file: binary, PEM, hex or base64 text.")
    Path evidence;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws UsageException, MalformedEvidenceException {
        DetectedEvidence found;
        if (tee.equals(DetectedEvidence.AUTO)) {
            found = DetectedEvidence.sniff(InputFiles.readDecoded(evidence, "evidence"));
            System.err.println(found.foundLine().orElseThrow());
        } else {
            TeeBackend backend = Backends.forType(Backends.parseType(tee));
            found = DetectedEvidence.forTee(backend, InputFiles.readDecoded(evidence, "evidence"));
        }
        Claims claims = found.describe();
        if (json) {
            System.out.println(Json.write(Json.toNode(claims)));
        } else {
            StringBuilder out = new StringBuilder();
            ClaimsText.append(out, claims, "");
            System.out.print(out);
        }
        return ExitCodes.OK;
    }
}
