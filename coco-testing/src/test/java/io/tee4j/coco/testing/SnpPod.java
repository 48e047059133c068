package io.tee4j.coco.testing;

import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import java.util.function.UnaryOperator;

/** A simulated SNP guest (the "pod") and the KBS-side appraiser that trusts the simulator's ARK. */
final class SnpPod {
    static final SimulatedAmdChain CHAIN = SimulatedAmdChain.builder(ProductLine.GENOA).rsaBits(2048).build();

    private SnpPod() {
    }

    static Attester attester() {
        return attester(UnaryOperator.identity());
    }

    /** An attester that rewrites the report data it is asked to bind (a pod that lies). */
    static Attester attester(UnaryOperator<byte[]> reportData) {
        return attester(reportData, new byte[32]);
    }

    /** A pod launched with {@code hostData} (where the host binds the init-data digest). */
    static Attester withHostData(byte[] hostData) {
        return attester(UnaryOperator.identity(), hostData);
    }

    private static Attester attester(UnaryOperator<byte[]> reportData, byte[] hostData) {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.SEV_SNP;
            }

            @Override
            public Evidence attest(byte[] rd) {
                try {
                    // As an extended report carries it: the VCEK with the ASK, so the KBS needs only the ARK.
                    return SimulatedSnpSigner.vcek(CHAIN).report().reportData(reportData.apply(rd)).hostData(hostData)
                            .evidence().toBuilder()
                            .addCertificate(CHAIN.ask().getEncoded()).build();
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    static BackendAppraiser appraiser() throws Exception {
        return new BackendAppraiser().with(TeeType.SEV_SNP, VerifierConfiguration.builder()
                .addTrustRoot(CHAIN.ark().getEncoded()).revocationMode(RevocationMode.SKIP_INSECURE).offline(true).build());
    }
}
