package io.tee4j.cli;

import io.tee4j.core.TeeType;
import io.tee4j.testing.spi.SimulatedAttestation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.validate.SnpPolicy;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --reference-manifest} and a policy's {@code referenceManifest}: a simulated SNP guest
 * launched with what a manifest entry derives verifies and is named; one launched with another
 * kernel is a policy violation naming the closest entries.
 */
class ReferenceManifestCliTest {
    private static final String ENTRY = "{\"name\": \"%s\", \"firmware\": \"OVMF.fd\", \"kernel\": \"%s\","
            + " \"initrd\": \"initrd.img\", \"append\": \"console=ttyS0\", \"vcpus\": 1, \"vcpuSig\": \"0x800f12\"}";

    @TempDir
    static Path dir;
    static Simulators sims;

    @BeforeAll
    static void setUp() throws Exception {
        try (InputStream in = MeasureCommandTest.class.getResourceAsStream("measure/ovmf_AmdSev_suffix.bin")) {
            Files.write(dir.resolve("OVMF.fd"), in.readAllBytes());
        }
        Files.write(dir.resolve("vmlinuz"), "the released kernel".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("other-vmlinuz"), "a kernel nobody released".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("initrd.img"), new byte[0]);
        manifest("two.json", String.format(ENTRY, "release-1", "other-vmlinuz") + ", "
                + String.format(ENTRY, "release-2", "vmlinuz"));
        manifest("other.json", String.format(ENTRY, "release-1", "other-vmlinuz"));
        sims = Simulators.init(dir.resolve("sim"), Clock.systemUTC());
    }

    private static void manifest(String name, String entries) throws Exception {
        Files.writeString(dir.resolve(name), "{\"entries\": [" + entries + "]}");
    }

    private static String f(String name) {
        return dir.resolve(name).toString();
    }

    /** The bare launch digest tee4j measure sev-snp prints for a kernel (an independent path to the value). */
    private static byte[] measured(String kernel) {
        Cli.Result r = Cli.run("measure", "sev-snp", "--ovmf", f("OVMF.fd"), "--vcpus", "1", "--vcpu-sig", "0x800f12",
                "--kernel", f(kernel), "--initrd", f("initrd.img"), "--append", "console=ttyS0");
        assertEquals(0, r.rc(), r.toString());
        return HexFormat.of().parseHex(r.out().trim());
    }

    /** A simulated report of a guest launched with {@code kernel}; returns the evidence file's name. */
    private static String launch(String kernel, String name) throws Exception {
        SimulatedAttestation a = sims.attestLaunchedWith(TeeType.SEV_SNP, measured(kernel), new byte[64]);
        Files.write(dir.resolve(name + ".bin"), a.evidence().raw());
        StringBuilder pem = new StringBuilder();
        for (X509Certificate c : a.certificates()) {
            pem.append(Certificates.toPem(c));
        }
        Files.writeString(dir.resolve(name + ".pem"), pem);
        return name;
    }

    private static Cli.Result verify(String evidence, String... more) {
        String[] base = {"verify", "--tee", "sev-snp", "--evidence", f(evidence + ".bin"), "--cert", f(evidence + ".pem"),
            "--trust-root", f("sim/sev-snp-root.pem"), "--collateral", f("sim/sev-snp-crl.der"), "--json"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    @Test
    void theSecondEntryMatchesAndIsNamedInTheResult() throws Exception {
        Cli.Result r = verify(launch("vmlinuz", "released"), "--reference-manifest", f("two.json"));
        assertEquals(0, r.rc(), r.toString());
        JsonNode out = Json.MAPPER.readTree(r.out());
        assertEquals("release-2", out.findValue("referenceManifestEntry").asText(), r.out());
        assertTrue(out.findValue("measurementsAppraised").asBoolean(), r.out());
    }

    @Test
    void aGuestLaunchedWithAnotherKernelIsAPolicyViolationNamingTheClosestEntry() throws Exception {
        Cli.Result r = verify(launch("vmlinuz", "released2"), "--reference-manifest", f("other.json"));
        assertEquals(5, r.rc(), r.toString());
        assertTrue(r.all().contains("matches none of the 1 reference manifest entries; closest: 'release-1'"), r.toString());
    }

    @Test
    void aPolicyFileNamesTheManifestBesideIt() throws Exception {
        Files.writeString(dir.resolve("policy.json"), "{\"referenceManifest\": \"two.json\", \"vmpl\": 0}");
        Cli.Result r = verify(launch("vmlinuz", "released3"), "--policy", f("policy.json"));
        assertEquals(0, r.rc(), r.toString());
        assertEquals("release-2", Json.MAPPER.readTree(r.out()).findValue("referenceManifestEntry").asText());
        // Both at once would be two manifests for one rule: refused.
        assertEquals(1, verify("released3", "--policy", f("policy.json"), "--reference-manifest", f("two.json")).rc());
    }

    @Test
    void aManifestNamingAFileOutsideItsFolderIsAUsageError() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/escape.json"), "{\"entries\": [{\"name\": \"x\", \"firmware\": \"../OVMF.fd\","
                + " \"vcpuSig\": 1}]}");
        Cli.Result r = verify(launch("vmlinuz", "released4"), "--reference-manifest", f("sub/escape.json"));
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.err().contains("outside the manifest's folder"), r.toString());
    }

    @Test
    void measureManifestPrintsAFragmentTheSnpPolicyAccepts() throws Exception {
        Cli.Result r = Cli.run("measure", "manifest", f("two.json"), "--tee", "sev-snp", "--json");
        assertEquals(0, r.rc(), r.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = Json.MAPPER.readValue(r.out(), Map.class);
        SnpPolicy.fromDocument(PolicyDocument.of(tree));
        assertEquals(HexFormat.of().formatHex(measured("vmlinuz")),
                Json.MAPPER.readTree(r.out()).get("referenceManifest").get(1).get("measurement").asText());
        Cli.Result lines = Cli.run("measure", "manifest", f("two.json"), "--tee", "sev-snp");
        assertTrue(lines.out().startsWith("release-1 measurement "), lines.toString());
    }
}
