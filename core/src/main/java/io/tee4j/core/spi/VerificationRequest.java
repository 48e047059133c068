package io.tee4j.core.spi;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.collateral.CollateralSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backend-neutral verification inputs, as the command line and the sidecar gather them: extra
 * certificates, caller-chosen trust roots, collateral files, the time, the policy document, the
 * collateral source and the revocation mode, for one verification. It is exactly a
 * {@link #configuration()} (what a {@link PreparedVerifier} keeps) and {@link #perCallInputs()}
 * (what changes per call), and is built from those two builders, so the three never drift apart.
 *
 * @since 0.1
 */
public final class VerificationRequest {
    private final VerifierConfiguration configuration;
    private final PerCallInputs perCallInputs;

    private VerificationRequest(Builder b) {
        this.configuration = b.configuration.build();
        this.perCallInputs = b.perCall.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Certificates given beside the evidence (DER, one per entry): a VCEK, a chain, a device chain. */
    public List<byte[]> certificates() {
        return perCallInputs.certificates();
    }

    /**
     * Trust roots chosen by the caller instead of the bundled ones, one file's content per entry
     * (PEM, DER, or a backend-specific format such as a CCA JSON trust-anchor store).
     */
    public List<byte[]> trustRoots() {
        return configuration.trustRoots();
    }

    /** nvidia-gpu only: RIM signing roots, see {@link VerifierConfiguration#rimTrustRoots()}. */
    public List<byte[]> rimTrustRoots() {
        return configuration.rimTrustRoots();
    }

    /** Collateral files or directories (a CRL, a TDX collateral bundle, reference values, RIMs). */
    public List<Path> collateral() {
        return configuration.collateral();
    }

    /** The clock the verification runs at. */
    public Clock clock() {
        return perCallInputs.clock();
    }

    /** The policy document, if one was given; the backend's default policy otherwise. */
    public Optional<PolicyDocument> policy() {
        return perCallInputs.policy();
    }

    /** Where to fetch missing collateral; never used when {@link #offline()}. */
    public Optional<CollateralSource> collateralSource() {
        return configuration.collateralSource();
    }

    public RevocationMode revocationMode() {
        return configuration.revocationMode();
    }

    /** Whether the network must not be touched. */
    public boolean offline() {
        return configuration.offline();
    }

    /** The part of this request a {@link PreparedVerifier} is made from. */
    public VerifierConfiguration configuration() {
        return configuration;
    }

    /** The part of this request that changes per verification. */
    public PerCallInputs perCallInputs() {
        return perCallInputs;
    }

    /**
     * Builds a {@link VerificationRequest}; defaults: system UTC clock, revocation required, online.
     * Each setter fills the configuration's or the per-call inputs' builder.
     */
    public static final class Builder {
        private final VerifierConfiguration.Builder configuration = VerifierConfiguration.builder();
        private final PerCallInputs.Builder perCall = PerCallInputs.builder();

        private Builder() {
        }

        public Builder addCertificate(byte[] der) {
            perCall.addCertificate(Objects.requireNonNull(der, "der"));
            return this;
        }

        public Builder addTrustRoot(byte[] content) {
            configuration.addTrustRoot(content);
            return this;
        }

        public Builder addRimTrustRoot(byte[] content) {
            configuration.addRimTrustRoot(content);
            return this;
        }

        public Builder addCollateral(Path path) {
            configuration.addCollateral(path);
            return this;
        }

        public Builder clock(Clock clock) {
            perCall.clock(clock);
            return this;
        }

        public Builder policy(PolicyDocument policy) {
            perCall.policy(policy);
            return this;
        }

        public Builder collateralSource(CollateralSource source) {
            configuration.collateralSource(source);
            return this;
        }

        public Builder revocationMode(RevocationMode mode) {
            configuration.revocationMode(mode);
            return this;
        }

        public Builder offline(boolean offline) {
            configuration.offline(offline);
            return this;
        }

        public VerificationRequest build() {
            return new VerificationRequest(this);
        }
    }
}
