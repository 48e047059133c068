package io.tee4j.cli;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.client.ArpkFiles;
import io.tee4j.se.client.SeRequest;
import io.tee4j.se.client.SeRequestBuilder;
import io.tee4j.se.verify.HkdVerifier;
import io.tee4j.se.verify.SeTrustAnchors;
import io.tee4j.se.verify.VerifiedHkd;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j se request}: verifies the host-key documents (IBM signing key to DigiCert or the
 * given roots, CRLs for every link), then writes an exchange-format request for them and its ARPK
 * (mode 0600). Exit 3 when an HKD or the signing key is refused, 4 when a CRL is missing or stale.
 */
@Command(name = "request", mixinStandardHelpOptions = true,
        description = "Verify host-key documents and build an attestation request (pvattest exchange format) for them.",
        footer = {"", "Example:",
                "  tee4j se request --hkd HKD.crt --cert ibm-z-host-key-signing.crt --cert DigiCertCA.crt \\",
                "      --crl ibm-z-host-key.crl --crl DigiCertCA.crl --crl DigiCertRoot.crl \\",
                "      --flags image-phkh,attestation-phkh --out req.bin --arpk-out arpk.key",
                "", "Exit codes: 0 written, 1 usage, 3 an HKD or the signing key refused, 4 no valid CRL."})
final class SeRequestCommand implements Callable<Integer> {
    @Option(names = "--hkd", required = true, arity = "1..*", paramLabel = "FILE", description = "Host-key document(s).")
    List<Path> hkds = new ArrayList<>();

    @Option(names = "--crl", arity = "1..*", paramLabel = "FILE",
            description = "CRLs (DER or PEM): IBM's host-key CRL and DigiCert's, one for every certificate.")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--cert", arity = "1..*", paramLabel = "FILE",
            description = "The IBM Z host-key signing key and the DigiCert intermediate.")
    List<Path> certs = new ArrayList<>();

    @Option(names = "--trust-root", paramLabel = "FILE",
            description = "Root(s) instead of the bundled DigiCert Trusted Root G4.")
    List<Path> trustRoots = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the request.")
    Path out;

    @Option(names = "--arpk-out", required = true, paramLabel = "FILE",
            description = "Where to write the ARPK (32 bytes, mode 0600). Keep it secret; it verifies the answer.")
    Path arpkOut;

    @Option(names = "--flags", paramLabel = "LIST", defaultValue = "image-phkh,attestation-phkh",
            description = "Additional data to ask for: image-phkh, attestation-phkh, secret-store-hash, firmware-state"
                    + " (default ${DEFAULT-VALUE}; the nonce is always set).")
    String flags;

    @Option(names = "--at", paramLabel = "ISO-8601-INSTANT", description = "Check validity and CRLs at this instant.")
    String at;

    @Override
    public Integer call() throws Exception {
        OutputTargets.check(out, "--out");
        OutputTargets.check(arpkOut, "--arpk-out");
        Set<AttestationFlags> wanted;
        try {
            wanted = AttestationFlags.parseList(flags);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--flags: " + e.getMessage());
        }
        Clock clock = at == null ? Clock.systemUTC() : Clock.fixed(Instants.parse(at, "--at"), ZoneOffset.UTC);
        List<VerifiedHkd> verified = HkdVerifier.of(anchors(), certificates(certs, "--cert"), readCrls(), clock)
                .verify(certificates(hkds, "--hkd"));
        SeRequest request = SeRequestBuilder.withDefaultRandom().createRequest(verified, wanted, null);
        OutputTargets.write(out, "--out", request.exchangeRequest());
        try {
            ArpkFiles.write(request.arpk(), arpkOut);
        } catch (IOException e) {
            throw new UsageException("--arpk-out " + arpkOut + ": " + InputFiles.problem(e), e);
        } finally {
            request.arpk().destroy();
        }
        for (VerifiedHkd h : verified) {
            System.err.println("tee4j: request addressed to host key " + HexFormat.of().formatHex(h.phkh()) + " ("
                    + h.certificate().getSubjectX500Principal().getName() + ")");
        }
        System.err.println("tee4j: wrote the request to " + out + " and its ARPK to " + arpkOut
                + "; on the guest run: tee4j attest --tee ibm-se --request " + out + " --report-data HEX --out resp.bin");
        return ExitCodes.OK;
    }

    private TrustAnchors anchors() throws UsageException {
        if (trustRoots.isEmpty()) {
            return SeTrustAnchors.bundled();
        }
        return SeTrustAnchors.explicit(certificates(trustRoots, "--trust-root"));
    }

    private static List<X509Certificate> certificates(List<Path> files, String option) throws UsageException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path p : files) {
            out.addAll(InputFiles.readCertificates(p, option + " file"));
        }
        return out;
    }

    private List<X509CRL> readCrls() throws UsageException {
        List<X509CRL> out = new ArrayList<>();
        for (Path p : crls) {
            byte[] content = InputFiles.read(p, "--crl file", InputFiles.MAX_FILE_BYTES);
            try {
                if (Certificates.isPem(content)) {
                    for (byte[] der : Certificates.pemBlocks(content, "X509 CRL")) {
                        out.add(Certificates.parseCrl(der));
                    }
                } else {
                    out.add(Certificates.parseCrl(InputFiles.decode(content)));
                }
            } catch (CRLException | java.security.cert.CertificateParsingException e) {
                throw new UsageException("--crl file " + p + ": not a CRL (DER or PEM)" + FileKinds.seemsToBe(content));
            }
        }
        return out;
    }

}
