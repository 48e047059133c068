package io.tee4j.vtpm.internal;

import io.tee4j.core.AttestationException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import java.util.ServiceLoader;

/**
 * Finds the SEV-SNP and TDX backends through their public SPI ({@link ServiceLoader}), so this
 * module composes them without reaching into their internal packages.
 */
final class InnerBackends {
    private InnerBackends() {
    }

    static TeeBackend find(TeeType type) {
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class, InnerBackends.class.getClassLoader())) {
            if (b.type() == type) {
                return b;
            }
        }
        throw new IllegalStateException("the " + type.id() + " backend is not on the class path; tee4j-vtpm depends "
                + "on it");
    }

    static PreparedVerifier prepare(TeeType type, VerifierConfiguration config)
            throws AttestationException, PolicyFormatException {
        return find(type).prepare(config);
    }
}
