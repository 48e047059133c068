package io.tee4j.measure.manifest;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.util.CollateralFiles;
import io.tee4j.measure.snp.OvmfImage;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The artifact files a reference manifest names, read relative to the manifest's own folder and
 * never outside it: a name must be relative, must not climb out with {@code ..}, and must not
 * resolve, through a symbolic link, to a file outside that folder. The user named the manifest, so
 * the manifest's folder is what the user granted; a manifest cannot make the verifier read
 * {@code /etc/shadow} or a file beside a symbolic link planted in it.
 *
 * <p>Files are read through {@link CollateralFiles} with a cap per kind (a firmware image up to
 * {@link OvmfImage#MAX_BYTES}, a kernel, initrd or data blob up to {@link #MAX_BOOT_FILE_BYTES}),
 * at most {@link CollateralFiles#MAX_FILES} distinct files, each read once however many entries
 * name it.
 */
final class ManifestArtifacts {
    /** The largest kernel, initrd or CCA data blob read (the CLI's own measure commands use the same). */
    static final int MAX_BOOT_FILE_BYTES = 256 << 20;

    private final Path base;
    private final Map<Path, byte[]> cache = new HashMap<>();

    ManifestArtifacts(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    /** Checks a name from the manifest when it is parsed: relative and inside the manifest's folder. */
    static Path checkedName(PolicyDocument doc, String key, String name) throws PolicyFormatException {
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw doc.invalid(key, "is not a file name: " + e.getMessage());
        }
        if (name.isEmpty() || p.isAbsolute() || p.getRoot() != null) {
            throw doc.invalid(key, "must be a file name relative to the manifest's folder, not " + name);
        }
        Path n = p.normalize();
        if (n.toString().isEmpty() || n.startsWith("..")) {
            throw doc.invalid(key, "names a file outside the manifest's folder: " + name);
        }
        return n;
    }

    /** The content of a checked name, at most {@code cap} bytes. */
    byte[] read(Path name, int cap, String entry) throws CollateralUnavailableException {
        Path target = base.resolve(name).normalize();
        Path real;
        try {
            real = target.toRealPath();
            if (!real.startsWith(base.toRealPath())) {
                throw new CollateralUnavailableException("reference manifest entry '" + entry + "': " + name
                        + " resolves to " + real + ", outside the manifest's folder " + base, target.toString(), false);
            }
        } catch (IOException e) {
            throw new CollateralUnavailableException("reference manifest entry '" + entry + "': cannot open " + target
                    + ": " + e.getMessage(), target.toString(), false, e);
        }
        byte[] cached = cache.get(real);
        if (cached != null) {
            return cached;
        }
        if (cache.size() >= CollateralFiles.MAX_FILES) {
            throw new CollateralUnavailableException("reference manifest names more than " + CollateralFiles.MAX_FILES
                    + " files", target.toString(), false);
        }
        byte[] content = CollateralFiles.read(real, cap);
        cache.put(real, content);
        return content;
    }
}
