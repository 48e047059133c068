package io.tee4j.core.spi;

import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.collateral.CollateralSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PreparedVerifier} is made from and keeps for its whole life: caller-chosen trust
 * roots (for nvidia-gpu, device identity roots and, separately, RIM signing roots), static
 * collateral files, the collateral source, the revocation mode and the offline flag. Two
 * verifications that differ only in these need two prepared verifiers.
 *
 * @since 0.2
 */
public final class VerifierConfiguration {
    private final List<byte[]> trustRoots;
    private final List<byte[]> rimTrustRoots;
    private final List<Path> collateral;
    private final CollateralSource collateralSource;
    private final RevocationMode revocationMode;
    private final boolean offline;

    private VerifierConfiguration(Builder b) {
        this.trustRoots = List.copyOf(b.trustRoots);
        this.rimTrustRoots = List.copyOf(b.rimTrustRoots);
        this.collateral = List.copyOf(b.collateral);
        this.collateralSource = b.collateralSource;
        this.revocationMode = b.revocationMode;
        this.offline = b.offline;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trust roots chosen by the caller instead of the bundled ones, one file's content per entry
     * (PEM, DER, or a backend-specific format such as a CCA JSON trust-anchor store); for
     * nvidia-gpu the device identity roots only.
     */
    public List<byte[]> trustRoots() {
        return trustRoots;
    }

    /**
     * nvidia-gpu only: RIM signing roots instead of the bundled NVIDIA CoRIM signing root, one
     * file's content per entry (PEM or DER). Kept apart from {@link #trustRoots()} so that a device
     * root never vouches for a RIM signer. Other backends refuse a non-empty list.
     */
    public List<byte[]> rimTrustRoots() {
        return rimTrustRoots;
    }

    /**
     * Refuses RIM signing roots for a backend that has no RIMs (every backend but nvidia-gpu), so
     * they are never silently ignored.
     *
     * @throws PolicyFormatException when {@link #rimTrustRoots()} is not empty
     */
    public void refuseRimTrustRoots() throws PolicyFormatException {
        if (!rimTrustRoots.isEmpty()) {
            throw new PolicyFormatException("rimTrustRoots", "RIM signing roots apply to nvidia-gpu only");
        }
    }

    /** Collateral files or directories (a CRL, a TDX collateral bundle, reference values, RIMs), read once. */
    public List<Path> collateral() {
        return collateral;
    }

    /** Where to fetch missing collateral; never used when {@link #offline()}. */
    public Optional<CollateralSource> collateralSource() {
        return Optional.ofNullable(collateralSource);
    }

    public RevocationMode revocationMode() {
        return revocationMode;
    }

    /** Whether the network must not be touched. */
    public boolean offline() {
        return offline;
    }

    /** Builds a {@link VerifierConfiguration}; defaults: bundled roots, no collateral, revocation required, online. */
    public static final class Builder {
        private final List<byte[]> trustRoots = new ArrayList<>();
        private final List<byte[]> rimTrustRoots = new ArrayList<>();
        private final List<Path> collateral = new ArrayList<>();
        private CollateralSource collateralSource;
        private RevocationMode revocationMode = RevocationMode.REQUIRE;
        private boolean offline;

        private Builder() {
        }

        public Builder addTrustRoot(byte[] content) {
            trustRoots.add(Objects.requireNonNull(content, "content").clone());
            return this;
        }

        public Builder addRimTrustRoot(byte[] content) {
            rimTrustRoots.add(Objects.requireNonNull(content, "content").clone());
            return this;
        }

        public Builder addCollateral(Path path) {
            collateral.add(Objects.requireNonNull(path, "path"));
            return this;
        }

        public Builder collateralSource(CollateralSource source) {
            this.collateralSource = source;
            return this;
        }

        public Builder revocationMode(RevocationMode mode) {
            this.revocationMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public VerifierConfiguration build() {
            return new VerifierConfiguration(this);
        }
    }
}
