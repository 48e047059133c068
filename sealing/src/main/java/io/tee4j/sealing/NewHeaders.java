package io.tee4j.sealing;

import io.tee4j.core.keys.KeyVersions;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.format.Header;
import io.tee4j.sealing.internal.AesGcm;
import io.tee4j.sealing.internal.SealingCrypto;
import java.security.SecureRandom;

/**
 * The headers of a {@link Sealer}'s new sealed data: its key source, bindings and segment size,
 * the current key versions, and a fresh random salt and nonce (or nonce prefix) each time.
 */
final class NewHeaders {
    private final SealingKeySource source;
    private final SealingPolicy policy;
    private final SecureRandom random;
    private final int segmentSize;
    private final RootKeys keys;

    NewHeaders(SealingKeySource source, SealingPolicy policy, SecureRandom random, int segmentSize, RootKeys keys) {
        this.source = source;
        this.policy = policy;
        this.random = random;
        this.segmentSize = segmentSize;
        this.keys = keys;
    }

    /** A blob header for up to one segment of plaintext, a stream header for more. */
    Header forData(int plaintextLength, int aadLength) throws SealingException {
        if (plaintextLength > segmentSize) {
            return forStream(aadLength);
        }
        KeyVersions versions = keys.currentVersions();
        byte[] salt = new byte[Header.SALT_LENGTH];
        random.nextBytes(salt);
        byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
        random.nextBytes(nonce);
        return Header.blob(source.id(), policy.bindings(), versions, salt, nonce, aadLength);
    }

    /** A stream header (a sealing stream, or the segmented encoding of more than one segment). */
    Header forStream(int aadLength) throws SealingException {
        KeyVersions versions = keys.currentVersions();
        byte[] salt = new byte[Header.SALT_LENGTH];
        random.nextBytes(salt);
        byte[] prefix = new byte[Header.STREAM_NONCE_PREFIX_LENGTH];
        random.nextBytes(prefix);
        return Header.stream(source.id(), policy.bindings(), versions, salt, prefix, segmentSize, aadLength);
    }

    /** The length of the sealed data {@code header} starts for {@code plaintextLength} bytes. */
    static long sealedLength(Header header, long plaintextLength) {
        return header.kind() == Header.KIND_BLOB
                ? SealingCrypto.blobLength(header, plaintextLength)
                : SealingCrypto.segmentedLength(header, plaintextLength);
    }

    /** {@link #sealedLength}, when one array can hold it. */
    static int inMemoryLength(Header header, long plaintextLength) {
        long total = sealedLength(header, plaintextLength);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("plaintext too large to seal in memory; use a sealing stream");
        }
        return (int) total;
    }
}
