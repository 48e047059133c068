package io.tee4j.snp.client;

import io.tee4j.core.AttestationException;
import io.tee4j.core.SecretBytes;

/**
 * Something that derives SNP firmware keys: the {@code /dev/sev-guest} attester on real hardware,
 * or the simulator's fake firmware in tests.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface DerivedKeyFunction {

    /**
     * Derives the 32-byte key for {@code request}.
     *
     * @throws io.tee4j.core.TeeUnavailableException when there is no device or the firmware refuses
     */
    SecretBytes deriveKey(DerivedKeyRequest request) throws AttestationException;
}
