package io.tee4j.tdx;

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
}
