package io.tee4j.core.collateral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.crypto.Certificates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V2TBSCertListGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

class FreshnessReadersTest {

    @Test
    void readsNextUpdateFromDerAndPem() throws Exception {
        byte[] der = HttpCollateralSourceTest.resource("pckcrl");
        byte[] pem = Certificates.toPem("X509 CRL", der).getBytes(StandardCharsets.US_ASCII);
        Instant expected = Instant.parse("2023-07-08T07:27:52Z");

        assertEquals(Optional.of(expected), FreshnessReaders.x509Crl().nextUpdate(der, Map.of()));
        assertEquals(Optional.of(expected), FreshnessReaders.x509Crl().nextUpdate(pem, Map.of()));
    }

    @Test
    void aCrlWithoutNextUpdateIsRefused() throws Exception {
        V2TBSCertListGenerator g = new V2TBSCertListGenerator();
        AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        g.setIssuer(new X500Name("CN=test CRL issuer"));
        g.setThisUpdate(new Time(Date.from(Instant.parse("2024-01-01T00:00:00Z"))));
        g.setSignature(alg);
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(g.generateTBSCertList());
        v.add(alg);
        v.add(new DERBitString(new byte[] {0x30, 0x00})); // never checked here
        byte[] crl = new DERSequence(v).getEncoded(ASN1Encoding.DER);
        assertEquals(null, Certificates.parseCrl(crl).getNextUpdate());

        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> FreshnessReaders.x509Crl().nextUpdate(crl, Map.of()));
        assertTrue(e.getMessage().contains("no nextUpdate"), e.getMessage());
        assertFalse(e.isRetryable());
    }

    @Test
    void garbageIsATypedNonRetryableError() {
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> FreshnessReaders.x509Crl().nextUpdate(new byte[] {0x30, 0x03, 1, 2, 3}, Map.of()));
        assertFalse(e.isRetryable());
    }

    @Test
    void theRequestsOwnReaderWinsAndCrlsGetTheDefault() {
        FreshnessReader own = (body, headers) -> Optional.empty();
        URI uri = URI.create("https://example/x");
        assertSame(own, FreshnessReaders.forRequest(CollateralRequest.builder(uri, CollateralKind.CRL)
                .freshness(own).build()).orElseThrow());
        assertSame(FreshnessReaders.x509Crl(),
                FreshnessReaders.forRequest(CollateralRequest.builder(uri, CollateralKind.CRL).build()).orElseThrow());
        assertTrue(FreshnessReaders.forRequest(CollateralRequest.builder(uri, CollateralKind.TCB_INFO).build())
                .isEmpty());
        assertTrue(FreshnessReaders.forRequest(CollateralRequest.certificate(uri)).isEmpty());
    }
}
