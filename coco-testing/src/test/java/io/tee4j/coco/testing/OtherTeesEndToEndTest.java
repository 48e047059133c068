package io.tee4j.coco.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.cca.simulator.CcaSimulator;
import io.tee4j.coco.kbs.KbsClient;
import io.tee4j.coco.kbs.KbsException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.FailureClass;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.tdx.simulator.TdxSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same loopback exchange with simulated TDX and CCA pods, and a KBS that accepts only some TEEs. */
class OtherTeesEndToEndTest {
    private static final byte[] SECRET = "tdx and cca pods".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static Attester tdxAttester(TdxSimulator sim) {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.TDX;
            }

            @Override
            public Evidence attest(byte[] rd) {
                return Evidence.of(TeeType.TDX, sim.quote(rd));
            }
        };
    }

    private BackendAppraiser appraiser(TdxSimulator tdx, CcaSimulator cca) throws Exception {
        Path bundle = Files.write(dir.resolve("tdx-collateral.json"), tdx.collateralBundle());
        String cpak = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(cca.cpakPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return new BackendAppraiser()
                .with(TeeType.TDX, VerifierConfiguration.builder().addTrustRoot(tdx.trustAnchors().roots().get(0).getEncoded())
                        .addCollateral(bundle).offline(true).build())
                .with(TeeType.CCA, VerifierConfiguration.builder()
                        .addTrustRoot(cpak.getBytes(StandardCharsets.US_ASCII)).offline(true).build());
    }

    @Test
    void tdxAndCcaPodsGetTheirSecret() throws Exception {
        TdxSimulator tdx = TdxSimulator.builder().build();
        CcaSimulator cca = CcaSimulator.create();
        try (FakeKbs kbs = FakeKbs.builder(appraiser(tdx, cca)).resource("r/t/s", SECRET).start()) {
            for (Attester pod : List.of(tdxAttester(tdx), cca.attester())) {
                try (SecretBytes s = KbsClient.builder(kbs.uri(), pod).build().getResource("r", "t", "s")) {
                    assertArrayEquals(SECRET, s.toByteArray(SecretAccess.INSECURE), pod.type().id());
                }
            }
        }
    }

    @Test
    void aPolicyForOneTeeDeniesTheOther() throws Exception {
        TdxSimulator tdx = TdxSimulator.builder().build();
        CcaSimulator cca = CcaSimulator.create();
        ResourcePolicy ccaOnly = new ResourcePolicy(List.of(new ResourcePolicy.Rule("r/*/*", Set.of(TeeType.CCA))));
        try (FakeKbs kbs = FakeKbs.builder(appraiser(tdx, cca)).resource("r/t/s", SECRET).policy(ccaOnly).start()) {
            try (SecretBytes s = KbsClient.builder(kbs.uri(), cca.attester()).build().getResource("r", "t", "s")) {
                assertEquals(SECRET.length, s.size());
            }
            KbsException e = assertThrows(KbsException.class,
                    () -> KbsClient.builder(kbs.uri(), tdxAttester(tdx)).build().getResource("r", "t", "s"));
            assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        }
    }
}
