package io.tee4j.core.collateral;

/**
 * What a piece of collateral is, which decides how long a cache may keep it.
 *
 * @since 0.1
 */
public enum CollateralKind {
    /** A certificate or certificate chain: immutable, cached forever (re-verified on every use). */
    CERTIFICATE(true),
    /** A signed reference document addressed by an immutable id (an NVIDIA RIM): cached forever. */
    IMMUTABLE_DOCUMENT(true),
    /** A CRL: cached until its {@code nextUpdate}, never past it. */
    CRL(false),
    /** An OCSP response: cached until its {@code nextUpdate}. */
    OCSP_RESPONSE(false),
    /** Signed TCB information (Intel TCB info, QE identity): cached until its {@code nextUpdate}. */
    TCB_INFO(false),
    /** Anything else: cached only when the request says until when. */
    OTHER(false);

    private final boolean immutable;

    CollateralKind(boolean immutable) {
        this.immutable = immutable;
    }

    /** Whether a fetched copy stays valid forever. */
    public boolean immutable() {
        return immutable;
    }
}
