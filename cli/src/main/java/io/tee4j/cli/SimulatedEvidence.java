package io.tee4j.cli;

import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Recognises evidence made by the tee4j simulators, for two purposes: a user who verifies it
 * against the vendor roots is told which {@code --trust-root} to pass, and an EAR for a CCA token
 * (whose anchors always come from the caller) does not call the simulator genuine hardware (see
 * {@link Ear}; for the other TEEs {@link VendorRoots} decides). Recognition is by what the
 * simulators put in their output, never by a file name:
 *
 * <ul>
 *   <li>TDX and NVIDIA: certificates named {@code O=tee4j simulator} (in the quote, or given);
 *   <li>SEV-SNP: the simulator copies AMD's names, so a VCEK or VLEK signed by an RSA key shorter
 *       than AMD's 4096-bit ASK and ASVK keys;
 *   <li>CCA: the simulator's implementation id ("tee4j CCA simulator, not secure!") in the token.
 * </ul>
 *
 * <p>A hint and a labelling aid, not a security check: what decides acceptance is the
 * verification against the anchors, and every result says whether they were explicit.
 */
final class SimulatedEvidence {
    static final String SIMULATOR_ORG = "O=tee4j simulator";
    /** AMD's ARK, ASK and ASVK keys are RSA-4096, so their signatures are 512 bytes. */
    private static final int AMD_RSA_BYTES = 512;

    private SimulatedEvidence() {
    }

    /** Whether the evidence bytes carry the CCA simulator's implementation id. */
    static boolean hasSimulatorImplementationId(byte[] rawEvidence) {
        return rawEvidence != null && indexOf(rawEvidence, CcaSimulator.IMPLEMENTATION_ID) >= 0;
    }

    /** Why the evidence and the certificates given with it look simulated, if they do. */
    static Optional<String> why(TeeBackend backend, Evidence evidence, List<X509Certificate> certificates) {
        if (hasSimulatorImplementationId(evidence.raw())) {
            return Optional.of("its platform implementation id is the tee4j CCA simulator's");
        }
        for (X509Certificate c : certificates) {
            if (namesSimulator(c)) {
                return Optional.of("its certificates are issued by the tee4j simulator");
            }
            if (backend.type() == TeeType.SEV_SNP && isAmdNamedLeafWithShortKey(c)) {
                return Optional.of("its VCEK is signed by a shorter RSA key than AMD's 4096-bit ASK, as the "
                        + "tee4j SEV-SNP simulator's is");
            }
        }
        try {
            if (Json.toNode(backend.describe(evidence)).toString().contains(SIMULATOR_ORG)) {
                return Optional.of("the certificates inside it are issued by the tee4j simulator");
            }
        } catch (MalformedEvidenceException e) {
            // It was read already; a description that fails gives no hint.
        }
        return Optional.empty();
    }

    /** The flag to add, naming the file {@code tee4j simulator init DIR} wrote. */
    static String trustRootHint(TeeType tee) {
        return "this looks like simulated evidence, which only its simulator's root verifies: add --trust-root "
                + "DIR/" + tee.id() + "-root.pem, DIR being the directory 'tee4j simulator init' made (for example "
                + "--trust-root sim/" + tee.id() + "-root.pem)";
    }

    private static boolean namesSimulator(X509Certificate c) {
        return c.getSubjectX500Principal().getName().contains(SIMULATOR_ORG)
                || c.getIssuerX500Principal().getName().contains(SIMULATOR_ORG);
    }

    private static boolean isAmdNamedLeafWithShortKey(X509Certificate c) {
        String issuer = c.getIssuerX500Principal().getName();
        return issuer.contains("O=Advanced Micro Devices") && issuer.contains("CN=SEV-")
                && !(c.getPublicKey() instanceof RSAPublicKey) && c.getSignature().length < AMD_RSA_BYTES;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
