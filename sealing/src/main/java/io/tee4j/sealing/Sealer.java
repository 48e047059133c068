package io.tee4j.sealing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.format.Header;
import io.tee4j.sealing.internal.BufferMessages;
import io.tee4j.sealing.internal.SealingCrypto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals data to a workload's identity: AES-256-GCM under a per-blob key derived with
 * HKDF-SHA-384 from a {@link SealingKeySource}'s root key, a fresh 32-byte random salt, and the
 * whole header (format {@code sealing/FORMAT.md}). Thread-safe.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Confidentiality and integrity of the plaintext, and integrity of the header and of the
 *       caller's associated data, against anyone who cannot derive the root key for the recorded
 *       key source, bindings and versions.</li>
 *   <li>Every blob has its own key (random salt), so GCM's random-nonce limits never accumulate
 *       under one key.</li>
 *   <li>Unsealing requires the blob's key source id and bindings to equal this sealer's (or,
 *       for blobs of earlier releases, to lack only the version bindings now added by default:
 *       see {@link SealingPolicy}), and its
 *       recorded versions to be {@linkplain SealingKeySource#notAbove not above} the platform's
 *       current ones; it derives the key at the recorded versions, so data sealed before a
 *       firmware or guest-SVN update still opens after it ({@link #needsReseal} and
 *       {@link #reseal} move it to the current versions; nothing is re-sealed automatically).</li>
 *   <li>Streams ({@link #newSealingStream}) detect truncation, reordering and segments taken from
 *       another stream; see {@link SealingInputStream} for when plaintext is released.</li>
 * </ul>
 *
 * <h2>Not guaranteed</h2>
 * <ul>
 *   <li>Freshness: an older blob or file, replayed whole, unseals (as with SGX sealing and
 *       Gramine's protected files). Bind a version or counter kept elsewhere into the
 *       associated data if that matters.</li>
 *   <li>Blobs sealed with a hardware key do not migrate to another machine; use a released key
 *       for that. On SEV-SNP, a VMRK-rooted key (the SNP source's default) belongs to one launch
 *       of the VM when no migration agent provides the VMRK: a relaunched VM gets a new VMRK and
 *       cannot open what the previous launch sealed. Data that must survive a restart on the same
 *       host needs the VCEK root bound to the measurement (its limits are the SNP source's to
 *       document) or a released key.</li>
 * </ul>
 *
 * <p>Defaults: a simulated key source is refused unless {@link Builder#allowSimulatedKeySource()}
 * is called; the policy defaults to the source's mandatory bindings (which a chip-wide hardware
 * key refuses, see {@link SealingPolicy}); streams and large blobs use 16 KiB segments; randomness comes from a
 * new {@link SecureRandom}. The current key versions, and the root key at them, are read from the
 * source once, when first needed, and kept for the sealer's life (a hardware derivation is a
 * device round trip); call {@link #refreshKeyVersions()} after the platform was updated, which
 * also zeroes the kept key. Keys at older versions are derived per call and zeroed after use.
 * {@link #close()} destroys the kept key; a closed sealer refuses every operation with a
 * {@link SealingKeyUnavailableException} (streams already open keep their own key until closed).
 *
 * <p>Key sources are called through this class only, and whatever they throw reaches the caller
 * typed: their {@link AttestationException}s keep their failure class, and an unchecked exception
 * becomes a {@link MalformedSealedDataException} when it came from values read from sealed data
 * (the recorded versions) and a {@link SealingKeyUnavailableException} otherwise.
 *
 * @since 0.1
 */
public final class Sealer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sealer.class);

    /**
     * The default segment size: 16 KiB of plaintext per segment. Larger segments save little
     * (16 bytes of tag per segment) and, on JDK 17, keep AES-GCM decryption out of its
     * hardware-accelerated code for much longer (see {@code FORMAT.md}).
     */
    public static final int DEFAULT_SEGMENT_SIZE = 16 * 1024;

    private final SealingKeySource source;
    private final SealingPolicy policy;
    private final int segmentSize;
    private final RootKeys keys;
    private final NewHeaders headers;

    private Sealer(Builder b, SealingPolicy policy) {
        this.source = b.source;
        this.policy = policy;
        this.segmentSize = b.segmentSize;
        this.keys = new RootKeys(b.source, policy);
        this.headers = new NewHeaders(b.source, policy, b.random != null ? b.random : new SecureRandom(),
                b.segmentSize, keys);
    }

    /** Starts a sealer. */
    public static Builder builder() {
        return new Builder();
    }

    /** The policy in force. */
    public SealingPolicy policy() {
        return policy;
    }

    /** The key source's id. */
    public String keySourceId() {
        return source.id();
    }

    /**
     * Seals {@code plaintext}, authenticating {@code associatedData} (not stored; the same bytes
     * must be given to {@link #unseal}). Up to one segment of plaintext (16 KiB by default) gives
     * a single-message blob; more gives the segmented (stream) encoding, built in memory, which
     * {@link #unseal} and {@link #newUnsealingStream} both read.
     */
    public byte[] seal(byte[] plaintext, byte[] associatedData) throws SealingException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        Header header = headers.forData(plaintext.length, associatedData.length);
        byte[] out = new byte[NewHeaders.inMemoryLength(header, plaintext.length)];
        sealInto(header, plaintext, associatedData, out, 0);
        return out;
    }

    /**
     * As {@link #seal(byte[], byte[])}, into a caller's buffer (for callers that reuse buffers:
     * no result array per call; the sealed bytes are the same format).
     *
     * @return the number of bytes written, {@link #sealedLength(int)} of the plaintext's length
     * @throws IllegalArgumentException when {@code out} has less room than that from
     *     {@code outOffset}, or is the plaintext or associated-data array itself
     */
    public int seal(byte[] plaintext, byte[] associatedData, byte[] out, int outOffset) throws SealingException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        Objects.requireNonNull(out, "out");
        OutputBuffers.checkNotAliased(out, plaintext, associatedData);
        Header header = headers.forData(plaintext.length, associatedData.length);
        OutputBuffers.checkRoom(out, outOffset, NewHeaders.sealedLength(header, plaintext.length));
        return sealInto(header, plaintext, associatedData, out, outOffset);
    }

    /** The exact length {@link #seal} gives for {@code plaintextLength} bytes (under the current versions). */
    public long sealedLength(int plaintextLength) throws SealingException {
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("negative length");
        }
        return NewHeaders.sealedLength(headers.forData(plaintextLength, 0), plaintextLength);
    }

    /**
     * As {@link #seal(byte[], byte[])}, from {@code plaintext}'s remaining bytes into {@code out} at
     * its position, both positions advancing; heap or direct buffers, the same sealed bytes. Output
     * at or after the plaintext in the same memory (in place: a {@code duplicate()}) is correct;
     * other overlaps are refused for heap buffers and must be avoided for direct ones (unseen).
     *
     * @return the bytes written, {@link #sealedLength(int)} of {@code plaintext.remaining()}
     * @throws IllegalArgumentException (nothing written) when {@code out} is read-only, too small,
     *     {@code plaintext} itself, or overlaps it as said
     */
    public int seal(ByteBuffer plaintext, byte[] associatedData, ByteBuffer out) throws SealingException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        Objects.requireNonNull(out, "out");
        Header header = headers.forData(plaintext.remaining(), associatedData.length);
        long total = NewHeaders.sealedLength(header, plaintext.remaining());
        OutputBuffers.checkRoom(out, total);
        OutputBuffers.checkApart(out, plaintext, total, true);
        return keys.sealWith(header.versions(),
                root -> BufferMessages.seal(root, header, plaintext, associatedData, out));
    }

    private int sealInto(Header header, byte[] plaintext, byte[] associatedData, byte[] out, int outOffset)
            throws SealingException {
        return keys.sealWith(header.versions(), root -> header.kind() == Header.KIND_BLOB
                ? SealingCrypto.sealBlob(root, header, plaintext, associatedData, out, outOffset)
                : SealingCrypto.sealSegmented(root, header, plaintext, associatedData, out, outOffset));
    }

    /**
     * Checks and opens sealed data held in memory: a blob from {@link #seal}, or a whole sealed
     * stream or file.
     *
     * @throws MalformedSealedDataException when {@code sealed} is not a blob of this format
     * @throws SealingPolicyException when it was sealed under another key source or other
     *     bindings, or at versions above the current ones
     * @throws SealedDataAuthenticationException when it does not authenticate (tampered, wrong
     *     key, wrong associated data)
     * @throws SealingKeyUnavailableException when the key source fails
     */
    public byte[] unseal(byte[] sealed, byte[] associatedData) throws SealingException {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        Header header = HeaderReader.parse(sealed);
        return keys.openWith(header, associatedData, root -> header.kind() == Header.KIND_BLOB
                ? SealingCrypto.openBlob(root, header, sealed, associatedData)
                : SealingCrypto.openSegmented(root, header, sealed, associatedData));
    }

    /**
     * As {@link #unseal(byte[], byte[])}, into a caller's buffer (no result array per call). The
     * same checks, in the same order; plaintext is left in {@code out} only when all of it
     * authenticated: on any failure the range it may have been written to is zeroed.
     *
     * @return the plaintext length, {@link #unsealedLength(byte[])} of {@code sealed}
     * @throws IllegalArgumentException when {@code out} has less room than that from
     *     {@code outOffset} (which says nothing about authenticity: size it with
     *     {@code unsealedLength}), or is the sealed or associated-data array itself
     */
    public int unseal(byte[] sealed, byte[] associatedData, byte[] out, int outOffset) throws SealingException {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        Objects.requireNonNull(out, "out");
        OutputBuffers.checkNotAliased(out, sealed, associatedData);
        Header header = HeaderReader.parse(sealed);
        return keys.openWith(header, associatedData, root -> {
            OutputBuffers.checkRoom(out, outOffset, Math.max(0, SealingCrypto.plaintextLength(header, sealed.length)));
            return header.kind() == Header.KIND_BLOB
                    ? SealingCrypto.openBlob(root, header, sealed, associatedData, out, outOffset)
                    : SealingCrypto.openSegmented(root, header, sealed, associatedData, out, outOffset);
        });
    }

    /**
     * As {@link #unseal(byte[], byte[], byte[], int)}, from {@code sealed}'s remaining bytes into
     * {@code out} at its position; heap or direct buffers. Both positions advance on success; on
     * any failure neither does and the output range is zeroed. Output at or before the sealed
     * bytes in the same memory (in place: a {@code duplicate()}) is correct; other overlaps are
     * refused for heap buffers, and for direct ones (unseen) fail to authenticate.
     *
     * @return the plaintext length, {@link #unsealedLength(ByteBuffer)} of {@code sealed}
     * @throws IllegalArgumentException when {@code out} is read-only, too small, {@code sealed}
     *     itself, or overlaps it as said
     */
    public int unseal(ByteBuffer sealed, byte[] associatedData, ByteBuffer out) throws SealingException {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        Objects.requireNonNull(out, "out");
        Header header = HeaderReader.parse(sealed);
        return keys.openWith(header, associatedData, root -> {
            long plain = Math.max(0, SealingCrypto.plaintextLength(header, sealed.remaining()));
            OutputBuffers.checkRoom(out, plain);
            OutputBuffers.checkApart(out, sealed, plain, false);
            return BufferMessages.open(root, header, sealed, associatedData, out);
        });
    }

    /** As {@link #unsealedLength(byte[])}, for the remaining bytes of {@code sealed} (position unchanged). */
    public int unsealedLength(ByteBuffer sealed) throws SealingException {
        return unsealedLength(HeaderReader.parse(sealed), sealed.remaining());
    }

    /**
     * The plaintext length of whole sealed data in memory (blob, stream or file), from its header and
     * length alone: the room {@link #unseal(byte[], byte[], byte[], int)} needs. Not authenticated.
     *
     * @throws MalformedSealedDataException when {@code sealed} does not start with a header
     * @throws SealedDataAuthenticationException when it is too short to hold its last tag (truncated)
     */
    public int unsealedLength(byte[] sealed) throws SealingException {
        return unsealedLength(HeaderReader.parse(sealed), sealed.length);
    }

    private static int unsealedLength(Header header, int sealedLength) throws SealingException {
        long n = SealingCrypto.plaintextLength(header, sealedLength);
        if (n < 0) {
            throw new SealedDataAuthenticationException("sealed data is truncated (shorter than its last tag)");
        }
        return (int) n;
    }

    /**
     * Whether {@code sealedBlob} was sealed at versions other than the current ones, or without
     * the version bindings this policy adds by default (an earlier release's blob; see
     * {@link SealingPolicy}), so that {@link #reseal} would move it to the current versions and
     * bindings. Reads only the header: says nothing about whether the blob authenticates. Also
     * accepts the start of a sealed stream or file.
     */
    public boolean needsReseal(byte[] sealedBlob) throws SealingException {
        return needsReseal(SealedDataInfo.parse(sealedBlob));
    }

    /** As {@link #needsReseal(byte[])}, for a header read with {@link SealedDataInfo}. */
    public boolean needsReseal(SealedDataInfo info) throws SealingException {
        Objects.requireNonNull(info, "info");
        keys.checkSourceAndBindings(info.header());
        KeyVersions current = keys.currentVersions();
        keys.checkRecordedNotAbove(info.versions(), current);
        return !info.versions().equals(current) || policy.isEarlierDefault(info.bindings());
    }

    /** Unseals and seals again at the current versions, with a fresh salt and nonce. */
    public byte[] reseal(byte[] sealed, byte[] associatedData) throws SealingException {
        byte[] plaintext = unseal(sealed, associatedData);
        try {
            return seal(plaintext, associatedData);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Starts a sealed stream on {@code out}: writes the header now, then segments as data is
     * written. The stream must be {@linkplain SealingOutputStream#close() closed}, or the result
     * is rejected as truncated.
     */
    public SealingOutputStream newSealingStream(OutputStream out, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(associatedData, "associatedData");
        Header header = headers.forStream(associatedData.length);
        return new SealingOutputStream(out, header,
                keys.sealWith(header.versions(), root -> SealingCrypto.deriveDataKey(root, header)),
                associatedData.clone());
    }

    /**
     * Reads and checks a sealed stream's header from {@code in} and returns a stream of its
     * plaintext. Header problems are thrown here; problems in the segments are thrown by the
     * returned stream's reads as a {@link SealingIOException}.
     */
    public SealingInputStream newUnsealingStream(InputStream in, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(associatedData, "associatedData");
        Header header = HeaderReader.read(in);
        if (header.kind() != Header.KIND_STREAM) {
            throw new MalformedSealedDataException("this is a single-message sealed blob, not a stream; use unseal");
        }
        return new SealingInputStream(in, header,
                keys.openWith(header, associatedData, root -> SealingCrypto.deriveDataKey(root, header)),
                associatedData.clone());
    }

    /** Seals all of {@code in} to {@code out} as a stream; closes neither. */
    public void sealStream(InputStream in, OutputStream out, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(in, "in");
        StreamCopy.sealAll(in, newSealingStream(StreamCopy.nonClosing(out), associatedData), bufferSize());
    }

    /**
     * Unseals a whole stream from {@code in} to {@code out}; closes neither. Plaintext is written
     * segment by segment as it authenticates: when this throws, {@code out} may hold a prefix of
     * the plaintext, which must be discarded.
     */
    public void unsealStream(InputStream in, OutputStream out, byte[] associatedData)
            throws SealingException, IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(in, "in");
        InputStream notClosed = StreamCopy.nonClosing(in);
        StreamCopy.unsealAll(() -> newUnsealingStream(notClosed, associatedData), out, bufferSize());
    }

    /** Forgets the cached versions and key; the next operation reads them from the source again. */
    public void refreshKeyVersions() {
        keys.refresh();
    }

    /**
     * Destroys the kept root key and closes this sealer: every later operation throws
     * {@link SealingKeyUnavailableException}. Idempotent.
     */
    @Override
    public void close() {
        keys.close();
    }

    /** Copy buffer of the whole-stream methods: 4 segments, so most are encrypted without a copy. */
    private int bufferSize() {
        return segmentSize >= 1 << 20 ? segmentSize : 4 * segmentSize;
    }

    /** Configures a {@link Sealer}. */
    public static final class Builder {
        private SealingKeySource source;
        private SealingPolicy policy;
        private boolean allowSimulated;
        private SecureRandom random;
        private int segmentSize = DEFAULT_SEGMENT_SIZE;

        private Builder() {
        }

        /** The key source (required). */
        public Builder keySource(SealingKeySource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The policy, built for the same key source. Default: the source's mandatory bindings. */
        public Builder policy(SealingPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Accepts a key source that says it is {@linkplain SealingKeySource#simulated() simulated}.
         * For tests and demos only: a simulated key protects nothing.
         */
        public Builder allowSimulatedKeySource() {
            this.allowSimulated = true;
            return this;
        }

        /** The randomness for salts and nonces. Default: a new {@link SecureRandom}. */
        public Builder secureRandom(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Plaintext bytes per segment (and the largest plaintext sealed as one message), 64 B to
         * 4 MiB. Default 16 KiB.
         */
        public Builder segmentSize(int segmentSize) {
            if (segmentSize < Header.MIN_SEGMENT_SIZE || segmentSize > Header.MAX_SEGMENT_SIZE) {
                throw new IllegalArgumentException("segment size must be in " + Header.MIN_SEGMENT_SIZE + ".."
                        + Header.MAX_SEGMENT_SIZE);
            }
            this.segmentSize = segmentSize;
            return this;
        }

        /**
         * Builds the sealer.
         *
         * @throws SealingPolicyException when the source is simulated and was not allowed, or the
         *     policy does not fit the source
         */
        public Sealer build() throws SealingPolicyException {
            if (source == null) {
                throw new IllegalStateException("keySource is required");
            }
            if (!Header.validKeySourceId(source.id())) {
                throw new IllegalArgumentException("key source id must be 1..64 printable ASCII characters");
            }
            if (source.simulated() && !allowSimulated) {
                throw new SealingPolicyException("key source " + source.id() + " is a simulator; call"
                        + " allowSimulatedKeySource() to use it (tests and demos only)");
            }
            SealingPolicy p = policy != null ? policy : SealingPolicy.forSource(source).build();
            p.checkAgainst(source);
            return new Sealer(this, p);
        }
    }
}
