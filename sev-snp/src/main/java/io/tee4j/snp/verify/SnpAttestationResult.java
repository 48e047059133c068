package io.tee4j.snp.verify;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationInfo;
import io.tee4j.core.util.Lazy;
import io.tee4j.snp.abi.AmdKdsExtensions;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.ReportClaims;
import io.tee4j.snp.abi.SigningKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified and appraised SEV-SNP report: the report (every field typed), the product line, the
 * certificate chain it was verified with (VCEK or VLEK, ASK or ASVK, ARK), the KDS extensions of
 * the signing certificate, whether revocation was checked, and warnings.
 *
 * <p>{@link #commonClaims()}: measurement ({@code measurement}), report data, debug (guest policy
 * bit 19), platform id (hex chip id; absent when masked) and TCB status:
 * {@link TcbStatus#MEETS_POLICY_MINIMUM} when the policy set a minimum TCB (which it met),
 * {@link TcbStatus#NOT_EVALUATED} otherwise (the result then warns). Never
 * {@link TcbStatus#UP_TO_DATE}: AMD publishes no TCB-status service, so tee4j cannot know that a
 * TCB is current, only that it meets the relying party's minimum.
 *
 * <p>{@link #claims()} adds, at the top level, {@code measurementsAppraised} (true when the policy
 * listed acceptable measurements, or reference-manifest entries, and the report's is one of them),
 * {@code referenceManifestEntry} (the name of the matching entry, when the policy has a reference
 * manifest) and {@code reportDataHostChosen}
 * (true for a report the hypervisor requested, VMPL above 3, accepted by name: its REPORT_DATA binds
 * nothing), and under {@code verification} how the report was verified.
 *
 * @since 0.1
 */
public final class SnpAttestationResult implements AttestationResult {
    private final AttestationReport report;
    private final ProductLine productLine;
    private final List<X509Certificate> chain;
    private final AmdKdsExtensions extensions;
    private final VerificationInfo info;
    private final boolean measurementsAppraised;
    private final boolean reportDataHostChosen;
    private final String referenceManifestEntry;
    /** Built on first use, once: a sidecar reply and a policy check both read them, and they never change. */
    private final Lazy<Claims> claims = Lazy.of(this::buildClaims);

    SnpAttestationResult(AttestationReport report, ProductLine productLine, List<X509Certificate> chain,
            AmdKdsExtensions extensions, VerificationInfo info, boolean measurementsAppraised,
            boolean reportDataHostChosen, Optional<String> referenceManifestEntry) {
        this.report = Objects.requireNonNull(report);
        this.productLine = Objects.requireNonNull(productLine);
        this.chain = List.copyOf(chain);
        this.extensions = Objects.requireNonNull(extensions);
        this.info = Objects.requireNonNull(info);
        this.measurementsAppraised = measurementsAppraised;
        this.reportDataHostChosen = reportDataHostChosen;
        this.referenceManifestEntry = referenceManifestEntry.orElse(null);
    }

    @Override
    public TeeType tee() {
        return TeeType.SEV_SNP;
    }

    /** The verified report. */
    public AttestationReport report() {
        return report;
    }

    public ProductLine productLine() {
        return productLine;
    }

    public SigningKey signingKey() {
        return report.signerInfo().signingKey();
    }

    /** The chain the report was verified with: VCEK or VLEK, ASK or ASVK, ARK. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The AMD KDS extensions of the signing certificate. */
    public AmdKdsExtensions signingCertificateExtensions() {
        return extensions;
    }

    /** Whether the policy listed acceptable measurements and the report's launch measurement is one. */
    public boolean measurementsAppraised() {
        return measurementsAppraised;
    }

    /**
     * The name of the reference-manifest entry (policy key {@code referenceManifest}) whose
     * measurement the report carries; empty when the policy has no reference manifest.
     */
    public Optional<String> referenceManifestEntry() {
        return Optional.ofNullable(referenceManifestEntry);
    }

    /**
     * Whether REPORT_DATA was chosen by the host: the hypervisor requested the report (VMPL above
     * 3) and the policy accepted that by name. A nonce or key in such a REPORT_DATA binds nothing.
     */
    public boolean reportDataHostChosen() {
        return reportDataHostChosen;
    }

    /**
     * How the report was verified; {@code revocationChecked} means the ASK/ASVK was checked
     * against a current ARK-signed CRL.
     */
    @Override
    public VerificationInfo verification() {
        return info;
    }

    @Override
    public CommonClaims commonClaims() {
        CommonClaims.Builder b = CommonClaims.builder(TeeType.SEV_SNP).reportData(report.reportData())
                .measurement("measurement", report.measurement()).debug(report.policy().debugAllowed())
                .tcbStatus(info.tcbStatus());
        if (!report.chipIdMasked()) {
            byte[] chip = report.chipId();
            b.platformId(HexFormat.of().formatHex(chip, 0, productLine == ProductLine.TURIN ? 8 : 64));
        }
        return b.build();
    }

    @Override
    public Claims claims() {
        return claims.get();
    }

    private Claims buildClaims() {
        Claims.Builder c = ReportClaims.of(report);
        c.put("productLine", productLine.kdsName());
        c.put("measurementsAppraised", measurementsAppraised);
        c.put("reportDataHostChosen", reportDataHostChosen);
        if (referenceManifestEntry != null) {
            c.put("referenceManifestEntry", referenceManifestEntry);
        }
        Claims.Builder v = Claims.builder();
        v.put("signingKey", signingKey().name());
        v.put("signingCertificate", chain.get(0).getSubjectX500Principal().getName());
        v.put("chain", chain.stream().map(x -> x.getSubjectX500Principal().getName()).toList());
        extensions.productName().ifPresent(n -> v.put("certificateProductName", n));
        extensions.cspId().ifPresent(n -> v.put("cspId", n));
        info.putInto(v);
        c.put("verification", v);
        return c.build();
    }

    @Override
    public String toString() {
        return "SnpAttestationResult[" + productLine.kdsName() + ", " + signingKey() + ", " + info.warnings().size()
                + " warnings]";
    }
}
