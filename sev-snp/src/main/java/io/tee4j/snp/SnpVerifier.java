package io.tee4j.snp;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.Verifier;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.ByteArrays;
import io.tee4j.core.util.BytesKey;
import io.tee4j.core.util.LittleEndian;
import io.tee4j.snp.internal.AmdCertShape;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class SnpVerifier implements Verifier<SnpPolicy, SnpAttestationResult> {
    private static final Logger LOG = LoggerFactory.getLogger(SnpVerifier.class);

    private final Clock clock;
    private final AmdRoots roots;
    private final RevocationMode revocationMode;
    private final List<byte[]> extraCertificates;
    private final ProductLine productHint;
    private final KdsClient kds;
    private final boolean offline;
    private final AskRevocation revocation;
    private final BoundedCache<BytesKey, VerifiedLeaf> leaves;
    private final BoundedCache<BytesKey, ValidatedIntermediate> validatedIntermediates;
    /**
     * Every certificate-chain and report signature verification attempted, for tests that bound
     * the work hostile certificate sets can cause. Not API.
     */
    final LongAdder signatureVerifications = new LongAdder();

    private SnpVerifier(Builder b) {
        this.clock = b.clock;
        this.roots = b.roots;
        this.revocationMode = b.revocationMode;
        this.extraCertificates = List.copyOf(b.extraCertificates);
        this.productHint = b.productHint;
        this.kds = b.kds;
        this.offline = b.offline;
        this.revocation = new AskRevocation(b.crls, b.kds, b.offline);
        this.leaves = new BoundedCache<>(b.maxCachedCertificates);
        this.validatedIntermediates = new BoundedCache<>(64);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TeeType type() {
        return TeeType.SEV_SNP;
    }

    /** Verifies a raw report (1184 bytes) or HCL blob with the verifier's certificates. */
    public SnpAttestationResult verify(byte[] report, SnpPolicy policy) throws AttestationException {
        return verify(Evidence.of(TeeType.SEV_SNP, report), policy);
    }

    @Override
    public SnpAttestationResult verify(Evidence evidence, SnpPolicy policy) throws AttestationException {
        return verify(evidence, policy, clock.instant());
    }

    /**
     * {@link #verify(Evidence, SnpPolicy)} as of {@code at} instead of the builder's clock, so that one
     * verifier (and its caches) serves calls that each bring their own time, as a
     * {@link io.tee4j.core.spi.PreparedVerifier} does.
     */
    public SnpAttestationResult verify(Evidence evidence, SnpPolicy policy, Instant at) throws AttestationException {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(policy, "policy");
        if (evidence.type() != TeeType.SEV_SNP) {
            throw new MalformedEvidenceException("evidence is " + evidence.type() + ", not sev-snp");
        }
        Instant now = Objects.requireNonNull(at, "at");
        List<String> warnings = new ArrayList<>();
        byte[] raw = evidence.raw();
        AzureHclReport hcl = null;
        if (AzureHclReport.looksLikeHcl(raw)) {
            hcl = AzureHclReport.parse(raw);
            raw = hcl.report();
        }
        if (raw.length != AttestationReport.SIZE) {
            throw new MalformedEvidenceException("an SNP attestation report is " + AttestationReport.SIZE
                    + " bytes, got " + raw.length);
        }
        // A first parse; a version-2 report with a masked chip id waits for the certificate's product.
        AttestationReport report = null;
        try {
            report = AttestationReport.parse(raw, productHint);
        } catch (MalformedEvidenceException e) {
            if (!(LittleEndian.u32(raw, 0) == 2 && ByteArrays.allZero(raw, 0x1A0, 0x1E0) && productHint == null)) {
                throw e;
            }
        }
        SigningKey signingKey = signingKeyOf(raw);
        requireFirmwareSignerInfo(raw, signingKey);
        requireSignatureAlgorithm(raw);

        List<byte[]> certDers = new ArrayList<>(evidence.certificates());
        List<byte[]> crlDers = new ArrayList<>();
        Optional<byte[]> aux = evidence.auxBlob();
        if (aux.isPresent() && aux.get().length > 0) {
            CertificateTable table = CertificateTable.parse(aux.get());
            for (CertificateTable.Entry e : table.entries()) {
                if (e.guid().equals(CertificateTable.CRL)) {
                    crlDers.add(e.data());
                } else if (e.guid().equals(CertificateTable.VCEK) || e.guid().equals(CertificateTable.VLEK)
                        || e.guid().equals(CertificateTable.ASK) || e.guid().equals(CertificateTable.ARK)) {
                    certDers.add(e.data());
                }
            }
        }
        certDers.addAll(extraCertificates);

        // Selection, chain and signature: the leaf returned signed this report.
        VerifiedLeaf leaf = signingCertificate(certDers, SignerSelector.of(raw, signingKey), report, raw, now);
        ProductLine product = leaf.product;
        if (report == null || report.productLine().isEmpty()) {
            report = AttestationReport.parse(raw, productHint != null ? productHint : product);
        }
        if (report.productLine().get() != product) {
            throw new VerificationFailedException(Reason.BINDING, "the report is from a "
                    + report.productLine().get().kdsName() + " (" + report.productSource() + ") but its "
                    + signingKey + " is certified for " + product.kdsName());
        }

        // Bindings between the report, its certificate and its wrapper.
        checkTcbBinding(report, leaf);
        TcbConsistency.require(report, leaf.certTcb);
        if (signingKey == SigningKey.VCEK && !report.chipIdMasked()
                && !SignerSelector.hwidIsChip(leaf.hwid, report.chipId())) {
            throw new VerificationFailedException(Reason.BINDING, "the report's CHIP_ID is not the VCEK's HWID");
        }
        if (hcl != null && !hcl.runtimeDataBound()) {
            throw new VerificationFailedException(Reason.BINDING, "the HCL blob's runtime data is not bound to the "
                    + "report: REPORT_DATA does not start with its " + hcl.hashAlgorithm() + " digest followed by zeros");
        }

        // Revocation of the ASK/ASVK.
        boolean revocationChecked = false;
        if (revocationMode == RevocationMode.SKIP_INSECURE) {
            warnings.add("revocation was NOT checked (RevocationMode.SKIP_INSECURE): a revoked AMD signing key "
                    + "would have been accepted");
        } else {
            revocation.requireNotRevoked(leaf.chain, product, signingKey, crlDers, now, warnings);
            revocationChecked = true;
        }

        // Policy.
        List<String> violations = policy.check(report);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        return result(report, leaf, policy, warnings, now, revocationChecked);
    }

    private SnpAttestationResult result(AttestationReport report, VerifiedLeaf leaf, SnpPolicy policy,
            List<String> warnings, Instant now, boolean revocationChecked) {
        if (policy.allowDebug() && report.policy().debugAllowed()) {
            warnings.add("the guest allows debugging (accepted because the policy allows debug by name)");
        }
        boolean hostChosenReportData = SnpPolicy.hostRequested(report);
        if (hostChosenReportData) {
            warnings.add(SnpPolicy.HOST_REQUESTED_REPORT + " accepted by name (VMPL "
                    + String.format("0x%x", report.vmpl()) + "): REPORT_DATA was chosen by the host, so a nonce or key "
                    + "in it binds nothing");
        }
        List<String> provisional = SnpPolicy.provisional(report);
        if (!provisional.isEmpty()) {
            warnings.add("provisional firmware accepted: " + String.join("; ", provisional));
        }
        // AMD publishes no TCB-status service: meeting the relying party's own minimum is all that is
        // known, and never reported as the vendor's "up to date".
        TcbStatus status = policy.minimumTcb().isPresent() ? TcbStatus.MEETS_POLICY_MINIMUM : TcbStatus.NOT_EVALUATED;
        if (status == TcbStatus.NOT_EVALUATED) {
            warnings.add("TCB not evaluated: the policy sets no minimum TCB");
        }
        if (roots.isExplicit()) {
            warnings.add("verified against explicitly supplied roots, not AMD's bundled roots");
        }
        return new SnpAttestationResult(report, leaf.product, leaf.chain, leaf.extensions, warnings, now,
                roots.isExplicit(), revocationChecked, status, policy.measurementAppraised(report),
                hostChosenReportData);
    }

    private static SigningKey signingKeyOf(byte[] raw) throws AttestationException {
        int code = (int) (LittleEndian.u32(raw, 0x48) >>> 2 & 7);
        switch (code) {
            case 0:
                return SigningKey.VCEK;
            case 1:
                return SigningKey.VLEK;
            case 7:
                throw new VerificationFailedException(Reason.SIGNATURE, "the report is not signed (signing key: none)");
            default:
                throw new MalformedEvidenceException("signer info names reserved signing key " + code);
        }
    }

    /**
     * MASK_CHIP_KEY (signer info bit 1) says the firmware does not use the VCEK; a VCEK signature
     * beside it cannot come from firmware (Microsoft CCF refuses it too).
     */
    private static void requireFirmwareSignerInfo(byte[] raw, SigningKey signingKey) throws VerificationFailedException {
        boolean maskChipKey = (LittleEndian.u32(raw, 0x48) & 2) != 0;
        if (maskChipKey && signingKey == SigningKey.VCEK) {
            throw new VerificationFailedException(Reason.BINDING, "the report's signer info sets MASK_CHIP_KEY (the "
                    + "VCEK is not used) yet names the VCEK as its signer, which firmware never does");
        }
    }

    private static void requireSignatureAlgorithm(byte[] raw) throws VerificationFailedException {
        long algorithm = LittleEndian.u32(raw, 0x34);
        if (algorithm != AttestationReport.SIG_ALGO_ECDSA_P384_SHA384) {
            throw new VerificationFailedException(Reason.SIGNATURE, "unsupported signature algorithm " + algorithm
                    + " (only 1, ECDSA P-384 with SHA-384, is defined)");
        }
    }

    /**
     * The certificate that signed this report, its chain validated and the report's signature
     * verified with it. Only certificates the selector names are tried: first those already
     * verified (cache), then the supplied ones, then a fetched VCEK when none was supplied.
     */
    private VerifiedLeaf signingCertificate(List<byte[]> certDers, SignerSelector selector, AttestationReport report,
            byte[] raw, Instant now) throws AttestationException {
        Attempts attempts = new Attempts(selector);
        Set<BytesKey> tried = new HashSet<>();
        for (byte[] der : certDers) {
            BytesKey key = BytesKey.of(der);
            VerifiedLeaf known = leaves.get(key);
            if (known != null && known.kind == selector.kind() && known.validAt(now)
                    && selector.matches(known.kind, known.hwid, known.certTcb) && tried.add(key)) {
                if (signs(known, raw)) {
                    return known;
                }
                attempts.signatureFailed(known.kind);
            }
        }
        List<X509Certificate> pool = parsePool(certDers);
        List<SigningCandidate> named = attempts.select(pool, tried);
        if (named.isEmpty()) {
            Optional<X509Certificate> fetched = fetchVcek(selector, report, attempts);
            if (fetched.isPresent()) {
                named = attempts.select(List.of(fetched.get()), tried);
            }
        }
        Map<X500Principal, List<ValidatedIntermediate>> issuers = new HashMap<>();
        for (SigningCandidate c : named) {
            VerifiedLeaf known = leaves.get(BytesKey.of(c.der));
            if (known != null && known.validAt(now)) {
                // Supplied in another encoding (PEM, a chain file) than the one it is cached under.
                if (signs(known, raw)) {
                    return known;
                }
                attempts.signatureFailed(known.kind);
                continue;
            }
            List<ValidatedIntermediate> asks = issuers.get(c.cert.getIssuerX500Principal());
            if (asks == null) {
                asks = validIssuers(c, pool, now, attempts);
                issuers.put(c.cert.getIssuerX500Principal(), asks);
            }
            VerifiedLeaf leaf = chainedLeaf(c, asks, now, attempts);
            if (leaf == null) {
                continue;
            }
            leaves.put(BytesKey.of(c.der), leaf);
            if (signs(leaf, raw)) {
                return leaf;
            }
            attempts.signatureFailed(leaf.kind);
        }
        throw attempts.failure();
    }

    private boolean signs(VerifiedLeaf leaf, byte[] raw) {
        signatureVerifications.increment();
        return leaf.verifier.verifyLittleEndian(raw, 0, AttestationReport.SIGNED_LENGTH,
                Arrays.copyOfRange(raw, AttestationReport.OFF_SIG_R, AttestationReport.OFF_SIG_R + 72),
                Arrays.copyOfRange(raw, AttestationReport.OFF_SIG_S, AttestationReport.OFF_SIG_S + 72));
    }

    private static List<X509Certificate> parsePool(List<byte[]> certDers) throws VerificationFailedException {
        List<X509Certificate> pool = new ArrayList<>();
        for (int i = 0; i < certDers.size(); i++) {
            try {
                pool.addAll(Certificates.parseAll(certDers.get(i)));
            } catch (CertificateException e) {
                throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "certificate " + i
                        + " given with the evidence does not parse: " + e.getMessage());
            }
        }
        return pool;
    }

    /** A VCEK from KDS when no supplied certificate is the report's; empty when fetching is not possible. */
    private Optional<X509Certificate> fetchVcek(SignerSelector selector, AttestationReport report, Attempts attempts)
            throws CollateralUnavailableException {
        if (selector.kind() == SigningKey.VLEK) {
            attempts.why("VLEKs cannot be fetched from AMD KDS (only the cloud provider can): pass it with the evidence");
            return Optional.empty();
        }
        if (kds == null || offline) {
            attempts.why("fetching is " + (offline ? "off (offline)" : "not configured") + ": pass the VCEK (e.g. "
                    + "--cert vcek.der) or configure a collateral source");
            return Optional.empty();
        }
        if (report == null || report.productLine().isEmpty()) {
            attempts.why("the VCEK of a version-2 report cannot be fetched without knowing its product line: pass a "
                    + "product hint or the VCEK");
            return Optional.empty();
        }
        if (report.chipIdMasked()) {
            attempts.why("the VCEK cannot be fetched: the report's chip id is masked");
            return Optional.empty();
        }
        return Optional.of(kds.vcek(report.productLine().get(), report.chipId(), report.reportedTcb()));
    }

    /**
     * The supplied or root-store ASK/ASVKs named as the candidate's issuer that validate to the
     * trusted ARK of its product line, each distinct certificate validated once (and cached).
     */
    private List<ValidatedIntermediate> validIssuers(SigningCandidate c, List<X509Certificate> pool, Instant now,
            Attempts attempts) {
        X500Principal issuer = c.cert.getIssuerX500Principal();
        Optional<TrustAnchors> anchors = roots.anchors(c.product);
        if (anchors.isEmpty()) {
            attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "no trusted ARK for "
                    + c.product.kdsName()));
            return List.of();
        }
        CertificateChainValidator validator = CertificateChainValidator.of(anchors.get());
        List<X509Certificate> named = new ArrayList<>();
        for (X509Certificate x : pool) {
            if (x.getSubjectX500Principal().equals(issuer)) {
                named.add(x);
            }
        }
        for (X509Certificate x : roots.intermediates(c.product)) {
            if (x.getSubjectX500Principal().equals(issuer)) {
                named.add(x);
            }
        }
        List<ValidatedIntermediate> valid = new ArrayList<>();
        Set<BytesKey> seen = new HashSet<>();
        for (X509Certificate ask : named) {
            try {
                byte[] der = encoded(ask);
                if (!seen.add(BytesKey.of(der))) {
                    continue;
                }
                valid.add(validatedIntermediate(ask, der, c.product, c.issuerCn, validator, now));
            } catch (VerificationFailedException e) {
                attempts.chainFailed(e);
            }
        }
        if (named.isEmpty()) {
            attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "no " + c.issuerCn
                    + " certificate to check the " + c.kind + " with; pass the "
                    + (c.kind == SigningKey.VLEK ? "ASVK" : "ASK")));
        }
        return valid;
    }

    /** An ASK/ASVK validated to its ARK, kept per product line and exact bytes with its validity window. */
    private ValidatedIntermediate validatedIntermediate(X509Certificate ask, byte[] der, ProductLine product,
            String issuerCn, CertificateChainValidator validator, Instant now) throws VerificationFailedException {
        BytesKey key = BytesKey.of(withPrefix(product.ordinal(), der));
        ValidatedIntermediate known = validatedIntermediates.get(key);
        if (known != null && known.validAt(now)) {
            return known;
        }
        AmdCertShape.check(ask, issuerCn, issuerCn, "ARK-" + product.kdsName());
        AmdCertShape.requireRsa(ask, issuerCn);
        if (ask.getBasicConstraints() < 0 || (ask.getKeyUsage() != null
                && (ask.getKeyUsage().length < 6 || !ask.getKeyUsage()[5]))) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, ask.getSubjectX500Principal().getName()
                    + " is not a CA that may sign certificates");
        }
        signatureVerifications.increment();
        requireSignedByAnAnchor(ask, validator.anchors());
        List<X509Certificate> chain = validator.validate(List.of(ask), now);
        X509Certificate ark = chain.get(chain.size() - 1);
        AmdCertShape.check(ark, "ARK", "ARK-" + product.kdsName(), "ARK-" + product.kdsName());
        AmdCertShape.requireRsa(ark, "ARK");
        ValidatedIntermediate v = new ValidatedIntermediate(ask, List.copyOf(chain), later(ask, ark), earlier(ask, ark));
        validatedIntermediates.put(key, v);
        return v;
    }

    /**
     * A cheap first look before the full path validation: an impostor ASK (named like AMD's,
     * signed by another key) fails here with one RSA public-key operation.
     */
    private static void requireSignedByAnAnchor(X509Certificate ask, TrustAnchors anchors)
            throws VerificationFailedException {
        for (X509Certificate ark : anchors.roots()) {
            if (ark.getSubjectX500Principal().equals(ask.getIssuerX500Principal())) {
                try {
                    ask.verify(ark.getPublicKey());
                    return;
                } catch (java.security.GeneralSecurityException | RuntimeException e) {
                    // try the next root of that name, if any
                }
            }
        }
        throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, ask.getSubjectX500Principal().getName()
                + " is not signed by a trusted ARK");
    }

    /**
     * The candidate's chain through the first of the validated issuers that signed it, or null
     * (the failures recorded) when none did.
     */
    private VerifiedLeaf chainedLeaf(SigningCandidate c, List<ValidatedIntermediate> asks, Instant now,
            Attempts attempts) {
        if (asks.isEmpty()) {
            return null;
        }
        X509Certificate leaf = c.cert;
        try {
            leaf.checkValidity(java.util.Date.from(now));
        } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
            attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate "
                    + "is not valid at " + now + " (valid " + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant() + ")"));
            return null;
        }
        Set<String> critical = leaf.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate "
                    + "has unhandled critical extensions " + critical));
            return null;
        }
        for (ValidatedIntermediate ask : asks) {
            signatureVerifications.increment();
            try {
                leaf.verify(ask.certificate.getPublicKey());
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing "
                        + "certificate's signature does not verify with the key of "
                        + ask.certificate.getSubjectX500Principal().getName()));
                continue;
            }
            io.tee4j.core.crypto.EcdsaVerifier verifier;
            try {
                verifier = c.verifier();
            } catch (VerificationFailedException e) {
                attempts.chainFailed(e);
                return null;
            }
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(leaf);
            chain.addAll(ask.chain);
            LOG.debug("validated {} chain for {}", c.kind, c.product.kdsName());
            Instant from = later(leaf, ask.validFrom);
            Instant until = earlier(leaf, ask.validUntil);
            return new VerifiedLeaf(c.kind, c.product, List.copyOf(chain), c.extensions, c.tcb, verifier, c.hwid,
                    from, until);
        }
        return null;
    }

    private static Instant later(X509Certificate a, X509Certificate b) {
        return later(a, b.getNotBefore().toInstant());
    }

    private static Instant later(X509Certificate a, Instant b) {
        Instant nb = a.getNotBefore().toInstant();
        return nb.isAfter(b) ? nb : b;
    }

    private static Instant earlier(X509Certificate a, X509Certificate b) {
        return earlier(a, b.getNotAfter().toInstant());
    }

    private static Instant earlier(X509Certificate a, Instant b) {
        Instant na = a.getNotAfter().toInstant();
        return na.isBefore(b) ? na : b;
    }

    /**
     * What trying the candidates found, so that the failure says the most useful thing: a
     * candidate whose chain held but whose key did not sign the report is a bad signature; one whose
     * chain failed is a chain failure; no candidate at all is missing collateral.
     */
    private static final class Attempts {
        private final SignerSelector selector;
        private final List<String> notNamed = new ArrayList<>();
        private final List<String> why = new ArrayList<>();
        private VerificationFailedException chainFailure;
        private VerificationFailedException signatureFailure;

        Attempts(SignerSelector selector) {
            this.selector = selector;
        }

        /** The distinct certificates among {@code pool} the selector names, not yet tried. */
        List<SigningCandidate> select(List<X509Certificate> pool, Set<BytesKey> tried) {
            List<SigningCandidate> out = new ArrayList<>();
            for (X509Certificate x : pool) {
                if (!SigningCandidate.namedAs(x, selector.kind())) {
                    continue;
                }
                SigningCandidate c;
                try {
                    c = SigningCandidate.read(x, selector.kind());
                } catch (VerificationFailedException e) {
                    notNamed.add("one is unusable (" + e.getMessage() + ")");
                    continue;
                }
                if (!c.isNamedBy(selector)) {
                    notNamed.add("one certifies " + (c.hwid.length > 0 ? "chip " + java.util.HexFormat.of()
                            .formatHex(c.hwid, 0, Math.min(8, c.hwid.length)) + "… at " : "") + "TCB " + c.tcb.hex());
                    continue;
                }
                if (tried.add(BytesKey.of(c.der))) {
                    out.add(c);
                }
            }
            return out;
        }

        void why(String reason) {
            why.add(reason);
        }

        void chainFailed(VerificationFailedException e) {
            if (chainFailure == null) {
                chainFailure = e;
            }
        }

        void signatureFailed(SigningKey kind) {
            if (signatureFailure == null) {
                signatureFailure = new VerificationFailedException(Reason.SIGNATURE, "the report's signature does not "
                        + "verify with the " + kind + " certificate");
            }
        }

        AttestationException failure() {
            if (signatureFailure != null) {
                return signatureFailure;
            }
            if (chainFailure != null) {
                return chainFailure;
            }
            StringBuilder m = new StringBuilder("no certificate supplied is ").append(selector.describe());
            if (!notNamed.isEmpty()) {
                m.append(" (").append(notNamed.size()).append(" other ").append(selector.kind())
                        .append(notNamed.size() == 1 ? " certificate: " : " certificates: ")
                        .append(String.join("; ", notNamed.subList(0, Math.min(4, notNamed.size()))))
                        .append(notNamed.size() > 4 ? "; …" : "").append(')');
            }
            for (String w : why) {
                m.append("; ").append(w);
            }
            return new CollateralUnavailableException(m.toString(), null, false);
        }
    }

    private static byte[] withPrefix(int prefix, byte[] b) {
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) prefix;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    /** An ASK/ASVK validated to its ARK: the chain [ASK, ARK] and its validity window. */
    private static final class ValidatedIntermediate {
        final X509Certificate certificate;
        final List<X509Certificate> chain;
        final Instant validFrom;
        final Instant validUntil;

        ValidatedIntermediate(X509Certificate certificate, List<X509Certificate> chain, Instant validFrom,
                Instant validUntil) {
            this.certificate = certificate;
            this.chain = chain;
            this.validFrom = validFrom;
            this.validUntil = validUntil;
        }

        boolean validAt(Instant now) {
            return !now.isBefore(validFrom) && !now.isAfter(validUntil);
        }
    }

    private static byte[] encoded(X509Certificate c) throws VerificationFailedException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "certificate does not encode");
        }
    }

    private static void checkTcbBinding(AttestationReport report, VerifiedLeaf leaf)
            throws VerificationFailedException {
        TcbVersion reported = report.reportedTcb();
        TcbVersion cert = leaf.certTcb;
        boolean ok;
        if (reported.layout() == TcbLayout.TURIN) {
            ok = reported.components().equals(cert.components()) && Arrays.stream(reported.reservedBytes()).allMatch(x -> x == 0);
        } else {
            ok = reported.raw() == cert.raw();
        }
        if (!ok) {
            throw new VerificationFailedException(Reason.BINDING, "REPORTED_TCB " + reported + " is not the TCB of the "
                    + leaf.kind + " certificate " + cert);
        }
    }

    /** What the verifier keeps per signing certificate. */
    private static final class VerifiedLeaf {
        final SigningKey kind;
        final ProductLine product;
        final List<X509Certificate> chain;
        final AmdKdsExtensions extensions;
        final TcbVersion certTcb;
        final io.tee4j.core.crypto.EcdsaVerifier verifier;
        final byte[] hwid;
        final Instant validFrom;
        final Instant validUntil;

        VerifiedLeaf(SigningKey kind, ProductLine product, List<X509Certificate> chain, AmdKdsExtensions extensions,
                TcbVersion certTcb, io.tee4j.core.crypto.EcdsaVerifier verifier, byte[] hwid, Instant validFrom,
                Instant validUntil) {
            this.kind = kind;
            this.product = product;
            this.chain = chain;
            this.extensions = extensions;
            this.certTcb = certTcb;
            this.verifier = verifier;
            this.hwid = hwid;
            this.validFrom = validFrom;
            this.validUntil = validUntil;
        }

        /** Certificate validity is inclusive of notAfter (RFC 5280), as {@code checkValidity} is. */
        boolean validAt(Instant now) {
            return !now.isBefore(validFrom) && !now.isAfter(validUntil);
        }
    }

    /**
     * Builds an {@link SnpVerifier}. Defaults: the system UTC clock, AMD's bundled roots,
     * revocation required, no extra certificates or CRLs, no product hint, no fetching.
     */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private AmdRoots roots = AmdRoots.bundled();
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
        public Builder roots(AmdRoots roots) {
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
