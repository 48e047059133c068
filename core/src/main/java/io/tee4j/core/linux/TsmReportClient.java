package io.tee4j.core.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets attestation evidence through the Linux configfs-tsm report interface
 * ({@code /sys/kernel/config/tsm/report}, Linux 6.7+), for any provider: {@code sev_guest},
 * {@code tdx_guest}, {@code arm_cca_guest}.
 *
 * <p>One {@link #getReport(TsmRequest)}:
 * <ol>
 *   <li>creates a fresh entry with a unique name ({@code tee4j-<pid>-<counter>-<random>});</li>
 *   <li>reads {@code provider} and, when the request names one, requires it (before writing
 *       anything, so no report is produced by the wrong provider);</li>
 *   <li>reads {@code generation}, writes {@code privlevel} and the extra attributes (when given)
 *       and then {@code inblob};</li>
 *   <li>reads {@code outblob} (which makes the provider produce the evidence), then
 *       {@code auxblob} and {@code manifestblob} when requested and present;</li>
 *   <li>reads {@code generation} again: if it moved by more than our own writes, another writer
 *       changed the entry between our write and our read, so the evidence may not be for our
 *       {@code inblob}: the attempt is discarded and retried in a new entry;</li>
 *   <li>always removes the entry.</li>
 * </ol>
 * {@code EBUSY}/{@code EAGAIN}/{@code EINTR} and a concurrent writer are retried with the
 * configured {@link Backoff} (default {@link Backoff#defaults()}: 5 attempts); then
 * {@link TsmException} with reason {@code BUSY} or {@code CONCURRENT_WRITER}.
 *
 * <p>Size caps: {@code outblob}, {@code auxblob} and {@code manifestblob} at most
 * {@link Builder#maxBlobBytes(int)} (default 32 KiB, the kernel's {@code TSM_OUTBLOB_MAX});
 * {@code provider} 64 bytes, {@code generation} 32 bytes. A longer attribute is an error
 * ({@code TOO_LARGE}), never read in full.
 *
 * <p>Not handled: the evidence is not parsed or verified (that is the backend's job); an entry
 * left behind when {@code rmdir} fails is logged at DEBUG and not retried; nothing stops another
 * process from writing to our entry, it is only detected.
 *
 * <p>Immutable and thread-safe: concurrent calls use separate entries.
 *
 * @since 0.1
 */
public final class TsmReportClient {

    /** Where the kernel mounts the report tree. */
    public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/tsm/report");
    /** Default cap on each blob: the kernel's {@code TSM_OUTBLOB_MAX} (32 KiB). */
    public static final int DEFAULT_MAX_BLOB_BYTES = 32 * 1024;

    static final int MAX_PROVIDER_BYTES = 64;
    static final int MAX_GENERATION_BYTES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(TsmReportClient.class);
    private static final AtomicLong COUNTER = new AtomicLong();

    private static final String HINT_MOUNT = "mount configfs (mount -t configfs none /sys/kernel/config)";
    private static final String HINT_KERNEL = "use a guest kernel >= 6.7 built with CONFIG_TSM_REPORTS and load the "
            + "guest driver (sev-guest, tdx-guest or arm-cca-guest)";
    private static final String HINT_PERMISSION = "run as root or give this user write access to the configfs-tsm "
            + "report directory";

    private final Path root;
    private final TsmFileSystem fs;
    private final Backoff backoff;
    private final int maxBlobBytes;
    private final Supplier<String> entryNames;

    private TsmReportClient(Builder b) {
        this.root = b.root;
        this.fs = b.fs;
        this.backoff = b.backoff;
        this.maxBlobBytes = b.maxBlobBytes;
        this.entryNames = b.entryNames;
    }

    /** A client on {@link #DEFAULT_ROOT} through {@code java.nio}, with the default backoff and caps. */
    public static TsmReportClient system() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The report directory this client uses. */
    public Path root() {
        return root;
    }

    /**
     * Whether the report directory exists. Says nothing about the provider; no entry is made.
     */
    public boolean isPresent() {
        return fs.isDirectory(root);
    }

    /**
     * The registered provider's name, found by creating an entry, reading {@code provider} and
     * removing the entry. No attribute is written and no report is produced.
     *
     * @throws TsmException when the tree is missing or unusable, or no provider is registered
     */
    public String provider() throws TsmException {
        checkRoot();
        Path entry = createEntry();
        TsmException failure = null;
        try {
            return readProvider(entry);
        } catch (TsmException e) {
            failure = e;
            throw e;
        } finally {
            removeEntry(entry, failure);
        }
    }

    /**
     * Gets a report for {@code request}; see the class comment for the steps and retries.
     *
     * @throws TsmException with a {@link TsmException.Reason}: {@code UNAVAILABLE} (tree missing:
     *     mount configfs, kernel 6.7+ with CONFIG_TSM_REPORTS), {@code PERMISSION_DENIED},
     *     {@code NO_PROVIDER}, {@code PROVIDER_MISMATCH} (names both), {@code BUSY} and
     *     {@code CONCURRENT_WRITER} (after the retries), {@code INVALID_REQUEST},
     *     {@code EMPTY_OUTBLOB}, {@code TOO_LARGE}, {@code MALFORMED_ATTRIBUTE}, {@code IO_ERROR}
     */
    public TsmReport getReport(TsmRequest request) throws TsmException {
        Objects.requireNonNull(request, "request");
        checkRoot();
        int[] attempts = {0};
        try {
            return backoff.run(() -> {
                attempts[0]++;
                return attempt(request);
            }, TsmException.class, e -> e.reason() == TsmException.Reason.BUSY
                    || e.reason() == TsmException.Reason.CONCURRENT_WRITER);
        } catch (TsmException e) {
            if ((e.reason() == TsmException.Reason.BUSY || e.reason() == TsmException.Reason.CONCURRENT_WRITER)
                    && attempts[0] > 1) {
                throw new TsmException(e.reason(), e.getMessage() + " (gave up after " + attempts[0] + " attempts)",
                        e.errno().orElse(-1), e);
            }
            throw e;
        }
    }

    private TsmReport attempt(TsmRequest request) throws TsmException {
        Path entry = createEntry();
        TsmException failure = null;
        try {
            String provider = readProvider(entry);
            Optional<String> expected = request.expectedProvider();
            if (expected.isPresent() && !normalise(expected.get()).equals(normalise(provider))) {
                throw new TsmException(TsmException.Reason.PROVIDER_MISMATCH, "configfs-tsm provider at " + root
                        + " is '" + provider + "', expected '" + expected.get() + "': this guest is not the TEE asked for",
                        -1, null);
            }
            long before = readGeneration(entry);
            AttributeWriter writer = new AttributeWriter(entry);
            if (request.privlevel().isPresent()) {
                writer.write("privlevel", Integer.toString(request.privlevel().getAsInt()).getBytes(StandardCharsets.US_ASCII));
            }
            for (Map.Entry<String, String> a : request.attributes().entrySet()) {
                writer.write(a.getKey(), a.getValue().getBytes(StandardCharsets.US_ASCII));
            }
            writer.write("inblob", request.inblob());
            byte[] outblob = readBlob(entry, "outblob");
            if (outblob.length == 0) {
                throw new TsmException(TsmException.Reason.EMPTY_OUTBLOB, "configfs-tsm provider '" + provider
                        + "' returned an empty outblob without an error"
                        + (normalise(provider).equals(TsmRequest.PROVIDER_TDX_GUEST)
                                ? " (for tdx_guest: the host's quote generation service is likely not configured "
                                        + "or not reachable)" : ""), -1, null);
            }
            byte[] auxblob = request.readAuxblob() ? readOptionalBlob(entry, "auxblob") : null;
            byte[] manifestblob = request.readManifestblob() ? readOptionalBlob(entry, "manifestblob") : null;
            long after = readGeneration(entry);
            long expectedAfter = before + request.writeCount();
            if (after != expectedAfter) {
                throw new TsmException(TsmException.Reason.CONCURRENT_WRITER, "configfs-tsm entry " + entry
                        + " was written by someone else: generation went from " + before + " to " + after
                        + ", expected " + expectedAfter + " after our " + request.writeCount() + " write(s)", -1, null);
            }
            LOG.debug("configfs-tsm report from {}: outblob {} bytes, generation {}", provider, outblob.length, after);
            return TsmReport.builder().outblob(outblob).auxblob(auxblob).manifestblob(manifestblob).provider(provider)
                    .generation(after).build();
        } catch (TsmException e) {
            failure = e;
            throw e;
        } finally {
            removeEntry(entry, failure);
        }
    }

    private void checkRoot() throws TsmException {
        if (fs.isDirectory(root)) {
            return;
        }
        List<String> probes = new ArrayList<>();
        probes.add(root + ": missing");
        Path tsm = root.getParent();
        Path configfs = tsm == null ? null : tsm.getParent();
        String hint;
        if (tsm != null && fs.isDirectory(tsm)) {
            probes.add(tsm + ": present");
            hint = HINT_KERNEL;
        } else if (configfs != null && fs.isDirectory(configfs)) {
            probes.add(configfs + ": present");
            hint = HINT_MOUNT + ", or " + HINT_KERNEL;
        } else {
            if (configfs != null) {
                probes.add(configfs + ": missing");
            }
            hint = HINT_MOUNT + ", and " + HINT_KERNEL;
        }
        throw new TsmException(TsmException.Reason.UNAVAILABLE, "configfs-tsm report directory " + root
                + " does not exist; " + hint, probes);
    }

    private Path createEntry() throws TsmException {
        String name = entryNames.get();
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalStateException("entry name supplier returned an unusable name: " + name);
        }
        Path entry = root.resolve(name);
        try {
            fs.createDirectory(entry);
            return entry;
        } catch (IOException e) {
            throw map(e, "create configfs-tsm entry " + entry);
        }
    }

    private void removeEntry(Path entry, TsmException failure) {
        try {
            fs.deleteDirectory(entry);
        } catch (IOException e) {
            LOG.debug("could not remove configfs-tsm entry {}: {}", entry, e.getMessage());
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    private String readProvider(Path entry) throws TsmException {
        byte[] raw = readAttribute(entry, "provider", MAX_PROVIDER_BYTES);
        String provider = new String(raw, StandardCharsets.US_ASCII).trim();
        if (provider.isEmpty() || !provider.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new TsmException(TsmException.Reason.MALFORMED_ATTRIBUTE, "configfs-tsm attribute "
                    + entry.resolve("provider") + " does not hold a provider name", -1, null);
        }
        return provider;
    }

    private long readGeneration(Path entry) throws TsmException {
        byte[] raw = readAttribute(entry, "generation", MAX_GENERATION_BYTES);
        String text = new String(raw, StandardCharsets.US_ASCII).trim();
        if (text.isEmpty() || text.length() > 20 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TsmException(TsmException.Reason.MALFORMED_ATTRIBUTE, "configfs-tsm attribute "
                    + entry.resolve("generation") + " does not hold a decimal counter", -1, null);
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new TsmException(TsmException.Reason.MALFORMED_ATTRIBUTE, "configfs-tsm attribute "
                    + entry.resolve("generation") + " holds a counter out of range", -1, e);
        }
    }

    private byte[] readBlob(Path entry, String name) throws TsmException {
        return readAttribute(entry, name, maxBlobBytes);
    }

    private byte[] readOptionalBlob(Path entry, String name) throws TsmException {
        if (!fs.exists(entry.resolve(name))) {
            return null;
        }
        byte[] blob = readBlob(entry, name);
        return blob.length == 0 ? null : blob;
    }

    private byte[] readAttribute(Path entry, String name, int max) throws TsmException {
        Path file = entry.resolve(name);
        try {
            return fs.read(file, max);
        } catch (IOException e) {
            throw map(e, "read configfs-tsm attribute " + file + " (cap " + max + " bytes)");
        }
    }

    /** Writes attributes and keeps the messages uniform. */
    private final class AttributeWriter {
        private final Path entry;

        AttributeWriter(Path entry) {
            this.entry = entry;
        }

        void write(String name, byte[] data) throws TsmException {
            Path file = entry.resolve(name);
            try {
                fs.write(file, data);
            } catch (IOException e) {
                if (e instanceof ErrnoIOException && ((ErrnoIOException) e).errno() == Errno.ENOENT
                        && fs.isDirectory(entry)) {
                    throw new TsmException(TsmException.Reason.INVALID_REQUEST, "cannot write configfs-tsm attribute "
                            + file + ": ENOENT; this provider does not offer the attribute '" + name + "'",
                            Errno.ENOENT, e);
                }
                throw map(e, "write configfs-tsm attribute " + file);
            }
        }
    }

    private TsmException map(IOException e, String what) {
        int errno = e instanceof ErrnoIOException ? ((ErrnoIOException) e).errno() : -1;
        String name = errno < 0 ? "I/O error" : Errno.name(errno);
        switch (errno) {
            case Errno.ENOENT:
                return new TsmException(TsmException.Reason.UNAVAILABLE, "cannot " + what + ": " + name
                        + "; " + HINT_KERNEL, errno, e);
            case Errno.EACCES:
            case Errno.EPERM:
            case Errno.EROFS:
                return new TsmException(TsmException.Reason.PERMISSION_DENIED, "cannot " + what + ": " + name + "; "
                        + HINT_PERMISSION, errno, e);
            case Errno.ENXIO:
            case Errno.ENODEV:
                return new TsmException(TsmException.Reason.NO_PROVIDER, "cannot " + what + ": " + name
                        + "; no TSM provider is registered or the provider failed: load the guest driver "
                        + "(sev-guest, tdx-guest, arm-cca-guest) and check dmesg", errno, e);
            case Errno.EBUSY:
            case Errno.EAGAIN:
            case Errno.EINTR:
                return new TsmException(TsmException.Reason.BUSY, "cannot " + what + ": " + name
                        + "; the provider is busy", errno, e);
            case Errno.EINVAL:
                return new TsmException(TsmException.Reason.INVALID_REQUEST, "cannot " + what + ": " + name
                        + "; the provider rejected the request (inblob length, privlevel below privlevel_floor, "
                        + "or an unsupported attribute value)", errno, e);
            case Errno.EFBIG:
                return new TsmException(TsmException.Reason.TOO_LARGE, "cannot " + what + ": " + name
                        + "; the attribute is larger than allowed", errno, e);
            default:
                return new TsmException(TsmException.Reason.IO_ERROR, "cannot " + what + ": "
                        + (errno < 0 ? String.valueOf(e.getMessage()) : name), errno, e);
        }
    }

    private static String normalise(String provider) {
        return provider.trim().replace('-', '_');
    }

    private static String defaultEntryName() {
        return "tee4j-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
    }

    @Override
    public String toString() {
        return "TsmReportClient[" + root + ", " + backoff + ", blobs <= " + maxBlobBytes + " bytes]";
    }

    /** Builds a {@link TsmReportClient}; every setting has a default. */
    public static final class Builder {
        private Path root = DEFAULT_ROOT;
        private TsmFileSystem fs = TsmFileSystem.system();
        private Backoff backoff = Backoff.defaults();
        private int maxBlobBytes = DEFAULT_MAX_BLOB_BYTES;
        private Supplier<String> entryNames = TsmReportClient::defaultEntryName;

        private Builder() {
        }

        /** The report directory. Default {@link #DEFAULT_ROOT}. */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** How the tree is accessed. Default {@link TsmFileSystem#system()}. */
        public Builder fileSystem(TsmFileSystem fs) {
            this.fs = Objects.requireNonNull(fs, "fs");
            return this;
        }

        /** Retries of busy providers and concurrent writers. Default {@link Backoff#defaults()}. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** Cap on each blob read, 1 byte .. 16 MiB. Default 32 KiB. */
        public Builder maxBlobBytes(int maxBlobBytes) {
            if (maxBlobBytes < 1 || maxBlobBytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("maxBlobBytes must be 1..16 MiB: " + maxBlobBytes);
            }
            this.maxBlobBytes = maxBlobBytes;
            return this;
        }

        /**
         * Names for new entries (tests use predictable ones). Each call must return a fresh name
         * without '/'. Default {@code tee4j-<pid>-<counter>-<random hex>}.
         */
        public Builder entryNames(Supplier<String> entryNames) {
            this.entryNames = Objects.requireNonNull(entryNames, "entryNames");
            return this;
        }

        /** The client. */
        public TsmReportClient build() {
            return new TsmReportClient(this);
        }
    }
}
