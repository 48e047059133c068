package io.tee4j.core.testing;

import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.ErrnoIOException;
import io.tee4j.core.linux.TsmFileSystem;
import io.tee4j.core.linux.TsmReportClient;
import io.tee4j.core.linux.TsmRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An in-memory configfs-tsm report tree that behaves like the kernel's
 * ({@code drivers/virt/coco/guest/report.c} and the providers), for running the real
 * {@link TsmReportClient} without a TEE. Backend simulators plug a {@link Generator} in that turns
 * the {@code inblob} into a signed report.
 *
 * <p>Simulated behaviour:
 * <ul>
 *   <li>{@code mkdir} of a new name under the root creates an entry with {@code generation} 0 and
 *       the provider's visible attributes (sev_guest: generation, provider, privlevel,
 *       privlevel_floor, inblob, outblob, auxblob; tdx_guest: generation, provider, inblob,
 *       outblob; anything else: all attributes); {@code rmdir} removes it.</li>
 *   <li>Writes to {@code inblob}, {@code privlevel} and the {@code service_*} attributes each bump
 *       {@code generation}; a write to a read-only attribute fails with {@code EACCES}, to a
 *       missing one with {@code ENOENT}. The inblob length is checked against the provider's rule
 *       ({@code EINVAL}); privlevel must be 0..3 and at least the floor ({@code EINVAL}).</li>
 *   <li>Reading {@code outblob}/{@code auxblob}/{@code manifestblob} without an inblob fails with
 *       {@code EINVAL}; otherwise the generator runs once per generation (results are cached as
 *       the kernel caches them). A blob longer than the reader's cap fails with {@code EFBIG}.</li>
 * </ul>
 * Faults: {@link #failNext(String, int, int)} makes the next operations on an attribute (or
 * {@code "mkdir"}/{@code "rmdir"}) fail with an errno; {@link #concurrentWriteBeforeNextOutblobReads(int)}
 * simulates another process writing the entry between our write and our read;
 * {@link Builder#present(boolean)} removes the whole tree.
 *
 * <p>Thread-safe (every method is synchronized). Records what happened for assertions:
 * {@link #liveEntries()}, {@link #createdEntries()}, {@link #generatorCalls()}.
 */
public final class FakeTsmTree implements TsmFileSystem {

    /** What the generator sees: the inputs written to the entry. */
    public static final class Inputs {
        private final byte[] inblob;
        private final int privlevel;
        private final Map<String, String> attributes;

        Inputs(byte[] inblob, int privlevel, Map<String, String> attributes) {
            this.inblob = inblob.clone();
            this.privlevel = privlevel;
            this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        public byte[] inblob() {
            return inblob.clone();
        }

        /** The privlevel written, if any. */
        public OptionalInt privlevel() {
            return privlevel < 0 ? OptionalInt.empty() : OptionalInt.of(privlevel);
        }

        /** The other text attributes written ({@code service_provider}, ...). */
        public Map<String, String> attributes() {
            return attributes;
        }
    }

    /** What the provider answers. */
    public static final class Blobs {
        private final byte[] outblob;
        private final byte[] auxblob;
        private final byte[] manifestblob;

        private Blobs(byte[] outblob, byte[] auxblob, byte[] manifestblob) {
            this.outblob = Objects.requireNonNull(outblob, "outblob").clone();
            this.auxblob = auxblob == null ? new byte[0] : auxblob.clone();
            this.manifestblob = manifestblob == null ? new byte[0] : manifestblob.clone();
        }

        /** Just an outblob (which may be empty to simulate a misconfigured quote service). */
        public static Blobs of(byte[] outblob) {
            return new Blobs(outblob, null, null);
        }

        public Blobs withAuxblob(byte[] auxblob) {
            return new Blobs(outblob, auxblob, manifestblob);
        }

        public Blobs withManifestblob(byte[] manifestblob) {
            return new Blobs(outblob, auxblob, manifestblob);
        }
    }

    /** Produces the provider's answer; may throw {@link ErrnoIOException} to simulate a provider error. */
    @FunctionalInterface
    public interface Generator {
        Blobs generate(Inputs inputs) throws IOException;
    }

    private static final Set<String> SEV_ATTRIBUTES = Set.of("generation", "provider", "privlevel",
            "privlevel_floor", "inblob", "outblob", "auxblob");
    private static final Set<String> TDX_ATTRIBUTES = Set.of("generation", "provider", "inblob", "outblob");
    private static final Set<String> ALL_ATTRIBUTES = Set.of("generation", "provider", "privlevel",
            "privlevel_floor", "inblob", "outblob", "auxblob", "manifestblob", "service_provider", "service_guid",
            "service_manifest_version");
    private static final Set<String> READ_ONLY = Set.of("generation", "provider", "privlevel_floor", "outblob",
            "auxblob", "manifestblob");
    private static final Set<String> WRITE_ONLY = Set.of("inblob", "privlevel", "service_provider", "service_guid",
            "service_manifest_version");

    private final Path root;
    private final String provider;
    private final Set<String> attributes;
    private final int inblobMin;
    private final int inblobMax;
    private final int privlevelFloor;
    private final Generator generator;
    private final boolean present;

    private final Map<Path, Entry> entries = new HashMap<>();
    private final List<String> created = new ArrayList<>();
    private final Map<String, int[]> faults = new HashMap<>();
    private int concurrentWrites;
    private int generatorCalls;

    private FakeTsmTree(Builder b) {
        this.root = b.root;
        this.provider = b.provider;
        this.attributes = b.attributes != null ? b.attributes
                : b.provider.equals(TsmRequest.PROVIDER_SEV_GUEST) ? SEV_ATTRIBUTES
                : b.provider.equals(TsmRequest.PROVIDER_TDX_GUEST) ? TDX_ATTRIBUTES : ALL_ATTRIBUTES;
        this.inblobMin = b.inblobMin;
        this.inblobMax = b.inblobMax;
        this.privlevelFloor = b.privlevelFloor;
        this.generator = b.generator;
        this.present = b.present;
    }

    /** A builder for a tree of {@code provider} (e.g. {@link TsmRequest#PROVIDER_SEV_GUEST}) answering with {@code generator}. */
    public static Builder builder(String provider, Generator generator) {
        return new Builder(provider, generator);
    }

    /** The report directory (what to give {@link TsmReportClient.Builder#root(Path)}). */
    public Path root() {
        return root;
    }

    /** A client on this tree with the given backoff settings. */
    public TsmReportClient client(io.tee4j.core.linux.Backoff backoff) {
        return TsmReportClient.builder().root(root).fileSystem(this).backoff(backoff).build();
    }

    /**
     * Makes the next {@code times} operations on {@code target} fail with {@code errno}. Targets:
     * an attribute name (reads and writes), {@code "mkdir"} or {@code "rmdir"}. Use
     * {@link Integer#MAX_VALUE} for "always".
     */
    public synchronized FakeTsmTree failNext(String target, int errno, int times) {
        faults.put(target, new int[] {errno, times});
        return this;
    }

    /** The next {@code times} reads of {@code outblob} are preceded by another writer's write. */
    public synchronized FakeTsmTree concurrentWriteBeforeNextOutblobReads(int times) {
        this.concurrentWrites = times;
        return this;
    }

    /** Entries that exist now (the client must leave none). */
    public synchronized Set<String> liveEntries() {
        Set<String> names = new LinkedHashSet<>();
        entries.keySet().forEach(p -> names.add(p.getFileName().toString()));
        return names;
    }

    /** Every entry name ever created, in order. */
    public synchronized List<String> createdEntries() {
        return List.copyOf(created);
    }

    /** How often the generator ran. */
    public synchronized int generatorCalls() {
        return generatorCalls;
    }

    @Override
    public synchronized boolean isDirectory(Path path) {
        if (!present) {
            return false;
        }
        return path.equals(root) || isAncestorOfRoot(path) || entries.containsKey(path);
    }

    @Override
    public synchronized boolean exists(Path path) {
        if (isDirectory(path)) {
            return true;
        }
        Entry entry = present ? entries.get(path.getParent()) : null;
        return entry != null && attributes.contains(path.getFileName().toString());
    }

    @Override
    public synchronized void createDirectory(Path dir) throws IOException {
        fault("mkdir", "mkdir " + dir);
        if (!present || !root.equals(dir.getParent())) {
            throw new ErrnoIOException(Errno.ENOENT, "mkdir " + dir);
        }
        if (entries.containsKey(dir)) {
            throw new ErrnoIOException(Errno.EEXIST, "mkdir " + dir);
        }
        entries.put(dir, new Entry());
        created.add(dir.getFileName().toString());
    }

    @Override
    public synchronized void deleteDirectory(Path dir) throws IOException {
        fault("rmdir", "rmdir " + dir);
        if (entries.remove(dir) == null) {
            throw new ErrnoIOException(Errno.ENOENT, "rmdir " + dir);
        }
    }

    @Override
    public synchronized void write(Path file, byte[] data) throws IOException {
        String name = file.getFileName().toString();
        Entry entry = entryOf(file, "write");
        fault(name, "write " + file);
        if (READ_ONLY.contains(name)) {
            throw new ErrnoIOException(Errno.EACCES, "write " + file);
        }
        if (!WRITE_ONLY.contains(name)) {
            throw new ErrnoIOException(Errno.ENOENT, "write " + file);
        }
        switch (name) {
            case "inblob":
                if (data.length < inblobMin || data.length > inblobMax) {
                    throw new ErrnoIOException(Errno.EINVAL, "write " + file + " (" + data.length + " bytes)");
                }
                entry.inblob = data.clone();
                break;
            case "privlevel":
                int level;
                try {
                    level = Integer.parseInt(new String(data, StandardCharsets.US_ASCII).trim());
                } catch (NumberFormatException e) {
                    throw new ErrnoIOException(Errno.EINVAL, "write " + file);
                }
                if (level < privlevelFloor || level > TsmRequest.PRIVLEVEL_MAX) {
                    throw new ErrnoIOException(Errno.EINVAL, "write " + file + " (privlevel " + level + ")");
                }
                entry.privlevel = level;
                break;
            default:
                entry.options.put(name, new String(data, StandardCharsets.US_ASCII).trim());
                break;
        }
        entry.generation++;
    }

    @Override
    public synchronized byte[] read(Path file, int maxBytes) throws IOException {
        String name = file.getFileName().toString();
        Entry entry = entryOf(file, "read");
        fault(name, "read " + file);
        if (WRITE_ONLY.contains(name)) {
            throw new ErrnoIOException(Errno.EACCES, "read " + file);
        }
        byte[] value;
        switch (name) {
            case "provider":
                value = (provider + "\n").getBytes(StandardCharsets.US_ASCII);
                break;
            case "generation":
                value = (Long.toUnsignedString(entry.generation) + "\n").getBytes(StandardCharsets.US_ASCII);
                break;
            case "privlevel_floor":
                value = (privlevelFloor + "\n").getBytes(StandardCharsets.US_ASCII);
                break;
            case "outblob":
                if (concurrentWrites > 0) {
                    concurrentWrites--;
                    entry.generation++;
                }
                value = blobs(entry, file).outblob;
                break;
            case "auxblob":
                value = blobs(entry, file).auxblob;
                break;
            case "manifestblob":
                value = blobs(entry, file).manifestblob;
                break;
            default:
                throw new ErrnoIOException(Errno.ENOENT, "read " + file);
        }
        if (value.length > maxBytes) {
            throw new ErrnoIOException(Errno.EFBIG, "read " + file + ": longer than " + maxBytes + " bytes");
        }
        return value.clone();
    }

    private Blobs blobs(Entry entry, Path file) throws IOException {
        if (entry.inblob == null) {
            throw new ErrnoIOException(Errno.EINVAL, "read " + file + " (no inblob written)");
        }
        if (entry.cached == null || entry.cachedGeneration != entry.generation) {
            generatorCalls++;
            entry.cached = generator.generate(new Inputs(entry.inblob, entry.privlevel, entry.options));
            entry.cachedGeneration = entry.generation;
        }
        return entry.cached;
    }

    private Entry entryOf(Path file, String op) throws IOException {
        Entry entry = present ? entries.get(file.getParent()) : null;
        if (entry == null || !attributes.contains(file.getFileName().toString())) {
            throw new ErrnoIOException(Errno.ENOENT, op + " " + file);
        }
        return entry;
    }

    private void fault(String target, String what) throws IOException {
        int[] f = faults.get(target);
        if (f != null && f[1] > 0) {
            if (f[1] != Integer.MAX_VALUE) {
                f[1]--;
            }
            throw new ErrnoIOException(f[0], what);
        }
    }

    private boolean isAncestorOfRoot(Path path) {
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            if (p.equals(path)) {
                return true;
            }
        }
        return false;
    }

    private static final class Entry {
        long generation;
        byte[] inblob;
        int privlevel = -1;
        final Map<String, String> options = new LinkedHashMap<>();
        Blobs cached;
        long cachedGeneration;
    }

    /** Builds a {@link FakeTsmTree}. */
    public static final class Builder {
        private Path root = TsmReportClient.DEFAULT_ROOT;
        private final String provider;
        private final Generator generator;
        private Set<String> attributes;
        private int inblobMin;
        private int inblobMax;
        private int privlevelFloor;
        private boolean present = true;

        private Builder(String provider, Generator generator) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.generator = Objects.requireNonNull(generator, "generator");
            if (provider.equals(TsmRequest.PROVIDER_ARM_CCA_GUEST)) {
                inblobMin = 32;
                inblobMax = 64;
            } else if (provider.equals(TsmRequest.PROVIDER_SEV_GUEST) || provider.equals(TsmRequest.PROVIDER_TDX_GUEST)) {
                inblobMin = 64;
                inblobMax = 64;
            } else {
                inblobMin = 1;
                inblobMax = 64;
            }
        }

        /** The report directory. Default {@code /sys/kernel/config/tsm/report} (nothing touches disk). */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** The attribute files an entry has. Default: by provider, as the kernel shows them. */
        public Builder attributes(Set<String> attributes) {
            this.attributes = Set.copyOf(attributes);
            return this;
        }

        /** Accepted inblob lengths. Default: 64..64 for sev_guest/tdx_guest, 32..64 for arm_cca_guest. */
        public Builder inblobLength(int min, int max) {
            this.inblobMin = min;
            this.inblobMax = max;
            return this;
        }

        /** {@code privlevel_floor}. Default 0. */
        public Builder privlevelFloor(int floor) {
            this.privlevelFloor = floor;
            return this;
        }

        /** Whether the tree exists at all (false: configfs not mounted / no TSM). Default true. */
        public Builder present(boolean present) {
            this.present = present;
            return this;
        }

        public FakeTsmTree build() {
            return new FakeTsmTree(this);
        }
    }
}
