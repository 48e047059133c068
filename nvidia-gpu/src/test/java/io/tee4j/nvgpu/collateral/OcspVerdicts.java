package io.tee4j.nvgpu.collateral;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralSource;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Test access to the OCSP answer check, reduced to a verdict string that names the outcome class
 * (not the message): GOOD, GOOD+WARNING, FAIL:&lt;reason&gt;, UNAVAILABLE, or UNCHECKED:&lt;exception&gt;
 * for an exception the checker must never let through. The differential test compares these.
 */
public final class OcspVerdicts {
    private OcspVerdicts() {
    }

    /** The verdict on {@code body} as the answer about {@code cert} to a request carrying {@code nonce} (null: served from a cache). */
    public static String verdict(byte[] body, X509Certificate cert, X509Certificate issuer, byte[] nonce, Instant at,
            boolean allowHold) {
        OcspChecker checker = new OcspChecker(CollateralSource.none(), URI.create("http://127.0.0.1/ocsp"), allowHold);
        try {
            var id = OcspMessages.certificateId(cert, issuer);
            OcspChecker.Verdict v = checker.verifyResponse(body, id, nonce, cert, issuer, at, "differential");
            return v.warning() == null ? "GOOD" : "GOOD+WARNING";
        } catch (VerificationFailedException e) {
            return "FAIL:" + e.reason();
        } catch (RevocationUnavailableException e) {
            return "UNAVAILABLE";
        } catch (RuntimeException e) {
            return "UNCHECKED:" + e.getClass().getSimpleName();
        }
    }

    /** The DER of the request the checker sends for {@code cert} with {@code nonce}. */
    public static byte[] request(X509Certificate cert, X509Certificate issuer, byte[] nonce) throws Exception {
        return OcspMessages.request(OcspMessages.certificateId(cert, issuer), nonce);
    }
}
