package io.tee4j.core.spi;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.collateral.CollateralSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backend-neutral verification inputs, as the command line and the sidecar gather them: extra
 * certificates, caller-chosen trust roots, collateral files, the time, the policy document, the
 * collateral source and the revocation mode, for one verification. It splits into a
 * {@link #configuration()} (what a {@link PreparedVerifier} keeps) and {@link #perCallInputs()}.
 *
 * @since 0.1
 */
public final class VerificationRequest {
    private final List<byte[]> certificates;
    private final List<byte[]> trustRoots;
    private final List<byte[]> rimTrustRoots;
    private final List<Path> collateral;
    private final Clock clock;
    private final PolicyDocument policy;
    private final CollateralSource collateralSource;
    private final RevocationMode revocationMode;
    private final boolean offline;

    private VerificationRequest(Builder b) {
        this.certificates = List.copyOf(b.certificates);
        this.trustRoots = List.copyOf(b.trustRoots);
        this.rimTrustRoots = List.copyOf(b.rimTrustRoots);
        this.collateral = List.copyOf(b.collateral);
        this.clock = b.clock;
        this.policy = b.policy;
        this.collateralSource = b.collateralSource;
        this.revocationMode = b.revocationMode;
        this.offline = b.offline;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Certificates given beside the evidence (DER, one per entry): a VCEK, a chain, a device chain. */
    public List<byte[]> certificates() {
        return certificates;
    }

    /**
     * Trust roots chosen by the caller instead of the bundled ones, one file's content per entry
     * (PEM, DER, or a backend-specific format such as a CCA JSON trust-anchor store).
     */
    public List<byte[]> trustRoots() {
        return trustRoots;
    }

    /** nvidia-gpu only: RIM signing roots, see {@link VerifierConfiguration#rimTrustRoots()}. */
    public List<byte[]> rimTrustRoots() {
        return rimTrustRoots;
    }

    /** Collateral files or directories (a CRL, a TDX collateral bundle, reference values, RIMs). */
    public List<Path> collateral() {
        return collateral;
    }

    /** The clock the verification runs at. */
    public Clock clock() {
        return clock;
    }

    /** The policy document, if one was given; the backend's default policy otherwise. */
    public Optional<PolicyDocument> policy() {
        return Optional.ofNullable(policy);
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

    /** The part of this request a {@link PreparedVerifier} is made from. */
    public VerifierConfiguration configuration() {
        VerifierConfiguration.Builder b = VerifierConfiguration.builder().collateralSource(collateralSource)
                .revocationMode(revocationMode).offline(offline);
        trustRoots.forEach(b::addTrustRoot);
        rimTrustRoots.forEach(b::addRimTrustRoot);
        collateral.forEach(b::addCollateral);
        return b.build();
    }

    /** The part of this request that changes per verification. */
    public PerCallInputs perCallInputs() {
        PerCallInputs.Builder b = PerCallInputs.builder().clock(clock).policy(policy);
        certificates.forEach(b::addCertificate);
        return b.build();
    }

    /** Builds a {@link VerificationRequest}; defaults: system UTC clock, revocation required, online. */
    public static final class Builder {
        private final List<byte[]> certificates = new ArrayList<>();
        private final List<byte[]> trustRoots = new ArrayList<>();
        private final List<byte[]> rimTrustRoots = new ArrayList<>();
        private final List<Path> collateral = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private PolicyDocument policy;
        private CollateralSource collateralSource;
        private RevocationMode revocationMode = RevocationMode.REQUIRE;
        private boolean offline;

        private Builder() {
        }

        public Builder addCertificate(byte[] der) {
            certificates.add(Objects.requireNonNull(der, "der").clone());
            return this;
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

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder policy(PolicyDocument policy) {
            this.policy = policy;
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

        public VerificationRequest build() {
            return new VerificationRequest(this);
        }
    }
}
