package io.tee4j.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * Key pairs for simulated authorities and devices, from the JDK's own providers.
 *
 * <p>The keys are as strong as real ones; only their provenance is simulated. Nothing here
 * verifies anything.
 */
public final class SimulatedKeys {
    private SimulatedKeys() {
    }

    /** A P-256 (secp256r1) key pair. */
    public static KeyPair p256(SecureRandom random) {
        return ec("secp256r1", random);
    }

    /** A P-384 (secp384r1) key pair. */
    public static KeyPair p384(SecureRandom random) {
        return ec("secp384r1", random);
    }

    /** An RSA key pair of {@code bits} bits with public exponent 65537. */
    public static KeyPair rsa(int bits, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-" + bits + " key generation failed", e);
        }
    }

    private static KeyPair ec(String curve, SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime ships these curves: their absence is a broken JDK, not bad input.
            throw new IllegalStateException(curve + " is required of the JDK", e);
        }
    }
}
