package io.tee4j.atls.cert;

/** What an attested certificate says its evidence is fresh by (unauthenticated: the binding decides). */
public enum Freshness {
    /** Bound to the nonce the client sent in SNI; the certificate repeats it in a freshness record. */
    CLIENT_NONCE,
    /** Bound to the key and the certificate's validity window (a client that sent no nonce). */
    TIME_WINDOW,
    /** The certificate does not say; the client binds with its own nonce (Contrast, a lone CMW record). */
    UNSTATED,
    /** Bound to the key only, for the life of the certificate (Gramine). */
    NONE
}
