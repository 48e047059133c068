package io.tee4j.measure.manifest;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.measure.snp.SnpLaunch;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of a reference manifest as written: a name, the artifacts (as checked file names) or
 * their digests, and the launch parameters. Nothing is read or derived here; {@link SnpReference},
 * {@link TdxReference} and {@link CcaReference} do that.
 */
final class ManifestEntry {
    /** Longest entry name: it appears in results and messages. */
    static final int MAX_NAME_CHARS = 128;
    /** Default TD RAM for RTMR1 with an initrd, as {@code tee4j measure tdx} assumes. */
    static final long DEFAULT_MEMORY = 0x80000000L;

    final String name;
    final Optional<TeeType> tee;
    final Optional<Path> firmware;
    final Optional<Path> kernel;
    final Optional<Path> initrd;
    final Optional<byte[]> kernelSha256;
    final Optional<byte[]> initrdSha256;
    final Optional<byte[]> initrdSha384;
    final Optional<String> append;
    final int vcpus;
    final Optional<String> vcpuType;
    final Optional<Long> vcpuSig;
    final String vmmType;
    final long guestFeatures;
    final Optional<byte[]> snpOvmfHash;
    final String tdxOrder;
    final long memory;
    final Optional<CcaInputs> cca;

    private ManifestEntry(PolicyDocument d) throws PolicyFormatException {
        name = d.string("name").orElseThrow(() -> d.invalid("name", "every entry needs a name"));
        if (name.isBlank() || name.length() > MAX_NAME_CHARS || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw d.invalid("name", "must be 1 to " + MAX_NAME_CHARS + " printable ASCII characters");
        }
        tee = tee(d);
        firmware = file(d, "firmware");
        kernel = file(d, "kernel");
        initrd = file(d, "initrd");
        kernelSha256 = d.hex("kernelSha256", 32);
        initrdSha256 = d.hex("initrdSha256", 32);
        initrdSha384 = d.hex("initrdSha384", 48);
        append = d.string("append");
        vcpus = d.unsigned("vcpus", SnpLaunch.MAX_VCPUS).orElse(1L).intValue();
        if (vcpus == 0) {
            throw d.invalid("vcpus", "must be at least 1");
        }
        vcpuType = d.string("vcpuType");
        vcpuSig = d.unsigned("vcpuSig", 0xFFFFFFFFL);
        if (vcpuType.isPresent() && vcpuSig.isPresent()) {
            throw d.invalid("vcpuSig", "give vcpuType or vcpuSig, not both");
        }
        vmmType = oneOf(d, "vmmType", "qemu", "qemu", "ec2", "gce");
        guestFeatures = d.unsigned64("guestFeatures").orElse(1L);
        snpOvmfHash = d.hex("snpOvmfHash", 48);
        tdxOrder = oneOf(d, "tdxOrder", "single-pass", "single-pass", "two-pass");
        memory = d.unsigned64("memory").orElse(DEFAULT_MEMORY);
        Optional<PolicyDocument> c = d.object("cca");
        cca = c.isPresent() ? Optional.of(CcaInputs.read(c.get())) : Optional.empty();
        checkCombinations(d);
        d.finish();
    }

    static ManifestEntry read(PolicyDocument d) throws PolicyFormatException {
        return new ManifestEntry(d);
    }

    /** Whether this entry describes a guest of {@code t}: its {@code tee} says so, or it has the inputs. */
    boolean isFor(TeeType t) {
        if (tee.isPresent()) {
            return tee.get() == t;
        }
        return t == TeeType.CCA ? cca.isPresent() : firmware.isPresent();
    }

    private void checkCombinations(PolicyDocument d) throws PolicyFormatException {
        if (kernel.isPresent() && kernelSha256.isPresent()) {
            throw d.invalid("kernelSha256", "give kernel or kernelSha256, not both");
        }
        if (initrd.isPresent() && (initrdSha256.isPresent() || initrdSha384.isPresent())) {
            throw d.invalid("initrd", "give initrd or its digests, not both");
        }
        boolean kernelGiven = kernel.isPresent() || kernelSha256.isPresent();
        if (!kernelGiven && (initrd.isPresent() || initrdSha256.isPresent() || initrdSha384.isPresent()
                || append.isPresent())) {
            throw d.invalid("kernel", "initrd and append belong to a direct boot: name its kernel (or kernelSha256)");
        }
        if (firmware.isEmpty() && cca.isEmpty()) {
            throw d.invalid("firmware", "an entry needs a firmware (SEV-SNP, TDX) or a cca object");
        }
    }

    private static Optional<TeeType> tee(PolicyDocument d) throws PolicyFormatException {
        Optional<String> s = d.string("tee");
        if (s.isEmpty()) {
            return Optional.empty();
        }
        for (TeeType t : new TeeType[] {TeeType.SEV_SNP, TeeType.TDX, TeeType.CCA}) {
            if (t.id().equals(s.get())) {
                return Optional.of(t);
            }
        }
        throw d.invalid("tee", "must be sev-snp, tdx or cca, not " + s.get());
    }

    private static Optional<Path> file(PolicyDocument d, String key) throws PolicyFormatException {
        Optional<String> s = d.string(key);
        return s.isPresent() ? Optional.of(ManifestArtifacts.checkedName(d, key, s.get())) : Optional.empty();
    }

    private static String oneOf(PolicyDocument d, String key, String dflt, String... allowed)
            throws PolicyFormatException {
        String v = d.string(key).orElse(dflt).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw d.invalid(key, "must be one of " + String.join(", ", allowed) + ", not " + v);
    }
}
