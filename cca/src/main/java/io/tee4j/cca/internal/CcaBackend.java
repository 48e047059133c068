package io.tee4j.cca.internal;

import io.tee4j.cca.CcaConfigurationException;
import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.validate.CcaPolicy;
import io.tee4j.cca.validate.CcaReferenceValues;
import io.tee4j.cca.verify.CcaTrustAnchors;
import io.tee4j.cca.verify.CcaVerifier;
import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.TypedPreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.core.util.CollateralFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CCA backend of the {@code tee4j} command and sidecar.
 *
 * <p>Inputs: the evidence is a CCA token (tag 399 or 907); {@code --trust-root} files are CPAKs
 * as a JSON trust-anchor store, a JWK, or PEM public keys/certificates (at least one is required:
 * tee4j bundles no CPAK); {@code --collateral} files are reference values in the rv.json format (a
 * directory: every {@code *.json} file in it; read through core's {@link CollateralFiles} with its
 * file-count cap; each file at most 1 MiB, a larger one is a usage error); the policy document is
 * read by {@link CcaPolicy#fromDocument}, whose {@code expectedChallenge} carries the nonce (the
 * key this backend's {@link #nonceBinding()} names for {@code --nonce}). {@code --cert} is refused (CCA tokens carry no certificates). The
 * revocation mode is not applicable: CCA has no CPAK revocation, and none is claimed.
 */
public final class CcaBackend implements TeeBackend {

    @Override
    public TeeType type() {
        return TeeType.CCA;
    }

    /** The nonce is the realm challenge: 1 to 64 bytes; the policy pads it to 64 itself. */
    @Override
    public Optional<NonceBinding> nonceBinding() {
        return Optional.of(NonceBinding.upTo("expectedChallenge", CcaPolicy.CHALLENGE_BYTES));
    }

    @Override
    public Evidence readEvidence(byte[] content) throws MalformedEvidenceException {
        CcaToken.decode(content);
        return Evidence.of(TeeType.CCA, content);
    }

    @Override
    public Claims describe(Evidence evidence) throws MalformedEvidenceException {
        return CcaToken.decode(evidence.raw()).toClaims();
    }

    /**
     * A {@link CcaVerifier} built once from the configuration's CPAK trust anchors and reference
     * values (read now); its cache of RAK verifiers serves every call, each stamped with its own
     * clock's instant. The revocation mode, collateral source and offline flag do not apply.
     */
    @Override
    public PreparedVerifier prepare(VerifierConfiguration config) throws AttestationException, PolicyFormatException {
        config.refuseRimTrustRoots();
        if (config.trustRoots().isEmpty()) {
            throw new CollateralUnavailableException("no CPAK trust anchor given: tee4j ships none for CCA; pass a"
                    + " trust-anchor store (JSON), a JWK or a PEM public key with --trust-root", null, false);
        }
        CcaTrustAnchors.Builder anchors = CcaTrustAnchors.builder();
        List<byte[]> roots = config.trustRoots();
        for (int i = 0; i < roots.size(); i++) {
            try {
                anchors.addFrom(roots.get(i));
            } catch (CcaConfigurationException e) {
                throw new PolicyFormatException("--trust-root[" + i + "]", e.getMessage());
            }
        }
        CcaReferenceValues rv = CcaReferenceValues.none();
        for (Path f : referenceFiles(config.collateral())) {
            try {
                rv = rv.and(CcaReferenceValues.parse(readReferenceValues(f)));
            } catch (CcaConfigurationException e) {
                throw new PolicyFormatException("--collateral " + f, e.getMessage());
            }
        }
        try {
            CcaVerifier verifier = CcaVerifier.builder(anchors.build()).referenceValues(rv).build();
            return TypedPreparedVerifier.of(TeeType.CCA, CcaPolicy.defaults(), CcaPolicy::fromDocument,
                    (evidence, certificates, policy, at) -> {
                        if (!certificates.isEmpty()) {
                            throw new PolicyFormatException("--cert",
                                    "CCA tokens take no certificates; pass the CPAK with --trust-root");
                        }
                        return verifier.verify(evidence, policy, at);
                    });
        } catch (CcaConfigurationException e) {
            throw new PolicyFormatException("--trust-root", e.getMessage());
        }
    }

    /**
     * Reads a reference-value file through core's {@link CollateralFiles} (its caps, and a FIFO or
     * device is refused as unusable collateral), then holds it to CCA's own rule: at most
     * {@link CcaReferenceValues#MAX_BYTES}, a larger file being a usage error.
     */
    private static byte[] readReferenceValues(Path f) throws CollateralUnavailableException, PolicyFormatException {
        byte[] content = CollateralFiles.read(f);
        if (content.length > CcaReferenceValues.MAX_BYTES) {
            throw new PolicyFormatException("--collateral " + f, "a reference-value file may hold at most "
                    + CcaReferenceValues.MAX_BYTES + " bytes (1 MiB); this one is larger");
        }
        return content;
    }

    /**
     * The reference-value files the collateral paths name, through {@link CollateralFiles#expand}
     * (its count cap): a file as given, a directory's {@code .json} files by name.
     */
    private static List<Path> referenceFiles(List<Path> paths) throws CollateralUnavailableException {
        List<Path> out = new ArrayList<>();
        for (Path f : CollateralFiles.expand(paths)) {
            if (!paths.contains(f) && !f.getFileName().toString().endsWith(".json")) {
                continue; // a directory's other files are not reference values
            }
            out.add(f);
        }
        return out;
    }
}
