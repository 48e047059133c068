package io.tee4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.crypto.Certificates;
import io.tee4j.se.abi.SeHeader;
import io.tee4j.se.simulator.UltravisorSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tee4j se request / verify --tee ibm-se with IBM's fake PKI: the request is answered by the
 * simulated Ultravisor holding cert/host.key, then verified with the exit codes of the contract.
 */
class SeCommandsTest {
    private static final Path V = Path.of("../ibm-se/src/test/resources/io/tee4j/se/vectors");
    private static final String AT = "2026-10-01T00:00:00Z";

    @TempDir
    Path dir;

    private static String v(String name) {
        return V.resolve(name).toString();
    }

    private Cli.Result request(String hkd, String... crls) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("se", "request", "--hkd", v(hkd),
                "--cert", v("cert/ibm.crt"), v("cert/inter_ca.crt"), "--trust-root", v("cert/root_ca.crt"), "--at", AT,
                "--out", dir.resolve("req.bin").toString(), "--arpk-out", dir.resolve("arpk.key").toString()));
        if (crls.length > 0) {
            args.add("--crl");
            for (String c : crls) {
                args.add(v(c));
            }
        }
        return Cli.run(args.toArray(String[]::new));
    }

    private static KeyPair hostKey() throws Exception {
        String pem = Files.readString(V.resolve("cert/host.key")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey priv = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        return new KeyPair(Certificates.parseOne(Files.readAllBytes(V.resolve("cert/host.crt"))).getPublicKey(), priv);
    }

    private Cli.Result verify(String response, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("verify", "--tee", "ibm-se", "--evidence",
                response, "--request", dir.resolve("req.bin").toString(), "--arpk", dir.resolve("arpk.key").toString(),
                "--se-header", v("s390tools-secure_guest.hdr")));
        args.addAll(java.util.List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void requestAttestVerifyAndTheExitCodes() throws Exception {
        Cli.Result r = request("cert/host.crt", "cert/ibm.crl", "cert/inter_ca.crl", "cert/root_ca.crl");
        assertEquals(0, r.rc(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("arpk.key"))));
        assertTrue(r.err().contains("24933f75ee107c806fe602a7da7b610e54369af96a847f2dcc4fcfdbd81fbc05"), r.toString());
        byte[] user = "tee4j".getBytes();
        byte[] response = new UltravisorSimulator(hostKey(), SeHeader.parse(Files.readAllBytes(V.resolve("s390tools-secure_guest.hdr")))
                .tags(), new byte[16]).attest(Files.readAllBytes(dir.resolve("req.bin")), user);
        Path resp = Files.write(dir.resolve("resp.bin"), response);
        Cli.Result ok = verify(resp.toString(), "--json");
        assertEquals(0, ok.rc(), ok.toString());
        assertTrue(ok.out().contains("24933f75ee107c806fe602a7da7b610e54369af96a847f2dcc4fcfdbd81fbc05"), ok.toString());
        assertEquals(0, verify(resp.toString(), "--nonce", "746565346a").rc());
        assertEquals(5, verify(resp.toString(), "--nonce", "00").rc());
        byte[] flipped = response.clone();
        flipped[response.length - 20] ^= 1;
        assertEquals(2, verify(Files.write(dir.resolve("bad.bin"), flipped).toString()).rc());
        assertEquals(6, verify(Files.write(dir.resolve("short.bin"), java.util.Arrays.copyOf(response, 40)).toString()).rc());
        assertEquals(1, Cli.run("verify", "--tee", "ibm-se", "--evidence", resp.toString()).rc());
    }

    @Test
    void simulatorDirectoryHoldsAnHkdThatSeRequestAccepts() {
        Path sim = dir.resolve("sim");
        assertEquals(0, Cli.run("simulator", "init", sim.toString()).rc());
        Cli.Result r = Cli.run("se", "request", "--hkd", sim.resolve("ibm-se-hkd.pem").toString(), "--cert",
                sim.resolve("ibm-se-certs.pem").toString(), "--crl", sim.resolve("ibm-se-crls.pem").toString(),
                "--trust-root", sim.resolve("ibm-se-root.pem").toString(), "--out", dir.resolve("r.bin").toString(),
                "--arpk-out", dir.resolve("a.key").toString(), "--flags", "secret-store-hash,firmware-state");
        assertEquals(0, r.rc(), r.toString());
        Cli.Result bundled = Cli.run("se", "request", "--hkd", sim.resolve("ibm-se-hkd.pem").toString(), "--cert",
                sim.resolve("ibm-se-certs.pem").toString(), "--crl", sim.resolve("ibm-se-crls.pem").toString(),
                "--out", dir.resolve("r2.bin").toString(), "--arpk-out", dir.resolve("a2.key").toString());
        assertEquals(3, bundled.rc(), "the simulated PKI does not chain to DigiCert: " + bundled);
    }

    @Test
    void hkdProblemsExitThreeAndFour() {
        assertEquals(3, request("cert/host_rev.crt", "cert/ibm.crl", "cert/inter_ca.crl", "cert/root_ca.crl").rc());
        assertEquals(3, request("cert/fake_host.crt", "cert/ibm.crl", "cert/inter_ca.crl", "cert/root_ca.crl").rc());
        assertEquals(4, request("cert/host.crt", "cert/inter_ca.crl", "cert/root_ca.crl").rc());
        assertEquals(4, request("cert/host.crt", "cert/ibm.crl", "cert/inter_ca.crl").rc());
        assertEquals(1, Cli.run("se", "request", "--hkd", v("cert/host.crt"), "--out", dir.resolve("r").toString(),
                "--arpk-out", dir.resolve("a").toString(), "--flags", "bogus").rc());
    }

    @Test
    void attestTakesTheIssuesCommandWithoutReportData() {
        // Issue 21's contract: `tee4j attest --tee ibm-se --request req.bin --out resp.bin` (user data optional).
        // This machine has no /dev/uv, so the command gets as far as the device: exit 7, not a usage error.
        assertEquals(0, request("cert/host.crt", "cert/ibm.crl", "cert/inter_ca.crl", "cert/root_ca.crl").rc());
        Cli.Result r = Cli.run("attest", "--tee", "ibm-se", "--request", dir.resolve("req.bin").toString(), "--out",
                dir.resolve("resp.bin").toString());
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(Path.of("/dev/uv")));
        assertEquals(7, r.rc(), r.err());
        // Every other TEE still needs its report data.
        assertEquals(1, Cli.run("attest", "--tee", "sev-snp", "--out", dir.resolve("x.bin").toString()).rc());
    }
}
