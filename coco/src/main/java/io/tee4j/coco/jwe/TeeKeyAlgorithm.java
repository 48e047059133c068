package io.tee4j.coco.jwe;

/**
 * The key-management algorithms a TEE key can advertise in {@code tee-pubkey}, with the names
 * guest-components' {@code TeeKeyAlgorithm} uses in its configuration. trustee's KBS picks the JWE
 * algorithm from the key's {@code alg}, so the key decides what the response may use.
 */
public enum TeeKeyAlgorithm {
    /** ECDH-ES+A256KW on P-256: guest-components' default. */
    ECDH_ES_A256KW_P256("ECDH-ES+A256KW-P256", "ECDH-ES+A256KW", "secp256r1", "P-256"),
    /** ECDH-ES+A256KW on P-521. */
    ECDH_ES_A256KW_P521("ECDH-ES+A256KW-P521", "ECDH-ES+A256KW", "secp521r1", "P-521"),
    /** RSA-OAEP with SHA-256 and MGF1-SHA-256, 3072-bit key here. */
    RSA_OAEP_256("RSA-OAEP-256", "RSA-OAEP-256", null, null),
    /**
     * RSA PKCS#1 v1.5 key transport. trustee still serves it (and logs a deprecation warning); this
     * client only uses it when a caller makes a key for it on purpose.
     */
    RSA1_5("RSA1_5", "RSA1_5", null, null);

    private final String configName;
    private final String jweAlg;
    private final String jcaCurve;
    private final String jwkCurve;

    TeeKeyAlgorithm(String configName, String jweAlg, String jcaCurve, String jwkCurve) {
        this.configName = configName;
        this.jweAlg = jweAlg;
        this.jcaCurve = jcaCurve;
        this.jwkCurve = jwkCurve;
    }

    /** The name in guest-components' configuration, e.g. {@code ECDH-ES+A256KW-P256}. */
    public String configName() {
        return configName;
    }

    /** The JWE {@code alg} the KBS must answer with. */
    public String jweAlg() {
        return jweAlg;
    }

    /** Whether this is an elliptic-curve (ECDH-ES) algorithm. */
    public boolean isEc() {
        return jcaCurve != null;
    }

    String jcaCurve() {
        return jcaCurve;
    }

    /** The JWK {@code crv} name, or null for RSA. */
    public String jwkCurve() {
        return jwkCurve;
    }

    /** The algorithm with configuration name {@code name}, case-sensitive. */
    public static TeeKeyAlgorithm fromConfigName(String name) {
        for (TeeKeyAlgorithm a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown TEE key algorithm '" + name + "'");
    }
}
