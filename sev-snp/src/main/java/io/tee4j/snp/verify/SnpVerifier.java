package io.tee4j.snp.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.AbstractVerifier;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SignerInfo;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.collateral.KdsClient;
import io.tee4j.snp.validate.SnpPolicy;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies SEV-SNP attestation reports and appraises them against an {@link SnpPolicy}.
 *
 * <h2>What is verified, in order</h2>
 * <ol>
 *   <li>The report parses (see {@link AttestationReport}); an Azure HCL blob is unwrapped.
 *   <li>The signer information is one firmware writes: a signing key (never "none"), and no
 *       VCEK signature when MASK_CHIP_KEY says the VCEK is not used (see {@link SignerInfo});
 *       signature algorithm 1.
 *   <li>The signing certificate is <em>selected</em>, as go-sev-guest addresses it at KDS, by the
 *       report's signing-key kind, CHIP_ID (a VCEK's HWID; not when the chip id is masked) and
 *       REPORTED_TCB (the certificate's TCB extensions in the product's layout, SPL 4..7 included
 *       for Milan/Genoa, Turin's reserved bytes zero), among the evidence's certificates, its
 *       certificate table ({@link Evidence#auxBlob()}) and the verifier's extra certificates, known
 *       ones from the cache first. Every matching candidate is tried, whatever the order; when none
 *       matches, a VCEK is fetched from AMD KDS (online with a collateral source), and otherwise the
 *       certificate is missing ({@link CollateralUnavailableException}), not a failed signature.
 *   <li>AMD's certificate shape: X.509 v3, RSASSA-PSS SHA-384/MGF1-SHA-384/salt 48, the AMD name
 *       attributes, CN {@code SEV-VCEK}/{@code SEV-VLEK} issued by {@code SEV-<Product>}/
 *       {@code SEV-VLEK-<Product>} issued by {@code ARK-<Product>}; an EC P-384 leaf key, RSA keys
 *       above it; a VCEK carries a HWID and no CSP id, a VLEK a CSP id and no HWID; the product-name
 *       extension, when present, names the same product line.
 *   <li>The chain leaf → ASK/ASVK → ARK validates at the clock's instant against the ARK of the
 *       certificate's product line only (bundled AMD roots unless explicit roots were given). Only
 *       chain-shaped candidates cost a signature: each supplied ASK/ASVK named as a candidate's
 *       issuer is validated against the ARK once, and a candidate is checked only against those that
 *       validated, so many supplied certificates cost a number of verifications linear in their count.
 *   <li>The ECDSA P-384/SHA-384 signature over bytes [0, 0x2A0) with little-endian R and S.
 *   <li>The product line of the report (CPUID, hint or chip-id shape) equals the chain's.
 *   <li>go-sev-guest's consistency rules, whatever the policy (see {@code TcbConsistency}): the
 *       certificate's TCB (= REPORTED_TCB) and COMMITTED_TCB not above CURRENT_TCB in any SPL, the
 *       committed build and API version not above the current ones.
 *   <li>An Azure HCL blob's runtime data is bound: REPORT_DATA starts with its hash (SHA-256 for
 *       the blobs Azure issues) and is zero after it ({@link AzureHclReport#runtimeDataBound()}).
 *   <li>Revocation ({@link RevocationMode#REQUIRE} by default; see {@code AskRevocation}): no
 *       authentic ARK-signed CRL at hand may list the ASK/ASVK, whatever the order the CRLs came
 *       in, and the newest must be current ({@code thisUpdate <= now < nextUpdate}). CRLs come from
 *       the builder, the certificate table and, online with a source, always from KDS too. No CRL:
 *       {@link io.tee4j.core.RevocationUnavailableException}. AMD does not revoke individual VCEKs,
 *       so the leaf is not looked up. With {@link RevocationMode#SKIP_INSECURE} the result carries a
 *       warning instead.
 *   <li>The policy: every failed rule is listed in one {@link PolicyViolationException}; a report
 *       the hypervisor requested (VMPL above 3) is one unless the policy accepts it by name.
 * </ol>
 *
 * <p>Failure classes: a malformed report or HCL structure is {@link MalformedEvidenceException};
 * a bad signature, chain, binding (TCB, chip, product, HCL runtime data, inconsistent versions,
 * MASK_CHIP_KEY) or revoked ASK is {@link VerificationFailedException}; a signing certificate that
 * is neither supplied nor fetchable is {@link CollateralUnavailableException}.
 *
 * <h2>Caching</h2>
 * The first report signed by a given certificate costs the chain validation (three RSA-4096
 * verifications; one when its ASK/ASVK was already validated, which is kept per product line and
 * exact bytes with its validity window); the verifier then keeps, keyed by the exact certificate
 * bytes, the parsed extensions, the validated chain with its validity window and an
 * {@link io.tee4j.core.crypto.EcdsaVerifier} whose key precomputation is reused. A cached
 * certificate is used only for a report it is selected by. Later reports from the same chip cost
 * one ECDSA verification while the instant stays inside every certificate's validity window. A
 * revocation decision is kept, keyed by the exact ARK, ASK and CRL bytes, for the window in which
 * it holds. The caches are bounded.
 *
 * <p>Not verified: ID-block and author-key signatures themselves (only their digests are in the
 * report; the policy compares them), the certificate table's optional entries beyond the
 * certificates and CRL, and the content of an HCL blob's runtime data beyond its hash binding.
 *
 * <p>Immutable configuration and thread-safe.
 *
 * @since 0.1
 */
public final class SnpVerifier extends AbstractVerifier<SnpPolicy, SnpAttestationResult> {
    private final SnpTrustAnchors roots;
    private final RevocationMode revocationMode;
    private final List<byte[]> extraCertificates;
    private final ProductLine productHint;
    private final AskRevocation revocation;
    private final SigningKeyResolver signingKeys;
    /**
     * Every certificate-chain and report signature verification attempted, for tests that bound
     * the work hostile certificate sets can cause. Not API.
     */
    final LongAdder signatureVerifications = new LongAdder();

    private SnpVerifier(Builder b) {
        super(TeeType.SEV_SNP, b.clock);
        this.roots = b.roots;
        this.revocationMode = b.revocationMode;
        this.extraCertificates = List.copyOf(b.extraCertificates);
        this.productHint = b.productHint;
        this.revocation = new AskRevocation(b.crls, b.kds, b.offline);
        this.signingKeys = new SigningKeyResolver(new IssuerChains(b.roots, signatureVerifications), b.kds, b.offline,
                b.maxCachedCertificates, signatureVerifications);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Verifies a raw report (1184 bytes) or HCL blob with the verifier's certificates. */
    public SnpAttestationResult verify(byte[] report, SnpPolicy policy) throws AttestationException {
        return verify(Evidence.of(TeeType.SEV_SNP, report), policy);
    }

    @Override
    public SnpAttestationResult verify(Evidence evidence, SnpPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(evidence, "evidence").requireType(TeeType.SEV_SNP);
        Instant now = Objects.requireNonNull(at, "at");
        ReportEnvelope envelope = ReportEnvelope.open(evidence.raw(), productHint);
        SuppliedCollateral supplied = SuppliedCollateral.of(evidence, extraCertificates);
        VerifiedLeaf leaf = signingKeys.resolve(supplied.certificates(), envelope, now);
        AttestationReport report = envelope.reportCertifiedFor(leaf.product);
        ReportBindings.require(report, envelope, leaf);
        List<String> warnings = new ArrayList<>();
        boolean revocationChecked = checkRevocation(leaf, envelope.signingKey, supplied.crls(), now, warnings);
        requirePolicy(policy, report);
        return ResultAssembly.result(report, leaf, policy, roots, warnings, now, revocationChecked);
    }

    /** Revocation of the ASK/ASVK, unless the caller skipped it (then the result warns). */
    private boolean checkRevocation(VerifiedLeaf leaf, SigningKey signingKey, List<byte[]> crls, Instant now,
            List<String> warnings) throws AttestationException {
        if (revocationMode == RevocationMode.SKIP_INSECURE) {
            warnings.add("revocation was NOT checked (RevocationMode.SKIP_INSECURE): a revoked AMD signing key "
                    + "would have been accepted");
            return false;
        }
        revocation.requireNotRevoked(leaf.chain, leaf.product, signingKey, crls, now, warnings);
        return true;
    }

    /** Every failed policy rule, in one exception. */
    private static void requirePolicy(SnpPolicy policy, AttestationReport report) throws PolicyViolationException {
        List<PolicyViolation> violations = policy.violations(report);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
    }

    /**
     * Builds an {@link SnpVerifier}. Defaults: the system UTC clock, AMD's bundled roots,
     * revocation required, no extra certificates or CRLs, no product hint, no fetching.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private SnpTrustAnchors roots = SnpTrustAnchors.bundled();
        private RevocationMode revocationMode = RevocationMode.REQUIRE;
        private final List<X509CRL> crls = new ArrayList<>();
        private final List<byte[]> extraCertificates = new ArrayList<>();
        private ProductLine productHint;
        private KdsClient kds;
        private boolean offline;
        private int maxCachedCertificates = 1024;

        private Builder() {
        }

        /** The clock verification runs at. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The roots to trust instead of AMD's bundled ones (a simulator's, say). */
        public Builder roots(SnpTrustAnchors roots) {
            this.roots = Objects.requireNonNull(roots, "roots");
            return this;
        }

        /** Revocation checking; {@link RevocationMode#REQUIRE} by default. */
        public Builder revocationMode(RevocationMode mode) {
            this.revocationMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Adds a CRL (AMD's KDS CRL of a product line). Its signature and freshness are checked on use. */
        public Builder addCrl(X509CRL crl) {
            crls.add(Objects.requireNonNull(crl, "crl"));
            return this;
        }

        /** Adds a certificate to look for the VCEK/VLEK and ASK/ASVK in. */
        public Builder addCertificate(X509Certificate cert) {
            Objects.requireNonNull(cert, "cert");
            try {
                extraCertificates.add(cert.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate does not encode", e);
            }
            return this;
        }

        /** The product line of version-2 reports, which carry no CPUID (contradicting CPUID is an error). */
        public Builder productHint(ProductLine product) {
            this.productHint = product;
            return this;
        }

        /** Fetches missing VCEKs and CRLs from AMD KDS through this source (never when offline). */
        public Builder collateralSource(CollateralSource source) {
            this.kds = source == null ? null : KdsClient.of(source);
            return this;
        }

        /** Fetches missing VCEKs and CRLs through this KDS client (never when offline). */
        public Builder kdsClient(KdsClient client) {
            this.kds = client;
            return this;
        }

        /** Never touch the network, even with a collateral source configured. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** How many signing certificates the verifier keeps verified state for (default 1024). */
        public Builder maxCachedCertificates(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("must be positive");
            }
            this.maxCachedCertificates = max;
            return this;
        }

        public SnpVerifier build() {
            return new SnpVerifier(this);
        }
    }

}
