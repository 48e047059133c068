package io.tee4j.cca.abi;

import io.tee4j.core.crypto.EcCurve;
import java.util.Optional;

/**
 * The COSE signature algorithms accepted on CCA tokens. Each is tied to its curve: an ES384
 * signature is accepted only from a P-384 key, and so on (COSE allows other pairings; CCA
 * producers do not use them, and refusing them keeps the hash strength equal to the curve's).
 *
 * @since 0.1
 */
public enum CoseAlgorithm {
    /** ECDSA with SHA-256 on P-256 (COSE -7). */
    ES256(-7, EcCurve.P256),
    /** ECDSA with SHA-384 on P-384 (COSE -35). */
    ES384(-35, EcCurve.P384),
    /** ECDSA with SHA-512 on P-521 (COSE -36). */
    ES512(-36, EcCurve.P521);

    private final long id;
    private final EcCurve curve;

    CoseAlgorithm(long id, EcCurve curve) {
        this.id = id;
        this.curve = curve;
    }

    /** The COSE algorithm identifier. */
    public long id() {
        return id;
    }

    /** The curve whose keys sign with this algorithm. */
    public EcCurve curve() {
        return curve;
    }

    /** The ECDSA algorithm that signs with keys on this curve. */
    public static CoseAlgorithm forCurve(EcCurve curve) {
        for (CoseAlgorithm a : values()) {
            if (a.curve == curve) {
                return a;
            }
        }
        throw new IllegalArgumentException("no COSE algorithm for " + curve);
    }

    /** The algorithm with this COSE identifier, if supported. */
    public static Optional<CoseAlgorithm> fromId(long id) {
        for (CoseAlgorithm a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
