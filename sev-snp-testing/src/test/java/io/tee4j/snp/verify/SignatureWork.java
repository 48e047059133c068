package io.tee4j.snp.verify;

/** Reads a verifier's count of signature verifications, for tests that bound hostile work. */
public final class SignatureWork {
    private SignatureWork() {
    }

    /** Every certificate-chain and report signature verification {@code v} attempted so far. */
    public static long of(SnpVerifier v) {
        return v.signatureVerifications.sum();
    }
}
