package io.tee4j.nvgpu.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * How the simulated OCSP responder shapes one answer, for fault tests that serve answers from a
 * responder of their own ({@link NvGpuSimulator#ocspResponse(byte[], OcspAnswer)}): the status, the
 * validity window, the nonce, the signer, the certificate it answers for and the response status.
 * {@link #standard()} is what {@link NvGpuSimulator#collateralSource()} answers; every {@code with}
 * method returns a changed copy. Immutable.
 *
 * @since 0.1
 */
public final class OcspAnswer {
    /** The certificate status to answer. */
    public enum Status {
        /** Good, unless the certificate was {@linkplain NvGpuSimulator#revoke revoked} in the simulator. */
        AS_SIMULATED,
        /** Good. */
        GOOD,
        /** Revoked (reason keyCompromise), an hour before the answer. */
        REVOKED,
        /** Revoked with reason certificateHold (a suspension). */
        ON_HOLD,
        /** Unknown to the responder. */
        UNKNOWN
    }

    /** What the answer carries as its nonce extension. */
    public enum Nonce {
        /** The request's nonce, as a responder must. */
        ECHO,
        /** No nonce. */
        OMIT,
        /** A nonce of 32 zero bytes (a replayed or misrouted answer). */
        OTHER
    }

    /** Who signs the answer. */
    public enum Signer {
        /** The issuer of the certificate asked about. */
        ISSUER,
        /** A key the verifier does not know, no certificate included. */
        STRANGER,
        /** A key the verifier does not know, its self-signed certificate included. */
        STRANGER_WITH_CERTIFICATE,
        /** The issuer's signature with its last byte changed. */
        ISSUER_TAMPERED,
        /**
         * A responder the issuer delegated: a certificate the issuer signed with the OCSPSigning
         * extended key usage, included in the answer (RFC 6960 4.2.2.2: authorised).
         */
        DELEGATED,
        /** A certificate the issuer signed, included, but without the OCSPSigning purpose (not authorised). */
        DELEGATED_WITHOUT_OCSP_SIGNING,
        /**
         * The simulated RIM signer, its chain to the simulated RIM root included: a key under a
         * trusted root, but of the other hierarchy (not authorised).
         */
        RIM_SIGNER,
        /** The simulated GPU's FMC leaf key, its device chain included (not authorised). */
        DEVICE_LEAF
    }

    private final Status status;
    private final Instant thisUpdate;
    private final Instant nextUpdate;
    private final boolean omitNextUpdate;
    private final Nonce nonce;
    private final Signer signer;
    private final boolean otherSerial;
    private final int responseStatus;

    private OcspAnswer(Status status, Instant thisUpdate, Instant nextUpdate, boolean omitNextUpdate, Nonce nonce,
            Signer signer, boolean otherSerial, int responseStatus) {
        this.status = status;
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
        this.omitNextUpdate = omitNextUpdate;
        this.nonce = nonce;
        this.signer = signer;
        this.otherSerial = otherSerial;
        this.responseStatus = responseStatus;
    }

    /**
     * The simulator's own answer: status as simulated, thisUpdate a minute before the simulator's
     * clock, nextUpdate an hour after it, the nonce echoed, signed by the issuer, for the certificate
     * asked about, response status successful.
     */
    public static OcspAnswer standard() {
        return new OcspAnswer(Status.AS_SIMULATED, null, null, false, Nonce.ECHO, Signer.ISSUER, false, 0);
    }

    /** This answer with another status. */
    public OcspAnswer withStatus(Status s) {
        return new OcspAnswer(Objects.requireNonNull(s, "status"), thisUpdate, nextUpdate, omitNextUpdate, nonce,
                signer, otherSerial, responseStatus);
    }

    /** This answer with a chosen window; a null {@code nextUpdate} leaves the field out. */
    public OcspAnswer withWindow(Instant thisUpdate, Instant nextUpdate) {
        return new OcspAnswer(status, Objects.requireNonNull(thisUpdate, "thisUpdate"), nextUpdate, nextUpdate == null,
                nonce, signer, otherSerial, responseStatus);
    }

    /** This answer with another nonce behaviour. */
    public OcspAnswer withNonce(Nonce n) {
        return new OcspAnswer(status, thisUpdate, nextUpdate, omitNextUpdate, Objects.requireNonNull(n, "nonce"),
                signer, otherSerial, responseStatus);
    }

    /** This answer signed by another signer. */
    public OcspAnswer withSigner(Signer s) {
        return new OcspAnswer(status, thisUpdate, nextUpdate, omitNextUpdate, nonce, Objects.requireNonNull(s, "signer"),
                otherSerial, responseStatus);
    }

    /** This answer for the serial number after the one asked about (an answer about another certificate). */
    public OcspAnswer forAnotherSerial() {
        return new OcspAnswer(status, thisUpdate, nextUpdate, omitNextUpdate, nonce, signer, true, responseStatus);
    }

    /**
     * This answer as an unsuccessful OCSP response with the given status (RFC 6960: 1 malformedRequest,
     * 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized), which carries no basic response.
     */
    public OcspAnswer withResponseStatus(int status) {
        if (status < 1 || status > 6 || status == 4) {
            throw new IllegalArgumentException("an unsuccessful OCSP response status: 1, 2, 3, 5 or 6");
        }
        return new OcspAnswer(this.status, thisUpdate, nextUpdate, omitNextUpdate, nonce, signer, otherSerial, status);
    }

    Status status() {
        return status;
    }

    /** The chosen thisUpdate, or null for the default. */
    Instant thisUpdate() {
        return thisUpdate;
    }

    /** The chosen nextUpdate, or null for the default (or none, see {@link #omitNextUpdate()}). */
    Instant nextUpdate() {
        return nextUpdate;
    }

    boolean omitNextUpdate() {
        return omitNextUpdate;
    }

    Nonce nonce() {
        return nonce;
    }

    Signer signer() {
        return signer;
    }

    boolean otherSerial() {
        return otherSerial;
    }

    int responseStatus() {
        return responseStatus;
    }

    @Override
    public String toString() {
        return "OcspAnswer[" + status + ", " + (thisUpdate == null ? "default window" : thisUpdate + ".." + nextUpdate)
                + ", nonce " + nonce + ", signer " + signer + (otherSerial ? ", another serial" : "")
                + (responseStatus == 0 ? "" : ", response status " + responseStatus) + "]";
    }
}
