package io.tee4j.snp;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.Verifier;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.CrlVerifier;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.snp.internal.AmdCertShape;
import io.tee4j.snp.internal.BoundedCache;
import io.tee4j.snp.internal.BytesKey;
import io.tee4j.snp.internal.Le;
import java.security.MessageDigest;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies SEV-SNP attestation reports and appraises them against an {@link SnpPolicy}.
 *
 * <h2>What is verified, in order</h2>
 * <ol>
 *   <li>The report parses (see {@link AttestationReport}); an Azure HCL blob is unwrapped.
 *   <li>The signing certificate (VCEK or VLEK, as the report's signer info says; never a report
 *       whose signing key is "none") is found among the evidence's certificates, its certificate
 *       table ({@link Evidence#auxBlob()}), the verifier's extra certificates or, when a collateral
 *       source is configured and the verifier is online, fetched from AMD KDS (VCEKs only).
 *   <li>AMD's certificate shape: X.509 v3, RSASSA-PSS SHA-384/MGF1-SHA-384/salt 48, the AMD name
 *       attributes, CN {@code SEV-VCEK}/{@code SEV-VLEK} issued by {@code SEV-<Product>}/
 *       {@code SEV-VLEK-<Product>} issued by {@code ARK-<Product>}; an EC P-384 leaf key, RSA keys
 *       above it; a VCEK carries a HWID and no CSP id, a VLEK a CSP id and no HWID; the product-name
 *       extension, when present, names the same product line.
 *   <li>The chain leaf → ASK/ASVK → ARK validates at the clock's instant against the ARK of the
 *       report's product line only (bundled AMD roots unless explicit roots were given).
 *   <li>The product line of the report (CPUID, hint or chip-id shape) equals the chain's.
 *   <li>The ECDSA P-384/SHA-384 signature over bytes [0, 0x2A0) with little-endian R and S, and
 *       the signature algorithm field is 1.
 *   <li>REPORTED_TCB equals the certificate's TCB extensions, component by component in the
 *       product's layout (SPL 4..7 included for Milan/Genoa; the reserved Turin bytes must be 0).
 *   <li>A VCEK's HWID equals the CHIP_ID (64 bytes; Turin: the first 8, the rest zero), unless the
 *       chip id is all zero (masked).
 *   <li>Revocation ({@link RevocationMode#REQUIRE} by default): an ARK-signed CRL current at the
 *       instant (never past its nextUpdate) must not list the ASK/ASVK. CRLs come from the builder,
 *       the certificate table, or KDS when online with a source. No CRL: {@link RevocationUnavailableException}.
 *       AMD does not revoke individual VCEKs, so the leaf is not looked up. With
 *       {@link RevocationMode#SKIP_INSECURE} the result carries a warning instead.
 *   <li>The policy: every failed rule is listed in one {@link PolicyViolationException}.
 * </ol>
 *
 * <h2>Caching</h2>
 * The first report signed by a given certificate costs the chain validation (three RSA-4096
 * verifications; one when its ASK/ASVK was already validated, which is kept per product line and
 * exact bytes with its validity window); the verifier then keeps, keyed by the exact certificate bytes, the parsed
 * extensions, the validated chain with its validity window and an {@link EcdsaVerifier} whose
 * key precomputation is reused. Later reports from the same chip cost one ECDSA verification
 * while the instant stays inside every certificate's validity window. A checked CRL is kept,
 * keyed by its bytes, and its time window re-checked on every use. Both caches are bounded.
 *
 * <p>Not verified: ID-block and author-key signatures themselves (only their digests are in the
 * report; the policy compares them), the certificate table's optional entries beyond the
 * certificates and CRL, and the runtime data of an HCL blob beyond its hash binding.
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
    private final List<X509CRL> crls;
    private final List<byte[]> extraCertificates;
    private final ProductLine productHint;
    private final KdsClient kds;
    private final boolean offline;
    private final BoundedCache<BytesKey, VerifiedLeaf> leaves;
    private final BoundedCache<BytesKey, CrlVerifier> checkedCrls;
    private final BoundedCache<BytesKey, X509CRL> tableCrls;
    private final BoundedCache<BytesKey, ValidatedIntermediate> validatedIntermediates;

    private SnpVerifier(Builder b) {
        this.clock = b.clock;
        this.roots = b.roots;
        this.revocationMode = b.revocationMode;
        this.crls = List.copyOf(b.crls);
        this.extraCertificates = List.copyOf(b.extraCertificates);
        this.productHint = b.productHint;
        this.kds = b.kds;
        this.offline = b.offline;
        this.leaves = new BoundedCache<>(b.maxCachedCertificates);
        this.checkedCrls = new BoundedCache<>(64);
        this.tableCrls = new BoundedCache<>(64);
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
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(policy, "policy");
        if (evidence.type() != TeeType.SEV_SNP) {
            throw new MalformedEvidenceException("evidence is " + evidence.type() + ", not sev-snp");
        }
        Instant now = clock.instant();
        List<String> warnings = new ArrayList<>();
        byte[] raw = evidence.raw();
        if (AzureHclReport.looksLikeHcl(raw)) {
            raw = AzureHclReport.parse(raw).report();
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
            if (!(Le.u32(raw, 0) == 2 && Le.allZero(raw, 0x1A0, 0x1E0) && productHint == null)) {
                throw e;
            }
        }
        SigningKey signingKey = signingKeyOf(raw);
        if (signingKey == SigningKey.NONE) {
            throw new VerificationFailedException(Reason.SIGNATURE, "the report is not signed (signing key: none)");
        }

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

        VerifiedLeaf leaf = findCachedLeaf(certDers, signingKey, now);
        if (leaf == null) {
            leaf = coldLeaf(certDers, signingKey, report, raw, now);
        }
        ProductLine product = leaf.product;
        if (report == null || report.productLine().isEmpty()) {
            report = AttestationReport.parse(raw, productHint != null ? productHint : product);
        }
        if (report.productLine().get() != product) {
            throw new VerificationFailedException(Reason.BINDING, "the report is from a "
                    + report.productLine().get().kdsName() + " (" + report.productSource() + ") but its "
                    + signingKey + " is certified for " + product.kdsName());
        }
        if (leaf.kind != signingKey) {
            throw new VerificationFailedException(Reason.BINDING, "the report names " + signingKey
                    + " as signer but the certificate is a " + leaf.kind);
        }

        // Signature.
        if (report.signatureAlgorithm() != AttestationReport.SIG_ALGO_ECDSA_P384_SHA384) {
            throw new VerificationFailedException(Reason.SIGNATURE, "unsupported signature algorithm "
                    + report.signatureAlgorithm() + " (only 1, ECDSA P-384 with SHA-384, is defined)");
        }
        byte[] r = report.rawNoCopy();
        if (!leaf.verifier.verifyLittleEndian(r, 0, AttestationReport.SIGNED_LENGTH,
                Arrays.copyOfRange(r, AttestationReport.OFF_SIG_R, AttestationReport.OFF_SIG_R + 72),
                Arrays.copyOfRange(r, AttestationReport.OFF_SIG_S, AttestationReport.OFF_SIG_S + 72))) {
            throw new VerificationFailedException(Reason.SIGNATURE, "the report's signature does not verify with the "
                    + signingKey + " certificate");
        }

        // Bindings between the report and the certificate.
        checkTcbBinding(report, leaf);
        if (signingKey == SigningKey.VCEK && !report.chipIdMasked()) {
            byte[] hwid = leaf.hwid;
            byte[] chip = report.chipId();
            boolean match = hwid.length == 64 ? MessageDigest.isEqual(hwid, chip)
                    : MessageDigest.isEqual(hwid, Arrays.copyOf(chip, 8)) && Le.allZero(chip, 8, 64);
            if (!match) {
                throw new VerificationFailedException(Reason.BINDING, "the report's CHIP_ID is not the VCEK's HWID");
            }
        }

        // Revocation of the ASK/ASVK.
        boolean revocationChecked = false;
        if (revocationMode == RevocationMode.SKIP_INSECURE) {
            warnings.add("revocation was NOT checked (RevocationMode.SKIP_INSECURE): a revoked AMD signing key "
                    + "would have been accepted");
        } else {
            checkRevocation(leaf, crlDers, now, signingKey);
            revocationChecked = true;
        }

        // Policy.
        List<String> violations = policy.check(report);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        if (policy.allowDebug() && report.policy().debugAllowed()) {
            warnings.add("the guest allows debugging (accepted because the policy allows debug by name)");
        }
        List<String> provisional = SnpPolicy.provisional(report);
        if (!provisional.isEmpty()) {
            warnings.add("provisional firmware accepted: " + String.join("; ", provisional));
        }
        TcbStatus status = policy.minimumTcb().isPresent() ? TcbStatus.UP_TO_DATE : TcbStatus.NOT_EVALUATED;
        if (status == TcbStatus.NOT_EVALUATED) {
            warnings.add("TCB not evaluated: the policy sets no minimum TCB");
        }
        if (roots.isExplicit()) {
            warnings.add("verified against explicitly supplied roots, not AMD's bundled roots");
        }
        return new SnpAttestationResult(report, product, leaf.chain, leaf.extensions, warnings, now,
                roots.isExplicit(), revocationChecked, status);
    }

    private static SigningKey signingKeyOf(byte[] raw) throws MalformedEvidenceException {
        int code = (int) (Le.u32(raw, 0x48) >>> 2 & 7);
        switch (code) {
            case 0:
                return SigningKey.VCEK;
            case 1:
                return SigningKey.VLEK;
            case 7:
                return SigningKey.NONE;
            default:
                throw new MalformedEvidenceException("signer info names reserved signing key " + code);
        }
    }

    private VerifiedLeaf findCachedLeaf(List<byte[]> certDers, SigningKey kind, Instant now) {
        for (byte[] der : certDers) {
            VerifiedLeaf l = leaves.get(new BytesKey(der));
            if (l != null && l.kind == kind && !now.isBefore(l.validFrom) && !now.isAfter(l.validUntil)) {
                return l;
            }
        }
        return null;
    }

    private VerifiedLeaf coldLeaf(List<byte[]> certDers, SigningKey kind, AttestationReport report, byte[] raw,
            Instant now) throws AttestationException {
        List<X509Certificate> pool = new ArrayList<>();
        for (int i = 0; i < certDers.size(); i++) {
            try {
                pool.addAll(Certificates.parseAll(certDers.get(i)));
            } catch (CertificateException e) {
                throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "certificate " + i
                        + " given with the evidence does not parse: " + e.getMessage());
            }
        }
        List<X509Certificate> candidates = new ArrayList<>();
        for (X509Certificate c : pool) {
            if (AmdRoots.commonName(c.getSubjectX500Principal()).orElse("").equals(kind.certificateCommonName())) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            candidates.add(fetchVcek(kind, report, raw));
        }
        VerificationFailedException last = null;
        for (X509Certificate c : candidates) {
            try {
                VerifiedLeaf l = validateLeaf(c, kind, pool, now);
                leaves.put(new BytesKey(encoded(c)), l);
                return l;
            } catch (VerificationFailedException e) {
                last = e;
            }
        }
        throw last;
    }

    private X509Certificate fetchVcek(SigningKey kind, AttestationReport report, byte[] raw)
            throws CollateralUnavailableException {
        if (kind == SigningKey.VLEK) {
            throw new CollateralUnavailableException("no VLEK certificate came with the evidence; VLEKs cannot be "
                    + "fetched from AMD KDS (only the cloud provider can): pass it with the evidence", null, false);
        }
        if (kds == null || offline) {
            throw new CollateralUnavailableException("no VCEK certificate came with the evidence and fetching is "
                    + (offline ? "off (offline)" : "not configured") + ": pass the VCEK (e.g. --cert vcek.der) or "
                    + "configure a collateral source", null, false);
        }
        if (report == null || report.productLine().isEmpty()) {
            throw new CollateralUnavailableException("cannot fetch the VCEK of a version-2 report without knowing its "
                    + "product line: pass a product hint or the VCEK", null, false);
        }
        if (report.chipIdMasked()) {
            throw new CollateralUnavailableException("cannot fetch the VCEK: the report's chip id is masked", null, false);
        }
        return kds.vcek(report.productLine().get(), report.chipId(), report.reportedTcb());
    }

    private VerifiedLeaf validateLeaf(X509Certificate leaf, SigningKey kind, List<X509Certificate> pool, Instant now)
            throws AttestationException {
        String issuerCn = AmdRoots.commonName(leaf.getIssuerX500Principal()).orElse("");
        String prefix = kind == SigningKey.VLEK ? "SEV-VLEK-" : "SEV-";
        if (!issuerCn.startsWith(prefix)) {
            throw AmdCertShape.fail(kind + " issuer CN is '" + issuerCn + "', expected " + prefix + "<Product>");
        }
        ProductLine product = ProductLine.fromName(issuerCn.substring(prefix.length()))
                .filter(p -> issuerCn.equals(prefix + p.kdsName()))
                .orElseThrow(() -> AmdCertShape.fail(kind + " issuer '" + issuerCn + "' names no known product line"));
        AmdCertShape.check(leaf, kind.name(), kind.certificateCommonName(), issuerCn);
        if (leaf.getBasicConstraints() >= 0) {
            throw AmdCertShape.fail("a " + kind + " certificate must not be a CA");
        }
        AmdKdsExtensions ext = AmdKdsExtensions.parse(leaf);
        if (ext.productName().isPresent() && ProductLine.fromName(ext.productName().get()).orElse(null) != product) {
            throw AmdCertShape.fail(kind + " product name '" + ext.productName().get() + "' does not match its issuer "
                    + issuerCn);
        }
        if (kind == SigningKey.VCEK && (ext.hwid().isEmpty() || ext.cspId().isPresent())) {
            throw AmdCertShape.fail("a VCEK must carry a HWID extension and no CSP id");
        }
        if (kind == SigningKey.VLEK && (ext.cspId().isEmpty() || ext.hwid().isPresent())) {
            throw AmdCertShape.fail("a VLEK must carry a CSP id extension and no HWID");
        }
        if (kind == SigningKey.VCEK && ext.hwid().get().length != (product == ProductLine.TURIN ? 8 : 64)) {
            throw AmdCertShape.fail("a " + product.kdsName() + " VCEK HWID has " + ext.hwid().get().length + " bytes");
        }
        TcbVersion certTcb = ext.tcb(product.tcbLayout());
        EcdsaVerifier verifier;
        try {
            verifier = EcdsaVerifier.fromPublicKey(leaf.getPublicKey());
        } catch (InvalidKeyException e) {
            throw AmdCertShape.fail(kind + " key: " + e.getMessage());
        }
        if (verifier.curve() != EcCurve.P384) {
            throw AmdCertShape.fail(kind + " key is on " + verifier.curve().curveName() + ", expected secp384r1");
        }
        TrustAnchors anchors = roots.anchors(product).orElseThrow(() -> new VerificationFailedException(
                Reason.CERTIFICATE_CHAIN, "no trusted ARK for " + product.kdsName()));
        List<X509Certificate> intermediates = new ArrayList<>();
        for (X509Certificate c : pool) {
            if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && !contains(intermediates, c)) {
                intermediates.add(c);
            }
        }
        for (X509Certificate c : roots.intermediates(product)) {
            if (c.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && !contains(intermediates, c)) {
                intermediates.add(c);
            }
        }
        if (intermediates.isEmpty()) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "no " + issuerCn + " certificate to "
                    + "check the " + kind + " with; pass the " + (kind == SigningKey.VLEK ? "ASVK" : "ASK"));
        }
        CertificateChainValidator validator = CertificateChainValidator.of(anchors);
        VerificationFailedException last = null;
        for (X509Certificate ask : intermediates) {
            try {
                List<X509Certificate> chain = chainThrough(leaf, ask, product, issuerCn, validator, now);
                Instant from = Instant.MIN;
                Instant until = Instant.MAX;
                for (X509Certificate c : chain) {
                    Instant nb = c.getNotBefore().toInstant();
                    Instant na = c.getNotAfter().toInstant();
                    from = nb.isAfter(from) ? nb : from;
                    until = na.isBefore(until) ? na : until;
                }
                LOG.debug("validated {} chain for {}", kind, product.kdsName());
                return new VerifiedLeaf(kind, product, List.copyOf(chain), ext, certTcb, verifier,
                        ext.hwid().orElse(new byte[0]), from, until);
            } catch (VerificationFailedException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * The chain leaf, ASK/ASVK, ARK. The ASK→ARK part is validated once per product line and exact
     * ASK bytes and kept with its validity window; a new leaf under a known ASK then costs one RSA
     * verification (its signature) plus its own validity and extension checks.
     */
    private List<X509Certificate> chainThrough(X509Certificate leaf, X509Certificate ask, ProductLine product,
            String issuerCn, CertificateChainValidator validator, Instant now) throws VerificationFailedException {
        BytesKey key = new BytesKey(withPrefix(product.ordinal(), encoded(ask)));
        ValidatedIntermediate known = validatedIntermediates.get(key);
        if (known == null || now.isBefore(known.validFrom) || now.isAfter(known.validUntil)) {
            AmdCertShape.check(ask, issuerCn, issuerCn, "ARK-" + product.kdsName());
            AmdCertShape.requireRsa(ask, issuerCn);
            List<X509Certificate> chain = validator.validate(List.of(ask), now);
            X509Certificate ark = chain.get(chain.size() - 1);
            AmdCertShape.check(ark, "ARK", "ARK-" + product.kdsName(), "ARK-" + product.kdsName());
            AmdCertShape.requireRsa(ark, "ARK");
            Instant from = ask.getNotBefore().toInstant().isAfter(ark.getNotBefore().toInstant())
                    ? ask.getNotBefore().toInstant() : ark.getNotBefore().toInstant();
            Instant until = ask.getNotAfter().toInstant().isBefore(ark.getNotAfter().toInstant())
                    ? ask.getNotAfter().toInstant() : ark.getNotAfter().toInstant();
            known = new ValidatedIntermediate(List.copyOf(chain), from, until);
            validatedIntermediates.put(key, known);
        }
        if (ask.getBasicConstraints() < 0 || (ask.getKeyUsage() != null
                && (ask.getKeyUsage().length < 6 || !ask.getKeyUsage()[5]))) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, ask.getSubjectX500Principal().getName()
                    + " is not a CA that may sign certificates");
        }
        if (!leaf.getIssuerX500Principal().equals(ask.getSubjectX500Principal())) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate's issuer is not "
                    + ask.getSubjectX500Principal().getName());
        }
        try {
            leaf.checkValidity(java.util.Date.from(now));
        } catch (java.security.cert.CertificateExpiredException | java.security.cert.CertificateNotYetValidException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate is not valid at "
                    + now + " (valid " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")");
        }
        java.util.Set<String> critical = leaf.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate has unhandled "
                    + "critical extensions " + critical);
        }
        try {
            leaf.verify(ask.getPublicKey());
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate's signature does "
                    + "not verify with the key of " + ask.getSubjectX500Principal().getName());
        }
        List<X509Certificate> full = new ArrayList<>();
        full.add(leaf);
        full.addAll(known.chain);
        return full;
    }

    private static byte[] withPrefix(int prefix, byte[] b) {
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) prefix;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    /** An ASK/ASVK validated to its ARK: the chain [ASK, ARK] and its validity window. */
    private static final class ValidatedIntermediate {
        final List<X509Certificate> chain;
        final Instant validFrom;
        final Instant validUntil;

        ValidatedIntermediate(List<X509Certificate> chain, Instant validFrom, Instant validUntil) {
            this.chain = chain;
            this.validFrom = validFrom;
            this.validUntil = validUntil;
        }
    }

    private static boolean contains(List<X509Certificate> list, X509Certificate c) {
        for (X509Certificate x : list) {
            if (x.equals(c)) {
                return true;
            }
        }
        return false;
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

    private void checkRevocation(VerifiedLeaf leaf, List<byte[]> crlDers, Instant now, SigningKey kind)
            throws AttestationException {
        X509Certificate intermediate = leaf.chain.get(1);
        X509Certificate ark = leaf.chain.get(leaf.chain.size() - 1);
        List<X509CRL> candidates = new ArrayList<>(crls);
        for (byte[] der : crlDers) {
            // A certificate table repeats the same CRL with every report: parse each distinct one once
            // (keyed by its exact bytes). Its signature and time window are still checked on use.
            BytesKey k = new BytesKey(der);
            X509CRL parsed = tableCrls.get(k);
            if (parsed == null) {
                try {
                    parsed = Certificates.parseCrl(der);
                } catch (CRLException e) {
                    throw new VerificationFailedException(Reason.COLLATERAL, "the CRL in the certificate table does not "
                            + "parse: " + e.getMessage());
                }
                tableCrls.put(k, parsed);
            }
            candidates.add(parsed);
        }
        List<X509CRL> fromArk = new ArrayList<>();
        for (X509CRL c : candidates) {
            if (c.getIssuerX500Principal().equals(ark.getSubjectX500Principal())) {
                fromArk.add(c);
            }
        }
        if (fromArk.isEmpty() && kds != null && !offline) {
            try {
                fromArk.add(kds.crl(leaf.product, kind));
            } catch (CollateralUnavailableException e) {
                throw new RevocationUnavailableException("the CRL of " + leaf.product.kdsName()
                        + " could not be fetched, so the " + (kind == SigningKey.VLEK ? "ASVK" : "ASK")
                        + "'s revocation status is unknown: " + e.getMessage(), e);
            }
        }
        if (fromArk.isEmpty()) {
            throw new RevocationUnavailableException("no CRL of " + ark.getSubjectX500Principal().getName()
                    + " is at hand to check the " + (kind == SigningKey.VLEK ? "ASVK" : "ASK") + " against"
                    + (offline ? " (offline)" : "") + "; supply the KDS CRL (" + KdsUrls.amd().crl(leaf.product, kind)
                    + "), enable fetching, or skip revocation by name (RevocationMode.SKIP_INSECURE)");
        }
        AttestationException last = null;
        for (X509CRL crl : fromArk) {
            try {
                CrlVerifier v = checkedCrl(leaf, crl, ark, now);
                v.requireNotRevoked(intermediate);
                return;
            } catch (VerificationFailedException e) {
                if (e.reason() == Reason.REVOKED) {
                    throw e;
                }
                last = e;
            } catch (RevocationUnavailableException e) {
                last = e;
            }
        }
        throw last;
    }

    private CrlVerifier checkedCrl(VerifiedLeaf leaf, X509CRL crl, X509Certificate ark, Instant now)
            throws AttestationException {
        // Warm path: the very CRL and ARK objects this leaf was last checked with (the builder's CRL,
        // or the table's CRL as parsed once above), inside the same time window as below.
        CheckedCrl last = leaf.lastCrl;
        if (last != null && last.crl == crl && last.ark == ark && !now.isBefore(last.thisUpdate)
                && now.isBefore(last.verifier.nextUpdate())) {
            return last.verifier;
        }
        CrlVerifier v = checkedCrlByBytes(crl, ark, now);
        leaf.lastCrl = new CheckedCrl(crl, ark, crl.getThisUpdate().toInstant(), v);
        return v;
    }

    private CrlVerifier checkedCrlByBytes(X509CRL crl, X509Certificate ark, Instant now) throws AttestationException {
        byte[] der;
        try {
            der = crl.getEncoded();
        } catch (CRLException e) {
            throw new VerificationFailedException(Reason.COLLATERAL, "CRL does not encode");
        }
        byte[] arkDer = encoded(ark);
        byte[] key = Arrays.copyOf(der, der.length + arkDer.length);
        System.arraycopy(arkDer, 0, key, der.length, arkDer.length);
        BytesKey k = new BytesKey(key);
        CrlVerifier cached = checkedCrls.get(k);
        if (cached != null) {
            Instant thisUpdate = crl.getThisUpdate().toInstant();
            if (!now.isBefore(thisUpdate) && now.isBefore(cached.nextUpdate())) {
                return cached;
            }
        }
        CrlVerifier v = CrlVerifier.check(crl, ark, now);
        checkedCrls.put(k, v);
        return v;
    }

    /** A CRL checked against an ARK (by object identity), with the window it was found current in. */
    private static final class CheckedCrl {
        final X509CRL crl;
        final X509Certificate ark;
        final Instant thisUpdate;
        final CrlVerifier verifier;

        CheckedCrl(X509CRL crl, X509Certificate ark, Instant thisUpdate, CrlVerifier verifier) {
            this.crl = crl;
            this.ark = ark;
            this.thisUpdate = thisUpdate;
            this.verifier = verifier;
        }
    }

    /** What the verifier keeps per signing certificate. */
    private static final class VerifiedLeaf {
        final SigningKey kind;
        final ProductLine product;
        final List<X509Certificate> chain;
        final AmdKdsExtensions extensions;
        final TcbVersion certTcb;
        final EcdsaVerifier verifier;
        final byte[] hwid;
        final Instant validFrom;
        final Instant validUntil;
        /** The CRL this leaf's ASK/ASVK was last found unrevoked in; a hint, replaced on change. */
        volatile CheckedCrl lastCrl;

        VerifiedLeaf(SigningKey kind, ProductLine product, List<X509Certificate> chain, AmdKdsExtensions extensions,
                TcbVersion certTcb, EcdsaVerifier verifier, byte[] hwid, Instant validFrom, Instant validUntil) {
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
