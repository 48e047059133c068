package io.tee4j.tdx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Evidence;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.tdx.internal.TdxBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TdxBackend#prepare} with a real quote and its real collateral bundle: the files are read
 * once, the verifier serves repeated calls, and each call runs at its own time.
 */
class TdxPreparedVerifierTest {
    @TempDir
    Path dir;

    @Test
    void oneVerifierServesCallsAtTheirOwnTimesWithCollateralReadOnce() throws Exception {
        Path bundle = dir.resolve("collateral.json");
        Files.write(bundle, Vectors.bytes("phala-dcap-qvl/tdx_quote_collateral.json"));
        PreparedVerifier v = new TdxBackend().prepare(VerifierConfiguration.builder().addCollateral(bundle)
                .offline(true).build());
        Files.delete(bundle);
        Evidence quote = Evidence.of(TeeType.TDX, Vectors.quote(Vectors.PHALA));
        PerCallInputs then = PerCallInputs.builder().clock(Collaterals.at(Collaterals.PHALA_AT)).build();
        assertEquals(TcbStatus.UP_TO_DATE, v.verify(quote, then).commonClaims().tcbStatus());
        assertEquals(TcbStatus.UP_TO_DATE, v.verify(quote, then).commonClaims().tcbStatus());
        // Years later the same collateral is long past its next update: the call's time decides.
        PerCallInputs later = PerCallInputs.builder()
                .clock(Collaterals.at(Collaterals.PHALA_AT.plus(Duration.ofDays(3650)))).build();
        assertThrows(AttestationException.class, () -> v.verify(quote, later));
        assertEquals(TcbStatus.UP_TO_DATE, v.verify(quote, then).commonClaims().tcbStatus());
    }

    /**
     * The quote {@code readEvidence} parsed is reused only by the verification of that same
     * evidence object on that thread: other evidence read or verified in between, before or after
     * is verified from its own bytes, and the results are those of evidence never read.
     */
    @Test
    void aQuoteReadBeforeVerifyingIsUsedOnlyForThatEvidence() throws Exception {
        Path bundle = dir.resolve("collateral.json");
        Files.write(bundle, Vectors.bytes("phala-dcap-qvl/tdx_quote_collateral.json"));
        TdxBackend backend = new TdxBackend();
        PreparedVerifier v = backend.prepare(VerifierConfiguration.builder().addCollateral(bundle).offline(true).build());
        PerCallInputs then = PerCallInputs.builder().clock(Collaterals.at(Collaterals.PHALA_AT)).build();
        byte[] phala = Vectors.quote(Vectors.PHALA);
        String expected = v.verify(Evidence.of(TeeType.TDX, phala), then).claims().asMap().toString();
        byte[] reportData = v.verify(Evidence.of(TeeType.TDX, phala), then).commonClaims().reportData();

        Evidence read = backend.readEvidence(phala);
        assertEquals(expected, v.verify(read, then).claims().asMap().toString());
        assertEquals(expected, v.verify(read, then).claims().asMap().toString());

        // Another quote read last must not stand in for the evidence verified.
        backend.readEvidence(Vectors.quote(Vectors.TRUSTEE_4));
        assertArrayEquals(reportData, v.verify(Evidence.of(TeeType.TDX, phala), then).commonClaims().reportData());
        Evidence other = backend.readEvidence(Vectors.quote(Vectors.TRUSTEE_4));
        assertArrayEquals(reportData, v.verify(read, then).commonClaims().reportData());
        assertThrows(AttestationException.class, () -> v.verify(other, then));

        // Read on one thread, verified on another: parsed again there.
        Evidence elsewhere = backend.readEvidence(phala);
        String[] seen = new String[1];
        Thread t = new Thread(() -> {
            try {
                seen[0] = v.verify(elsewhere, then).claims().asMap().toString();
            } catch (Exception e) {
                seen[0] = e.toString();
            }
        });
        t.start();
        t.join();
        assertEquals(expected, seen[0]);
    }
}
