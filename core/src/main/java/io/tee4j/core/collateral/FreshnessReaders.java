package io.tee4j.core.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.crypto.Certificates;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.util.Optional;

/**
 * {@link FreshnessReader}s for the formats core can parse.
 *
 * @since 0.1
 */
public final class FreshnessReaders {
    private static final FreshnessReader X509_CRL = (body, headers) -> {
        X509CRL crl;
        try {
            crl = Certificates.parseCrl(body);
        } catch (CRLException e) {
            throw new CollateralUnavailableException("CRL is not a valid X.509 CRL (DER or PEM): "
                    + e.getMessage(), null, false, e);
        }
        if (crl.getNextUpdate() == null) {
            throw new CollateralUnavailableException(
                    "CRL has no nextUpdate, so its freshness cannot be judged", null, false);
        }
        return Optional.of(crl.getNextUpdate().toInstant());
    };

    private FreshnessReaders() {
    }

    /**
     * Reads the {@code nextUpdate} of an X.509 CRL (DER or PEM). Parsing only: the CRL's signature
     * is not checked here (the verifier does that with the issuer's key). A body that is not a
     * CRL, or a CRL without {@code nextUpdate}, fails with a non-retryable
     * {@link CollateralUnavailableException}.
     *
     * <p>{@link HttpCollateralSource} and {@link CachingCollateralSource} use it for
     * {@link CollateralKind#CRL} requests that carry no reader of their own.
     */
    public static FreshnessReader x509Crl() {
        return X509_CRL;
    }

    /**
     * The reader that applies to a request: its own, else {@link #x509Crl()} for a CRL, else none
     * (immutable kinds need none; other kinds without one carry no expiry and are not cached).
     */
    public static Optional<FreshnessReader> forRequest(CollateralRequest request) {
        Optional<FreshnessReader> own = request.freshness();
        if (own.isPresent()) {
            return own;
        }
        return request.kind() == CollateralKind.CRL ? Optional.of(X509_CRL) : Optional.empty();
    }
}
