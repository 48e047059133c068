package io.tee4j.snp.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.collateral.KdsClient;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.security.auth.x500.X500Principal;

/**
 * Verification step: finds the certificate that signed the report, its chain validated (see
 * {@link IssuerChains}) and the report's ECDSA P-384 signature over bytes [0, 0x2A0) verified with
 * it. Only certificates the report's {@link SignerSelector} names are tried: first those already
 * verified (kept per exact certificate bytes), then the supplied ones, then a VCEK fetched from KDS
 * when none was supplied. Every matching candidate is tried, whatever the order.
 */
final class SigningKeyResolver {
    private final IssuerChains chains;
    private final KdsClient kds;
    private final boolean offline;
    private final LongAdder signatureVerifications;
    private final BoundedCache<BytesKey, VerifiedLeaf> leaves;

    SigningKeyResolver(IssuerChains chains, KdsClient kds, boolean offline, int maxCachedCertificates,
            LongAdder signatureVerifications) {
        this.chains = chains;
        this.kds = kds;
        this.offline = offline;
        this.signatureVerifications = signatureVerifications;
        this.leaves = new BoundedCache<>(maxCachedCertificates);
    }

    /** The certificate that signed this report, or the most useful failure. */
    VerifiedLeaf resolve(List<byte[]> certDers, ReportEnvelope envelope, Instant now) throws AttestationException {
        byte[] raw = envelope.raw;
        SignerSelector selector = envelope.selector();
        SigningAttempts attempts = new SigningAttempts(selector);
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
            Optional<X509Certificate> fetched = fetchVcek(selector, envelope.firstParse(), attempts);
            if (fetched.isPresent()) {
                named = attempts.select(List.of(fetched.get()), tried);
            }
        }
        VerifiedLeaf leaf = firstSigner(named, pool, raw, now, attempts);
        if (leaf == null) {
            throw attempts.failure();
        }
        return leaf;
    }

    /** The first named candidate whose chain validates and whose key signed the report, or null. */
    private VerifiedLeaf firstSigner(List<SigningCandidate> named, List<X509Certificate> pool, byte[] raw,
            Instant now, SigningAttempts attempts) {
        Map<X500Principal, List<IssuerChains.ValidatedIntermediate>> issuers = new HashMap<>();
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
            List<IssuerChains.ValidatedIntermediate> asks = issuers.get(c.cert.getIssuerX500Principal());
            if (asks == null) {
                asks = chains.validIssuers(c, pool, now, attempts);
                issuers.put(c.cert.getIssuerX500Principal(), asks);
            }
            VerifiedLeaf leaf = chains.chainedLeaf(c, asks, now, attempts);
            if (leaf == null) {
                continue;
            }
            leaves.put(BytesKey.of(c.der), leaf);
            if (signs(leaf, raw)) {
                return leaf;
            }
            attempts.signatureFailed(leaf.kind);
        }
        return null;
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
    private Optional<X509Certificate> fetchVcek(SignerSelector selector, AttestationReport report,
            SigningAttempts attempts) throws CollateralUnavailableException {
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
}
