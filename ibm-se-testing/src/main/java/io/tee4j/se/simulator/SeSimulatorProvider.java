package io.tee4j.se.simulator;

import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.testing.spi.SeededSimulator;
import io.tee4j.testing.spi.SimulatedAttestation;
import io.tee4j.testing.spi.SimulatorDirectory;
import io.tee4j.testing.spi.SimulatorProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.Map;

/**
 * The IBM Secure Execution files of {@code tee4j simulator init}: a simulated IBM host-key PKI's
 * root, one host-key document, the signing key with its intermediate, and their CRLs, so that
 * {@code tee4j se request} can be tried without IBM's documents. The PKI is random, not derived
 * from the seed, and the host's private key is not kept, so this simulator produces no evidence:
 * only {@code tee4j demo} plays the Ultravisor. NOT SECURE: see {@link SimulatorDirectory}.
 *
 * @since 0.2
 */
public final class SeSimulatorProvider extends SimulatorProvider {
    /** The simulated host-key document. */
    public static final String HKD = "ibm-se-hkd.pem";
    /** The simulated signing key certificate and its intermediate. */
    public static final String CERTS = "ibm-se-certs.pem";
    /** The simulated CRLs. */
    public static final String CRLS = "ibm-se-crls.pem";

    /** For {@link java.util.ServiceLoader}. */
    public SeSimulatorProvider() {
        super(TeeType.IBM_SE, HostKeyFiles::new);
    }

    private static final class HostKeyFiles implements SeededSimulator {
        private final SimulatorDirectory dir;

        HostKeyFiles(SimulatorDirectory dir) {
            this.dir = dir;
        }

        @Override
        public void writeFiles() throws IOException {
            SimulatedIbmPki pki;
            StringBuilder crls = new StringBuilder();
            try {
                pki = SimulatedIbmPki.create(dir.clock().instant(), new SecureRandom());
                for (X509CRL crl : pki.crls()) {
                    crls.append(Certificates.toPem("X509 CRL", crl.getEncoded()));
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot make the simulated IBM PKI: " + e.getMessage(), e);
            }
            SimulatorDirectory.write(dir.rootFile(TeeType.IBM_SE), SimulatorDirectory.pem(List.of(pki.root())));
            SimulatorDirectory.write(dir.dir().resolve(HKD), SimulatorDirectory.pem(List.of(pki.hkd())));
            SimulatorDirectory.write(dir.dir().resolve(CERTS), SimulatorDirectory.pem(pki.certificates()));
            SimulatorDirectory.write(dir.dir().resolve(CRLS), crls.toString().getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public Map<String, Path> roots() {
            return Map.of("ibm-se root", dir.rootFile(TeeType.IBM_SE));
        }

        @Override
        public String readme() {
            return "  ibm-se-hkd.pem, ibm-se-certs.pem, ibm-se-crls.pem  a simulated IBM host-key document, signing\n"
                    + "                           key + intermediate and CRLs (tee4j se request --trust-root ibm-se-root.pem)\n";
        }

        @Override
        public SimulatedAttestation attest(byte[] reportData) {
            throw new IllegalArgumentException("no simulator for " + TeeType.IBM_SE.id());
        }
    }
}
