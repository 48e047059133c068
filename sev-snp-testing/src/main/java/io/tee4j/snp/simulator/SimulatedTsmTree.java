package io.tee4j.snp.simulator;

import io.tee4j.core.TeeUnavailableException;
import io.tee4j.core.linux.Backoff;
import io.tee4j.core.linux.Errno;
import io.tee4j.core.linux.ErrnoIOException;
import io.tee4j.core.linux.TsmFileSystem;
import io.tee4j.core.linux.TsmReportClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A fake configfs-tsm report tree with the {@code sev_guest} provider, behaving as the kernel
 * does for the real {@link TsmReportClient}: {@code mkdir} of an entry creates its attributes
 * ({@code provider}, {@code generation}, {@code privlevel}, {@code privlevel_floor}, {@code inblob},
 * {@code outblob}, {@code auxblob}); every write bumps {@code generation}; {@code inblob} takes 1
 * to 64 bytes (zero-padded to the report's 64), {@code privlevel} 0..3 and not below the floor
 * (the guest's VMPL), else {@code EINVAL}; {@code outblob} is the report the
 * {@link SimulatedSnpFirmware} signs for them and {@code auxblob} the signer's certificate table
 * (empty when built without certificates). Write-only attributes cannot be read ({@code EACCES}).
 *
 * <p><b>Simulation only.</b>
 *
 * @since 0.1
 */
public final class SimulatedTsmTree implements TsmFileSystem {
    private static final Set<String> ATTRIBUTES = Set.of("provider", "generation", "privlevel", "privlevel_floor",
            "inblob", "outblob", "auxblob");

    private final Path root;
    private final SimulatedSnpFirmware firmware;
    private final byte[] auxblob;
    private final Map<Path, Entry> entries = new HashMap<>();

    private static final class Entry {
        long generation;
        byte[] inblob;
        int privlevel;
        byte[] outblob;
    }

    private SimulatedTsmTree(Path root, SimulatedSnpFirmware firmware, byte[] auxblob) {
        this.root = root;
        this.firmware = firmware;
        this.auxblob = auxblob;
    }

    /** A tree at {@code root} whose host serves the signer's certificate table as {@code auxblob}. */
    public static SimulatedTsmTree of(Path root, SimulatedSnpFirmware firmware) {
        return new SimulatedTsmTree(Objects.requireNonNull(root, "root"), Objects.requireNonNull(firmware, "firmware"),
                firmware.signer().certificateTable().toBytes());
    }

    /** A tree whose host serves no certificates (empty {@code auxblob}). */
    public static SimulatedTsmTree withoutCertificates(Path root, SimulatedSnpFirmware firmware) {
        return new SimulatedTsmTree(Objects.requireNonNull(root, "root"), Objects.requireNonNull(firmware, "firmware"),
                new byte[0]);
    }

    /** The real client on this tree. */
    public TsmReportClient client(Backoff backoff) {
        return TsmReportClient.builder().root(root).fileSystem(this).backoff(backoff).build();
    }

    public Path root() {
        return root;
    }

    private Entry entryOf(Path file) throws ErrnoIOException {
        Entry e = entries.get(file.getParent());
        if (e == null || file.getFileName() == null || !ATTRIBUTES.contains(file.getFileName().toString())) {
            throw new ErrnoIOException(Errno.ENOENT, file + ": no such attribute");
        }
        return e;
    }

    @Override
    public synchronized boolean isDirectory(Path path) {
        return path.equals(root) || entries.containsKey(path);
    }

    @Override
    public synchronized boolean exists(Path path) {
        if (isDirectory(path)) {
            return true;
        }
        return entries.containsKey(path.getParent()) && path.getFileName() != null
                && ATTRIBUTES.contains(path.getFileName().toString());
    }

    @Override
    public synchronized void createDirectory(Path dir) throws IOException {
        if (!root.equals(dir.getParent())) {
            throw new ErrnoIOException(Errno.EPERM, dir + ": entries live directly under " + root);
        }
        if (entries.containsKey(dir)) {
            throw new ErrnoIOException(Errno.EEXIST, dir + " exists");
        }
        Entry e = new Entry();
        e.privlevel = (int) firmware.guestVmpl();
        entries.put(dir, e);
    }

    @Override
    public synchronized void deleteDirectory(Path dir) throws IOException {
        if (entries.remove(dir) == null) {
            throw new ErrnoIOException(Errno.ENOENT, dir + " does not exist");
        }
    }

    @Override
    public synchronized void write(Path file, byte[] data) throws IOException {
        Entry e = entryOf(file);
        String name = file.getFileName().toString();
        switch (name) {
            case "inblob":
                if (data.length < 1 || data.length > 64) {
                    throw new ErrnoIOException(Errno.EINVAL, "inblob takes 1 to 64 bytes");
                }
                e.inblob = Arrays.copyOf(data, 64);
                break;
            case "privlevel":
                int level;
                try {
                    level = Integer.parseInt(new String(data, StandardCharsets.US_ASCII).trim());
                } catch (NumberFormatException ex) {
                    throw new ErrnoIOException(Errno.EINVAL, "privlevel is a decimal number");
                }
                if (level < firmware.guestVmpl() || level > 3) {
                    throw new ErrnoIOException(Errno.EINVAL, "privlevel " + level + " is outside ["
                            + firmware.guestVmpl() + ", 3]");
                }
                e.privlevel = level;
                break;
            default:
                throw new ErrnoIOException(Errno.EACCES, name + " is read-only");
        }
        e.generation++;
        e.outblob = null;
    }

    @Override
    public synchronized byte[] read(Path file, int maxBytes) throws IOException {
        Entry e = entryOf(file);
        byte[] value;
        switch (file.getFileName().toString()) {
            case "provider":
                value = "sev_guest\n".getBytes(StandardCharsets.US_ASCII);
                break;
            case "generation":
                value = (e.generation + "\n").getBytes(StandardCharsets.US_ASCII);
                break;
            case "privlevel_floor":
                value = (firmware.guestVmpl() + "\n").getBytes(StandardCharsets.US_ASCII);
                break;
            case "outblob":
                if (e.inblob == null) {
                    throw new ErrnoIOException(Errno.EINVAL, "no inblob written");
                }
                if (e.outblob == null) {
                    try {
                        e.outblob = firmware.report(e.inblob, e.privlevel);
                    } catch (TeeUnavailableException ex) {
                        throw new ErrnoIOException(Errno.EIO, ex.getMessage());
                    }
                }
                value = e.outblob;
                break;
            case "auxblob":
                value = auxblob;
                break;
            default:
                throw new ErrnoIOException(Errno.EACCES, file.getFileName() + " is write-only");
        }
        if (value.length > maxBytes) {
            throw new ErrnoIOException(Errno.EFBIG, file + " is larger than " + maxBytes + " bytes");
        }
        return value.clone();
    }

    @Override
    public String toString() {
        return "SimulatedTsmTree[" + root + ", sev_guest, SIMULATED]";
    }
}
