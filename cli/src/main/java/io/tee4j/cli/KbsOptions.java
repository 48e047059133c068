package io.tee4j.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code kbs} key source's options on {@code seal} and {@code unseal} (a picocli mixin). */
final class KbsOptions {

    @Option(names = "--kbs-url", paramLabel = "URL",
            description = "KBS key source: the trustee KBS to attest to (https://host:port). Required on seal and on"
                    + " unseal: a sealed file records the resource, never the URL, so a tampered file cannot send this"
                    + " workload's evidence elsewhere.")
    URI url;

    @Option(names = "--kbs-resource", paramLabel = "REPO/TYPE/TAG",
            description = "KBS key source: the resource holding the 32-byte key (raw, 64 hex digits or base64)."
                    + " Required on seal; on unseal, if given, it must equal the one the file records.")
    String resource;

    @Option(names = "--tee", paramLabel = "TEE",
            description = "KBS key source: the TEE to attest with (default: the one detected; with --simulate, sev-snp).")
    String tee;

    @Option(names = "--simulate", paramLabel = "DIR",
            description = "KBS key source: attest with the simulators in DIR ('tee4j simulator init DIR'). NOT secure.")
    Path simulate;

    @Option(names = "--init-data", paramLabel = "FILE",
            description = "KBS key source: the pod's TOML init-data, sent with the evidence; the KBS then requires its"
                    + " digest in SNP HOST_DATA, TDX MRCONFIGID or the CCA personalization value.")
    Path initData;

    boolean anyGiven() {
        return url != null || resource != null || tee != null || simulate != null || initData != null;
    }
}
