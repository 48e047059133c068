package io.tee4j.snp.internal;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.TypedPreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.core.util.CollateralFiles;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ReportClaims;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpTrustAnchors;
import io.tee4j.snp.verify.SnpVerifier;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SEV-SNP backend of the {@code tee4j} command and sidecar (registered through
 * {@link java.util.ServiceLoader}).
 *
 * <ul>
 *   <li>{@link #readEvidence}: a raw 1184-byte report, or an Azure HCL blob (its structure checked
 *       here; kept whole, so that {@link SnpVerifier} checks that its runtime data is bound to the
 *       report's REPORT_DATA, a verification failure when it is not).
 *   <li>{@link #describe}: every report field, without verifying anything (a version-2 report with
 *       a masked chip id cannot be decoded without a product and is refused).
 *   <li>{@link #prepare} (and the one-shot {@link #verify}): {@link SnpVerifier} with the request's certificates (VCEK/VLEK, ASK, a
 *       chain; PEM or DER), trust roots (PEM/DER ARKs and ASKs/ASVKs replace the bundled roots),
 *       collateral files or directories (CRLs in DER or PEM; certificates), clock, revocation mode,
 *       offline flag (fetching from KDS only with a source and online) and policy document
 *       ({@link SnpPolicy#fromDocument}, defaults otherwise).
 * </ul>
 *
 * @since 0.1
 */
public final class SnpBackend implements TeeBackend {

    /** For {@link java.util.ServiceLoader}. */
    public SnpBackend() {
    }

    @Override
    public TeeType type() {
        return TeeType.SEV_SNP;
    }

    /** The nonce is REPORT_DATA: 1 to 64 bytes, zero-padded to 64 as the attesters pad it. */
    @Override
    public Optional<NonceBinding> nonceBinding() {
        return Optional.of(NonceBinding.padded("reportData", 64));
    }

    @Override
    public Evidence readEvidence(byte[] content) throws MalformedEvidenceException {
        Objects.requireNonNull(content, "content");
        if (AzureHclReport.looksLikeHcl(content)) {
            // A well-formed blob whose runtime data does not match REPORT_DATA is not malformed but
            // unbound: the verifier refuses it after the signature, as a binding failure.
            AzureHclReport.parse(content).requireSnp();
            return Evidence.of(TeeType.SEV_SNP, content);
        }
        if (content.length != AttestationReport.SIZE) {
            throw new MalformedEvidenceException("expected a " + AttestationReport.SIZE
                    + "-byte SNP attestation report or an Azure HCL blob, got " + content.length + " bytes");
        }
        return Evidence.of(TeeType.SEV_SNP, content);
    }

    @Override
    public Claims describe(Evidence evidence) throws MalformedEvidenceException {
        Objects.requireNonNull(evidence, "evidence");
        byte[] raw = evidence.raw();
        if (AzureHclReport.looksLikeHcl(raw)) {
            raw = AzureHclReport.parse(raw).requireSnp().report();
        }
        Claims.Builder c = ReportClaims.of(AttestationReport.parse(raw));
        Optional<byte[]> aux = evidence.auxBlob();
        if (aux.isPresent()) {
            List<String> entries = new ArrayList<>();
            for (CertificateTable.Entry e : CertificateTable.parse(aux.get()).entries()) {
                entries.add(e.guid() + " (" + e.data().length + " bytes)");
            }
            c.put("certificateTable", entries);
        }
        return c.build();
    }

    /**
     * An {@link SnpVerifier} built once from the configuration's trust roots (PEM/DER ARKs and
     * ASKs/ASVKs replace the bundled roots), collateral files (CRLs and certificates, read now),
     * revocation mode, offline flag and collateral source; each call adds its certificates to the
     * evidence and runs at its clock's instant, so the verifier's caches of verified VCEKs (with
     * their decoded keys) and validated ASKs serve every call.
     */
    @Override
    public PreparedVerifier prepare(VerifierConfiguration config) throws AttestationException, PolicyFormatException {
        Objects.requireNonNull(config, "config");
        config.refuseRimTrustRoots();
        SnpVerifier.Builder b = SnpVerifier.builder().revocationMode(config.revocationMode()).offline(config.offline());
        config.collateralSource().ifPresent(b::collateralSource);
        if (!config.trustRoots().isEmpty()) {
            List<X509Certificate> roots = Certificates.parseAll(config.trustRoots(), "a trust root");
            try {
                b.roots(SnpTrustAnchors.explicit(roots));
            } catch (IllegalArgumentException e) {
                throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "trust roots: " + e.getMessage());
            }
        }
        // One loader with the same caps as every backend: 256 files in all, 4 MiB each.
        for (Path f : CollateralFiles.expand(config.collateral())) {
            addCollateral(b, f, CollateralFiles.read(f));
        }
        SnpVerifier verifier = b.build();
        return TypedPreparedVerifier.of(TeeType.SEV_SNP, SnpPolicy.defaults(), SnpPolicy::fromDocument,
                (evidence, certificates, policy, at) -> verifier.verify(withCertificates(evidence, certificates),
                        policy, at));
    }

    /** The evidence with the certificates given beside it added (each file may hold a chain). */
    private static Evidence withCertificates(Evidence evidence, List<byte[]> certificates)
            throws VerificationFailedException {
        if (certificates.isEmpty()) {
            return evidence;
        }
        Evidence.Builder eb = evidence.toBuilder();
        for (X509Certificate x : Certificates.parseAll(certificates, "a certificate given with the evidence")) {
            eb.addCertificate(encoded(x));
        }
        return eb.build();
    }

    private static byte[] encoded(X509Certificate c) throws VerificationFailedException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "a certificate does not encode: "
                    + e.getMessage());
        }
    }

    private static void addCollateral(SnpVerifier.Builder b, Path f, byte[] content)
            throws CollateralUnavailableException {
        boolean pem = Certificates.isPem(content);
        boolean crl;
        try {
            crl = pem ? !Certificates.pemBlocks(content, "X509 CRL").isEmpty() : looksLikeCrl(content);
        } catch (CertificateParsingException e) {
            throw new CollateralUnavailableException("collateral " + f + ": " + e.getMessage(), f.toString(), false, e);
        }
        if (crl) {
            try {
                b.addCrl(Certificates.parseCrl(content));
                return;
            } catch (CRLException e) {
                throw new CollateralUnavailableException("collateral " + f + " is not a valid CRL: " + e.getMessage(),
                        f.toString(), false, e);
            }
        }
        try {
            for (X509Certificate c : Certificates.parseAll(content)) {
                b.addCertificate(c);
            }
        } catch (CertificateException e) {
            throw new CollateralUnavailableException("collateral " + f + " is neither a CRL nor certificates",
                    f.toString(), false, e);
        }
    }

    private static boolean looksLikeCrl(byte[] der) {
        try {
            Certificates.parseCrl(der);
            return true;
        } catch (CRLException e) {
            return false;
        }
    }
}
