package io.tee4j.cli;

import io.tee4j.coco.token.EarSigner;
import io.tee4j.coco.token.SigningKeys;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** {@code --signing-key FILE} of {@code verify --format ear-jwt} and {@code serve}: the EAR signing key. */
final class EarSigning {
    /** A PEM or JWK key file is a few hundred bytes; anything near this is not one. */
    private static final long MAX_KEY_BYTES = 64 << 10;

    private EarSigning() {
    }

    static EarSigner read(Path file) throws UsageException {
        byte[] content = InputFiles.read(file, "signing key", MAX_KEY_BYTES);
        try {
            return EarSigner.of(SigningKeys.read(content));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new UsageException("signing key " + file + ": " + e.getMessage()
                    + " (expected a P-256 or P-384 key: PKCS#8 PEM, e.g. from 'openssl genpkey -algorithm EC "
                    + "-pkeyopt ec_paramgen_curve:P-256', or a private EC JWK)", e);
        }
    }
}
