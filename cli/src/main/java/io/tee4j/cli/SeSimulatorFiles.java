package io.tee4j.cli;

import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.se.simulator.SimulatedIbmPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * {@code tee4j simulator init}'s IBM Secure Execution files: a simulated IBM host-key PKI's root,
 * one host-key document, the signing key with its intermediate, and their CRLs, so that
 * {@code tee4j se request} can be tried without IBM's documents. The host's private key is not
 * kept: only {@code tee4j demo} plays the Ultravisor.
 */
final class SeSimulatorFiles {
    static final String HKD = "ibm-se-hkd.pem";
    static final String CERTS = "ibm-se-certs.pem";
    static final String CRLS = "ibm-se-crls.pem";

    private SeSimulatorFiles() {
    }

    static void write(Path dir, Clock clock) throws IOException {
        SimulatedIbmPki pki;
        StringBuilder crls = new StringBuilder();
        try {
            pki = SimulatedIbmPki.create(clock.instant(), new SecureRandom());
            for (X509CRL crl : pki.crls()) {
                crls.append(Certificates.toPem("X509 CRL", crl.getEncoded()));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the simulated IBM PKI: " + e.getMessage(), e);
        }
        Files.write(Simulators.rootFile(dir, TeeType.IBM_SE), pem(List.of(pki.root())));
        Files.write(dir.resolve(HKD), pem(List.of(pki.hkd())));
        Files.write(dir.resolve(CERTS), pem(pki.certificates()));
        Files.write(dir.resolve(CRLS), crls.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] pem(List<X509Certificate> certs) {
        StringBuilder b = new StringBuilder();
        certs.forEach(c -> b.append(Certificates.toPem(c)));
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
