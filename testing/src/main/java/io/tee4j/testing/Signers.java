package io.tee4j.testing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Content signers on a private Bouncy Castle instance (never registered with the JCA). */
final class Signers {
    /** Private so that loading the simulators never changes the JVM's provider list. */
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Signers() {
    }

    /** A signer drawing its per-signature randomness from {@code random}, or the provider's own when null. */
    static ContentSigner signer(String algorithm, PrivateKey key, SecureRandom random) throws GeneralSecurityException {
        try {
            JcaContentSignerBuilder b = new JcaContentSignerBuilder(algorithm).setProvider(BC);
            if (random != null) {
                b.setSecureRandom(random);
            }
            return b.build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no " + algorithm + " signer for this key", e);
        }
    }
}
