package io.tee4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tee4j.core.TeeType;
import io.tee4j.measure.manifest.ReferenceValues;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tee4j measure manifest FILE --tee T}: what every entry of a reference manifest derives for
 * one TEE, as {@code entry register hex} lines or, with {@code --json}, the {@code referenceManifest}
 * policy fragment. Nothing is verified here.
 */
@Command(name = "manifest", description = "Derive the reference values of every entry of a reference manifest.",
        footer = {"", "Examples:",
                "  tee4j measure manifest releases.json --tee sev-snp",
                "  tee4j measure manifest releases.json --tee tdx --json > policy.json",
                "", "File names in the manifest are relative to its folder and may not leave it."})
final class MeasureManifestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The reference manifest (JSON).")
    Path manifest;

    @Option(names = "--tee", required = true, paramLabel = "sev-snp|tdx|cca", description = "Which values to derive.")
    String tee;

    @Option(names = "--json", description = "Print the policy fragment {\"referenceManifest\": [...]}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<ReferenceValues> values = ReferenceManifestOption.derive(Backends.parseType(tee), manifest);
        if (json) {
            ObjectNode p = MeasureOutput.object();
            ArrayNode list = p.putArray(ReferenceManifestOption.KEY);
            for (ReferenceValues v : values) {
                ObjectNode e = list.addObject();
                e.put("name", v.entry());
                v.registers().forEach((k, b) -> e.put(k, MeasureOutput.hex(b)));
            }
            MeasureOutput.print(p);
        } else {
            for (ReferenceValues v : values) {
                v.registers().forEach((k, b) -> System.out.println(v.entry() + " " + k + " " + MeasureOutput.hex(b)));
            }
        }
        return ExitCodes.OK;
    }
}
