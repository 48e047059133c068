package io.tee4j.nvgpu.collateral;

import java.time.Instant;

/**
 * One SingleResponse of an OCSP answer (RFC 6960 §4.2.1): which certificate, its status and the
 * answer's window. Unverified until {@link OcspChecker} has checked the answer that carries it.
 *
 * @param certId the certificate it is about
 * @param status good, revoked or unknown
 * @param revocationTime when revoked, else null
 * @param revocationReason the CRLReason code when revoked with a reason, else null
 * @param thisUpdate when the status was known to be correct
 * @param nextUpdate when newer information will be available, or null when the answer gives none
 */
record OcspSingleResponse(OcspCertId certId, Status status, Instant revocationTime, Integer revocationReason,
        Instant thisUpdate, Instant nextUpdate) {

    /** The three statuses of RFC 6960's CertStatus CHOICE. */
    enum Status {
        GOOD, REVOKED, UNKNOWN
    }

    /** CRLReason certificateHold (RFC 5280 §5.3.1): a suspension, not a revocation. */
    static final int CERTIFICATE_HOLD = 6;
}
