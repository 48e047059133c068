package io.tee4j.sealing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.core.keys.SealingKeySource;
import io.tee4j.sealing.format.Header;
import io.tee4j.sealing.internal.TagMismatchException;
import java.util.Arrays;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root keys of one {@link Sealer}: the source's current versions and the key derived at them,
 * kept until refreshed or closed, and the checks that come before a recorded key is derived again
 * to open data (key source id, bindings, associated-data length, versions not above the current).
 * Thread-safe; the kept key is destroyed on {@link #refresh()} and {@link #close()}.
 */
final class RootKeys {
    private static final Logger LOG = LoggerFactory.getLogger(Sealer.class);

    private final SealingKeySource source;
    private final SealingPolicy policy;
    private final Object lock = new Object();
    private KeyVersions currentVersions;
    private SecretBytes currentKey;
    private boolean closed;

    RootKeys(SealingKeySource source, SealingPolicy policy) {
        this.source = source;
        this.policy = policy;
    }

    /** Forgets the cached versions and key; the next operation reads them from the source again. */
    void refresh() {
        synchronized (lock) {
            currentVersions = null;
            destroyKey();
        }
    }

    /** Destroys the kept key; every later operation throws {@link SealingKeyUnavailableException}. */
    void close() {
        synchronized (lock) {
            closed = true;
            currentVersions = null;
            destroyKey();
        }
    }

    private void destroyKey() {
        if (currentKey != null) {
            currentKey.destroy();
            currentKey = null;
        }
    }

    void ensureOpen() throws SealingKeyUnavailableException {
        if (closed) {
            throw new SealingKeyUnavailableException("this sealer is closed (its root key was destroyed)");
        }
    }

    KeyVersions currentVersions() throws SealingException {
        synchronized (lock) {
            ensureOpen();
            if (currentVersions == null) {
                KeyVersions read;
                try {
                    read = source.currentVersions();
                } catch (SealingException e) {
                    throw e;
                } catch (AttestationException e) {
                    throw new SealingKeyUnavailableException("key source " + source.id()
                            + " could not report its current versions: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw new SealingKeyUnavailableException("key source " + source.id()
                            + " failed reporting its current versions: " + e, e);
                }
                if (read == null) {
                    throw new SealingKeyUnavailableException("key source " + source.id() + " reported no versions");
                }
                currentVersions = read;
                LOG.debug("sealing key source {} at versions {}", source.id(), currentVersions);
            }
            return currentVersions;
        }
    }

    /**
     * The root key for sealing at {@code versions} under this policy's bindings: the kept key
     * when they are the current ones (derived on first use), else a fresh derivation. Taking the
     * versions from the header being written keeps key and header consistent even if
     * {@link #refresh()} runs meanwhile.
     */
    byte[] forSealing(KeyVersions versions) throws SealingException {
        return rootKey(policy.bindings(), versions, false);
    }

    /**
     * The root key for {@code bindings} at {@code versions}; kept (and reused) only for the
     * policy's own bindings at the current versions. {@code recorded}: the values come from sealed
     * data, so a source's unchecked exception about them means the data is malformed.
     */
    private byte[] rootKey(Set<KeyBinding> bindings, KeyVersions versions, boolean recorded) throws SealingException {
        synchronized (lock) {
            ensureOpen();
            if (bindings.equals(policy.bindings()) && versions.equals(currentVersions)) {
                if (currentKey == null) {
                    currentKey = derive(bindings, versions, recorded);
                }
                return currentKey.toByteArray(SecretAccess.INSECURE);
            }
        }
        try (SecretBytes key = derive(bindings, versions, recorded)) {
            return key.toByteArray(SecretAccess.INSECURE);
        }
    }

    private SecretBytes derive(Set<KeyBinding> bindings, KeyVersions versions, boolean recorded)
            throws SealingException {
        SecretBytes key;
        try {
            key = source.deriveKey(bindings, versions);
        } catch (SealingException e) {
            throw e;
        } catch (AttestationException e) {
            throw new SealingKeyUnavailableException("key source " + source.id() + " did not derive a key: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw sourceFailure("derive a key at " + versions, e, recorded);
        }
        if (key == null || key.size() != 32) {
            throw new SealingKeyUnavailableException("key source " + source.id() + " returned no 32-byte key");
        }
        return key;
    }

    /** A key source's unchecked exception, typed: about recorded values, the data is malformed. */
    private SealingException sourceFailure(String what, RuntimeException e, boolean recorded) {
        String message = "key source " + source.id() + " failed to " + what + ": " + e;
        return recorded ? new MalformedSealedDataException(message, e) : new SealingKeyUnavailableException(message, e);
    }

    void checkSourceAndBindings(Header header) throws SealingPolicyException {
        if (!header.keySourceId().equals(source.id())) {
            throw new SealingPolicyException("sealed under key source " + header.keySourceId()
                    + ", this sealer uses " + source.id());
        }
        if (!policy.opens(header.bindings())) {
            throw new SealingPolicyException("sealed with bindings " + header.bindings()
                    + ", this sealer's policy binds " + policy.bindings());
        }
    }

    /** Refuses recorded versions above the current ones (as the source compares them). */
    void checkRecordedNotAbove(KeyVersions recorded, KeyVersions current) throws SealingException {
        boolean notAbove;
        try {
            notAbove = source.notAbove(recorded, current);
        } catch (RuntimeException e) {
            throw sourceFailure("compare the recorded versions " + recorded, e, true);
        }
        if (!notAbove) {
            throw new SealingPolicyException("sealed at versions " + recorded + ", above the current "
                    + current + " (or not comparable)");
        }
    }

    /** The root key for opening {@code header}, after every check that needs no key. */
    byte[] forOpening(Header header, byte[] associatedData) throws SealingException {
        checkSourceAndBindings(header);
        if (header.aadLength() != associatedData.length) {
            throw new SealedDataAuthenticationException("associated data differs from the one sealed with"
                    + " (length " + associatedData.length + ", sealed with " + header.aadLength() + ")");
        }
        KeyVersions current = currentVersions();
        KeyVersions recorded = header.versions();
        if (!recorded.equals(current)) {
            checkRecordedNotAbove(recorded, current);
            LOG.debug("unsealing at recorded versions {} (current {})", recorded, current);
        }
        return rootKey(header.bindings(), recorded, true);
    }
    /** Work done with a root key, which is zeroed after it. */
    interface KeyWork<T> {
        T apply(byte[] rootKey) throws TagMismatchException;
    }

    /** {@code work} on the root key at {@code versions} under this policy's bindings. */
    <T> T sealWith(KeyVersions versions, KeyWork<T> work) throws SealingException {
        return withRootKey(forSealing(versions), work);
    }

    /**
     * {@code work} on the root key that opens the data {@code header} starts, after
     * {@link #forOpening}'s checks; an authentication failure becomes a
     * {@link SealedDataAuthenticationException} with the same message.
     */
    <T> T openWith(Header header, byte[] associatedData, KeyWork<T> work) throws SealingException {
        return withRootKey(forOpening(header, associatedData), work);
    }

    /** Runs {@code work} on {@code root}, then zeroes it; a tag mismatch becomes unauthentic data. */
    private static <T> T withRootKey(byte[] root, KeyWork<T> work) throws SealingException {
        try {
            return work.apply(root);
        } catch (TagMismatchException e) {
            throw HeaderReader.unauthentic(e);
        } finally {
            Arrays.fill(root, (byte) 0);
        }
    }
}
