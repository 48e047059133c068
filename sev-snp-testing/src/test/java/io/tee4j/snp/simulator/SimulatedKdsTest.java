package io.tee4j.snp.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.HttpCollateralSource;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.collateral.KdsClient;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimulatedKdsTest {
    private static HttpCollateralSource http() {
        return HttpCollateralSource.builder().allowPlainHttp().sleeper(d -> { }).deadline(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void verifierFetchesVcekAndCrlFromLoopbackKds() throws Exception {
        SimulatedAmdChain turin = SimulatorTest.chain(ProductLine.TURIN);
        SimulatedAmdChain milan = SimulatorTest.chain(ProductLine.MILAN);
        try (SimulatedKds kds = SimulatedKds.start(turin, milan)) {
            kds.crl(ProductLine.TURIN, SimulatorTest.freshCrl(turin));
            SnpVerifier v = SnpVerifier.builder().clock(Clock.fixed(SimulatorTest.NOW, ZoneOffset.UTC))
                    .roots(turin.roots()).kdsClient(KdsClient.of(http(), kds.urls())).build();
            byte[] report = SimulatedSnpSigner.vcek(turin).report().sign();
            SnpAttestationResult r = v.verify(Evidence.of(TeeType.SEV_SNP, report), SnpPolicy.defaults());
            assertTrue(r.verification().revocationChecked());
            assertEquals(2, kds.requests().size(), kds.requests().toString());
            assertTrue(kds.requests().get(0).startsWith("/vcek/v1/Turin/"), kds.requests().get(0));
            assertTrue(kds.requests().get(0).contains("?fmcSPL=0&blSPL=1&teeSPL=0&snpSPL=2&ucodeSPL=71"));
            assertEquals("/vcek/v1/Turin/crl", kds.requests().get(1));
        }
    }

    @Test
    void notFoundIsTerminalAndBusyIsRetried() throws Exception {
        SimulatedAmdChain milan = SimulatorTest.chain(ProductLine.MILAN);
        try (SimulatedKds kds = SimulatedKds.start(milan)) {
            KdsClient client = KdsClient.of(http(), kds.urls());
            CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                    () -> client.vcek(ProductLine.MILAN, ones(), milan.tcb()));
            assertFalse(e.isRetryable());
            assertEquals(1, kds.requests().size());
            kds.failNext(429, 2);
            assertEquals(2, client.certChain(ProductLine.MILAN, SigningKey.VLEK).size());
            assertEquals(4, kds.requests().size());
            // No CRL served: revocation cannot be established.
            SnpVerifier v = SnpVerifier.builder().clock(Clock.fixed(SimulatorTest.NOW, ZoneOffset.UTC))
                    .roots(milan.roots()).kdsClient(client).build();
            assertThrows(RevocationUnavailableException.class,
                    () -> v.verify(SimulatedSnpSigner.vcek(milan).report().evidence(), SnpPolicy.defaults()));
        }
    }

    private static byte[] ones() {
        byte[] b = new byte[64];
        java.util.Arrays.fill(b, (byte) 1);
        return b;
    }
}
