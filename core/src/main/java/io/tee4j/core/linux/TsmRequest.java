package io.tee4j.core.linux;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What to ask a configfs-tsm provider for: the {@code inblob} (the report data / nonce), and
 * optionally a {@code privlevel}, extra text attributes written before the {@code inblob} (for
 * example {@code service_provider=svsm}), the provider the caller expects, and which optional
 * blobs to read back.
 *
 * <p>Checks made here: {@code inblob} is 1..64 bytes (the kernel's {@code TSM_INBLOB_MAX}; each
 * provider narrows it: exactly 64 for {@code sev_guest} and {@code tdx_guest}, 32..64 for
 * {@code arm_cca_guest}, which the provider enforces with {@code EINVAL}); {@code privlevel} is
 * 0..3; attribute names are lower-case identifiers and not one of the attributes the client
 * handles itself. Violations are {@link IllegalArgumentException}s.
 *
 * <p>Defaults: no privlevel, no extra attributes, no expected provider (any is accepted, and the
 * result names it), {@code auxblob} read when the provider exposes it, {@code manifestblob} not read.
 *
 * <p>Immutable and thread-safe; {@link #inblob()} returns a copy.
 *
 * @since 0.1
 */
public final class TsmRequest {

    /** Provider name of the AMD SEV-SNP guest driver. */
    public static final String PROVIDER_SEV_GUEST = "sev_guest";
    /** Provider name of the Intel TDX guest driver. */
    public static final String PROVIDER_TDX_GUEST = "tdx_guest";
    /** Provider name of the Arm CCA guest driver (Linux 6.13+). */
    public static final String PROVIDER_ARM_CCA_GUEST = "arm_cca_guest";

    /** The kernel's {@code TSM_INBLOB_MAX}. */
    public static final int INBLOB_MAX = 64;
    /** The kernel's {@code TSM_PRIVLEVEL_MAX}. */
    public static final int PRIVLEVEL_MAX = 3;

    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> RESERVED = Set.of("inblob", "outblob", "auxblob", "manifestblob",
            "generation", "provider", "privlevel", "privlevel_floor");

    private final byte[] inblob;
    private final int privlevel;
    private final Map<String, String> attributes;
    private final String expectedProvider;
    private final boolean readAuxblob;
    private final boolean readManifestblob;

    private TsmRequest(Builder b) {
        this.inblob = b.inblob.clone();
        this.privlevel = b.privlevel;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.expectedProvider = b.expectedProvider;
        this.readAuxblob = b.readAuxblob;
        this.readManifestblob = b.readManifestblob;
    }

    /** A request with only an {@code inblob} and the defaults. */
    public static TsmRequest of(byte[] inblob) {
        return builder(inblob).build();
    }

    /** A builder for a request with this {@code inblob} (copied). */
    public static Builder builder(byte[] inblob) {
        return new Builder(inblob);
    }

    /** A copy of the {@code inblob}. */
    public byte[] inblob() {
        return inblob.clone();
    }

    /** The {@code privlevel} to write, if any. */
    public OptionalInt privlevel() {
        return privlevel < 0 ? OptionalInt.empty() : OptionalInt.of(privlevel);
    }

    /** Extra text attributes to write, in order, before the {@code inblob}. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The provider the caller requires, if any. */
    public Optional<String> expectedProvider() {
        return Optional.ofNullable(expectedProvider);
    }

    /** Whether to read {@code auxblob} when the entry has one. */
    public boolean readAuxblob() {
        return readAuxblob;
    }

    /** Whether to read {@code manifestblob} when the entry has one. */
    public boolean readManifestblob() {
        return readManifestblob;
    }

    /** Number of attribute writes this request makes (each bumps {@code generation} by one). */
    int writeCount() {
        return 1 + attributes.size() + (privlevel < 0 ? 0 : 1);
    }

    @Override
    public String toString() {
        return "TsmRequest[inblob " + inblob.length + " bytes" + (privlevel < 0 ? "" : ", privlevel " + privlevel)
                + (attributes.isEmpty() ? "" : ", attributes " + attributes.keySet())
                + (expectedProvider == null ? "" : ", provider " + expectedProvider) + "]";
    }

    /** Builds a {@link TsmRequest}. */
    public static final class Builder {
        private final byte[] inblob;
        private int privlevel = -1;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private String expectedProvider;
        private boolean readAuxblob = true;
        private boolean readManifestblob;

        private Builder(byte[] inblob) {
            Objects.requireNonNull(inblob, "inblob");
            if (inblob.length < 1 || inblob.length > INBLOB_MAX) {
                throw new IllegalArgumentException("inblob must be 1.." + INBLOB_MAX + " bytes, got " + inblob.length);
            }
            this.inblob = inblob.clone();
        }

        /** The {@code privlevel} (0..3; for SEV-SNP the VMPL). Default: not written. */
        public Builder privlevel(int privlevel) {
            if (privlevel < 0 || privlevel > PRIVLEVEL_MAX) {
                throw new IllegalArgumentException("privlevel must be 0.." + PRIVLEVEL_MAX + ", got " + privlevel);
            }
            this.privlevel = privlevel;
            return this;
        }

        /**
         * An extra text attribute written before the {@code inblob}, e.g.
         * {@code attribute("service_provider", "svsm")}. Written in the order given.
         */
        public Builder attribute(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!ATTRIBUTE.matcher(name).matches() || RESERVED.contains(name)) {
                throw new IllegalArgumentException("not a writable extra attribute: '" + name + "'");
            }
            if (value.length() > 256 || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("attribute " + name + " value must be at most 256 printable ASCII characters");
            }
            attributes.put(name, value);
            return this;
        }

        /**
         * The provider the caller requires ({@link #PROVIDER_SEV_GUEST}, ...). Compared after
         * trimming, with {@code '-'} taken as {@code '_'}. Default: any provider.
         */
        public Builder expectedProvider(String provider) {
            Objects.requireNonNull(provider, "provider");
            if (provider.isBlank()) {
                throw new IllegalArgumentException("expected provider is blank");
            }
            this.expectedProvider = provider.trim();
            return this;
        }

        /** Whether to read {@code auxblob} when present. Default {@code true}. */
        public Builder readAuxblob(boolean read) {
            this.readAuxblob = read;
            return this;
        }

        /** Whether to read {@code manifestblob} when present. Default {@code false}. */
        public Builder readManifestblob(boolean read) {
            this.readManifestblob = read;
            return this;
        }

        /** The request. */
        public TsmRequest build() {
            return new TsmRequest(this);
        }
    }
}
