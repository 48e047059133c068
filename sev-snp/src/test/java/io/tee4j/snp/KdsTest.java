package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.abi.TcbVersion;
import io.tee4j.snp.collateral.KdsUrls;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KdsTest {

    /** Serves fixed bodies by URL and records every request. */
    static final class FakeSource implements CollateralSource {
        final Map<String, byte[]> bodies = new HashMap<>();
        final List<CollateralRequest> requests = new ArrayList<>();

        @Override
        public FetchedCollateral fetch(CollateralRequest request) throws CollateralUnavailableException {
            requests.add(request);
            byte[] b = bodies.get(request.uri().toString());
            if (b == null) {
                throw new CollateralUnavailableException("404 " + request.uri(), request.uri().toString(), false);
            }
            return new FetchedCollateral(b, Map.of(), request.uri().toString(), Instant.EPOCH, null, false);
        }
    }

    @Test
    void milanVcekUrlMatchesGoSevGuest() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("gsg-milan-v2"), ProductLine.MILAN);
        assertEquals("https://kdsintf.amd.com/vcek/v1/Milan/3ac3fe21e13fb0990eb28a802e3fb6a29483a6b0753590c951bdd3b8e5"
                + "3786184ca39e359669a2b76a1936776b564ea464cdce40c05f63c9b610c5068b006b5d?blSPL=2&teeSPL=0&snpSPL=5&ucodeSPL=68",
                KdsUrls.amd().vcek(ProductLine.MILAN, r.chipId(), r.reportedTcb()).toString());
    }

    @Test
    void turinUrlUsesEightBytesAndFmcFirst() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("oak-turin-v5"));
        assertEquals("https://kdsintf.amd.com/vcek/v1/Turin/3b42092f69c656d3?fmcSPL=0&blSPL=1&teeSPL=0&snpSPL=2&ucodeSPL=71",
                KdsUrls.amd().vcek(ProductLine.TURIN, r.chipId(), r.reportedTcb()).toString());
        byte[] eight = HexFormat.of().parseHex("3b42092f69c656d3");
        assertEquals(KdsUrls.amd().vcek(ProductLine.TURIN, r.chipId(), r.reportedTcb()),
                KdsUrls.amd().vcek(ProductLine.TURIN, eight, r.reportedTcb()));
    }

    @Test
    void chainAndCrlUrls() {
        assertEquals("https://kdsintf.amd.com/vcek/v1/Genoa/cert_chain",
                KdsUrls.amd().certChain(ProductLine.GENOA, SigningKey.VCEK).toString());
        assertEquals("https://kdsintf.amd.com/vlek/v1/Turin/cert_chain",
                KdsUrls.amd().certChain(ProductLine.TURIN, SigningKey.VLEK).toString());
        assertEquals("https://kdsintf.amd.com/vlek/v1/Milan/crl", KdsUrls.amd().crl(ProductLine.MILAN, SigningKey.VLEK).toString());
        assertEquals("http://127.0.0.1:8080/vcek/v1/Milan/crl",
                KdsUrls.at(URI.create("http://127.0.0.1:8080/")).crl(ProductLine.MILAN, SigningKey.VCEK).toString());
    }

    @Test
    void maskedOrMisshapenChipIdsAreRefused() throws Exception {
        AttestationReport r = AttestationReport.parse(Vectors.report("oak-genoa-v5"));
        assertThrows(IllegalArgumentException.class, () -> KdsUrls.amd().vcek(ProductLine.GENOA, new byte[64], r.reportedTcb()));
        assertThrows(IllegalArgumentException.class, () -> KdsUrls.amd().vcek(ProductLine.GENOA, new byte[8], r.reportedTcb()));
        assertThrows(IllegalArgumentException.class, () -> KdsUrls.amd().vcek(ProductLine.TURIN, r.chipId(),
                TcbVersion.of(0, TcbLayout.TURIN)));
    }

    @Test
    void verifierFetchesAMissingVcekAsACertificateAndTheCrlAsACrl() throws Exception {
        String n = "oak-genoa-v5";
        AttestationReport r = AttestationReport.parse(Vectors.report(n));
        FakeSource src = new FakeSource();
        String vcekUrl = KdsUrls.amd().vcek(ProductLine.GENOA, r.chipId(), r.reportedTcb()).toString();
        src.bodies.put(vcekUrl, Vectors.certBytes(n));
        Clock clock = Clock.fixed(Vectors.pinnedTime(n), ZoneOffset.UTC);
        SnpVerifier v = SnpVerifier.builder().clock(clock).collateralSource(src).build();
        // Revocation required: the VCEK is fetched, then the CRL is asked for (and is missing here).
        assertThrows(RevocationUnavailableException.class,
                () -> v.verify(Evidence.of(TeeType.SEV_SNP, Vectors.report(n)), SnpPolicy.defaults()));
        assertEquals(2, src.requests.size());
        assertEquals(CollateralKind.CERTIFICATE, src.requests.get(0).kind());
        assertEquals(vcekUrl, src.requests.get(0).uri().toString());
        assertEquals(CollateralKind.CRL, src.requests.get(1).kind());
        assertTrue(src.requests.get(1).freshness().isPresent());
        assertEquals("https://kdsintf.amd.com/vcek/v1/Genoa/crl", src.requests.get(1).uri().toString());

        SnpVerifier skip = SnpVerifier.builder().clock(clock).collateralSource(src)
                .revocationMode(RevocationMode.SKIP_INSECURE).build();
        assertEquals(ProductLine.GENOA,
                skip.verify(Evidence.of(TeeType.SEV_SNP, Vectors.report(n)), SnpPolicy.defaults()).productLine());
    }

    @Test
    void offlineNeverFetches() {
        String n = "oak-genoa-v5";
        FakeSource src = new FakeSource();
        SnpVerifier v = SnpVerifier.builder().clock(Clock.fixed(Vectors.pinnedTime(n), ZoneOffset.UTC))
                .collateralSource(src).offline(true).build();
        assertThrows(CollateralUnavailableException.class,
                () -> v.verify(Evidence.of(TeeType.SEV_SNP, Vectors.report(n)), SnpPolicy.defaults()));
        Evidence withCert = Evidence.builder(TeeType.SEV_SNP, Vectors.report(n)).addCertificate(Vectors.certBytes(n)).build();
        assertThrows(RevocationUnavailableException.class, () -> v.verify(withCert, SnpPolicy.defaults()));
        assertEquals(0, src.requests.size());
    }

    @Test
    void vlekIsNeverFetched() {
        String n = "trustee-milan-v3-vlek";
        FakeSource src = new FakeSource();
        SnpVerifier v = SnpVerifier.builder().clock(Clock.fixed(Vectors.pinnedTime(n), ZoneOffset.UTC))
                .collateralSource(src).build();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> v.verify(Evidence.of(TeeType.SEV_SNP, Vectors.report(n)), SnpPolicy.defaults()));
        assertTrue(e.getMessage().contains("VLEK"));
        assertEquals(0, src.requests.size());
    }
}
