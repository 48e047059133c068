package io.tee4j.snp.verify;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.verify.AmdCertShape;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification step: the certificate chain leaf → ASK/ASVK → ARK, validated at the instant against
 * the ARK of the certificate's product line only, in AMD's certificate shape. Only chain-shaped
 * candidates cost a signature: each supplied ASK/ASVK named as a candidate's issuer is validated
 * against the ARK once (and kept per product line and exact bytes with its validity window), and a
 * candidate is checked only against those that validated.
 */
final class IssuerChains {
    private static final Logger LOG = LoggerFactory.getLogger(IssuerChains.class);

    private final SnpTrustAnchors roots;
    private final LongAdder signatureVerifications;
    private final BoundedCache<BytesKey, ValidatedIntermediate> validatedIntermediates = new BoundedCache<>(64);

    IssuerChains(SnpTrustAnchors roots, LongAdder signatureVerifications) {
        this.roots = roots;
        this.signatureVerifications = signatureVerifications;
    }

    /**
     * The supplied or root-store ASK/ASVKs named as the candidate's issuer that validate to the
     * trusted ARK of its product line, each distinct certificate validated once (and cached).
     */
    List<ValidatedIntermediate> validIssuers(SigningCandidate c, List<X509Certificate> pool, Instant now,
            SigningAttempts attempts) {
        Optional<TrustAnchors> anchors = roots.anchors(c.product);
        if (anchors.isEmpty()) {
            attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "no trusted ARK for "
                    + c.product.kdsName()));
            return List.of();
        }
        CertificateChainValidator validator = CertificateChainValidator.of(anchors.get());
        List<X509Certificate> named = namedIssuers(c.cert.getIssuerX500Principal(), pool, c.product);
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

    private List<X509Certificate> namedIssuers(X500Principal issuer, List<X509Certificate> pool, ProductLine product) {
        List<X509Certificate> named = new ArrayList<>();
        for (X509Certificate x : pool) {
            if (x.getSubjectX500Principal().equals(issuer)) {
                named.add(x);
            }
        }
        for (X509Certificate x : roots.intermediates(product)) {
            if (x.getSubjectX500Principal().equals(issuer)) {
                named.add(x);
            }
        }
        return named;
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
                } catch (GeneralSecurityException | RuntimeException e) {
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
    VerifiedLeaf chainedLeaf(SigningCandidate c, List<ValidatedIntermediate> asks, Instant now,
            SigningAttempts attempts) {
        if (asks.isEmpty() || !usableAt(c.cert, now, attempts)) {
            return null;
        }
        X509Certificate leaf = c.cert;
        for (ValidatedIntermediate ask : asks) {
            signatureVerifications.increment();
            try {
                leaf.verify(ask.certificate.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing "
                        + "certificate's signature does not verify with the key of "
                        + ask.certificate.getSubjectX500Principal().getName()));
                continue;
            }
            EcdsaVerifier verifier;
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
            return new VerifiedLeaf(c.kind, c.product, List.copyOf(chain), c.extensions, c.tcb, verifier, c.hwid,
                    later(leaf, ask.validFrom), earlier(leaf, ask.validUntil));
        }
        return null;
    }

    /** The leaf is valid at the instant and has no critical extension we do not handle. */
    private static boolean usableAt(X509Certificate leaf, Instant now, SigningAttempts attempts) {
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate "
                    + "is not valid at " + now + " (valid " + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant() + ")"));
            return false;
        }
        Set<String> critical = leaf.getCriticalExtensionOIDs();
        if (critical != null && !critical.isEmpty()) {
            attempts.chainFailed(new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the signing certificate "
                    + "has unhandled critical extensions " + critical));
            return false;
        }
        return true;
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

    private static byte[] withPrefix(int prefix, byte[] b) {
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) prefix;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    private static byte[] encoded(X509Certificate c) throws VerificationFailedException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "certificate does not encode");
        }
    }

    /** An ASK/ASVK validated to its ARK: the chain [ASK, ARK] and its validity window. */
    static final class ValidatedIntermediate {
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
}
