package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tee4j verify/show --tee azure-snp-vtpm | gcp-vtpm} on the real vectors, with --nonce. */
class VtpmCommandTest {
    private static final String CHALLENGE = "6368616c6c656e6765";

    static Path copy(Path dir, String name) throws IOException {
        try (InputStream in = VtpmCommandTest.class.getResourceAsStream("vtpm/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    static Cli.Result verify(String tee, Path evidence, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", "--tee", tee, "--evidence", evidence.toString(), "--at",
                "2026-06-01T00:00:00Z", "--offline", "--no-revocation-check"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void azureSnpEvidenceV1AndV0VerifyWithTheNonceAndFailWithAnother(@TempDir Path dir) throws Exception {
        for (String name : List.of("trustee-evidence-v1.json", "trustee-evidence-v0.json")) {
            Path ev = copy(dir, name);
            Cli.Result ok = verify("azure-snp-vtpm", ev, "--nonce", CHALLENGE, "--json");
            assertEquals(0, ok.rc(), ok.toString());
            assertTrue(ok.out().contains("26F8BC30-774E-4290-8E7A-535F3B672AEE"), ok.out());
            Cli.Result stale = verify("azure-snp-vtpm", ev, "--nonce", CHALLENGE + "00");
            assertEquals(5, stale.rc(), stale.toString());
        }
    }

    @Test
    void aBareHclBlobIsIncompleteAndTrusteeJsonGivenToSevSnpNamesTheRightTee(@TempDir Path dir) throws Exception {
        Cli.Result blob = verify("azure-snp-vtpm", copy(dir, "hcl_report.bin"), "--nonce", CHALLENGE);
        assertEquals(2, blob.rc(), blob.toString());
        assertTrue(blob.all().contains("incomplete") && blob.all().contains("tpm_quote"), blob.toString());
        Cli.Result wrongTee = verify("sev-snp", copy(dir, "trustee-evidence-v1.json"));
        assertEquals(6, wrongTee.rc(), wrongTee.toString());
        assertTrue(wrongTee.all().contains("--tee azure-snp-vtpm"), wrongTee.toString());
    }

    @Test
    void gcpAttestationVerifiesAndShows(@TempDir Path dir) throws Exception {
        Path pb = copy(dir, "go-tpm-tools-gce-cos-85-nonce9009.pb");
        Cli.Result ok = verify("gcp-vtpm", pb, "--nonce", "9009", "--json");
        assertEquals(0, ok.rc(), ok.toString());
        assertTrue(ok.out().contains("GCE Virtual Firmware v1"), ok.out());
        assertEquals(5, verify("gcp-vtpm", pb, "--nonce", "9008").rc());
        Cli.Result show = Cli.run("show", "--tee", "gcp-vtpm", "--evidence", pb.toString());
        assertEquals(0, show.rc(), show.toString());
        Cli.Result showAzure = Cli.run("show", "--tee", "azure-snp-vtpm", "--evidence",
                copy(dir, "trustee-evidence-v0.json").toString());
        assertEquals(0, showAzure.rc(), showAzure.toString());
        assertTrue(showAzure.out().contains("vmUniqueId"), showAzure.out());
    }
}
