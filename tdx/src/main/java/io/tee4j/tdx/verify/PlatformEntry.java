package io.tee4j.tdx.verify;

import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.verify.CollateralVerdict;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What holds for every quote with the same attestation key and certification data: the validated
 * PCK chain, its CA type, the PCK extensions and the attestation-key verifier, inside
 * [validFrom, validUntil). The last collateral verdict for the platform rides along.
 */
final class PlatformEntry {
    final List<X509Certificate> chain;
    final String caType;
    final PckExtensions pck;
    final EcdsaVerifier attestationKey;
    final Instant validFrom;
    final Instant validUntil;
    volatile CollateralVerdict verdict;

    PlatformEntry(List<X509Certificate> chain, String caType, PckExtensions pck, EcdsaVerifier ak, Instant from,
            Instant until) {
        this.chain = List.copyOf(chain);
        this.caType = caType;
        this.pck = pck;
        this.attestationKey = ak;
        this.validFrom = from;
        this.validUntil = until;
    }

    boolean covers(Instant at) {
        return !at.isBefore(validFrom) && at.isBefore(validUntil);
    }
}
