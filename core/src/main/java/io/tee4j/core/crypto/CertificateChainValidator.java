package io.tee4j.core.crypto;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates a certificate chain against explicit trust anchors at a given instant. Written for
 * the short, fixed-shape chains of attestation (VCEK ← ASK ← ARK, PCK ← Platform CA ← Intel root,
 * GPU leaf ← ... ← NVIDIA root) rather than general web PKI, so every rule is visible here:
 *
 * <ul>
 *   <li>the chain is given leaf first; it may or may not end with the root itself;
 *   <li>it must end at one of the anchors: the last certificate is an anchor, or is issued and
 *       signed by one;
 *   <li>every certificate, the anchor included, is valid at the instant (notBefore ≤ t ≤ notAfter);
 *   <li>each certificate's issuer name equals its parent's subject and its signature verifies with
 *       the parent's key (the certificate's own signature algorithm, RSA-PSS included);
 *   <li>every parent is a CA (basicConstraints cA) whose path length allows the chain below it
 *       and, when it has keyUsage, may sign certificates;
 *   <li>an unknown critical extension fails the chain unless the caller names it as handled;
 *   <li>the chain holds at most {@value #MAX_CHAIN_LENGTH} certificates.
 * </ul>
 *
 * <p>The signature of an issuing certificate (any but the chain's first) found to verify is
 * remembered by the exact bytes of the certificate and of the issuer's key (bounded, per
 * validator), so a fleet of leaves under one CA pays for the CA's and the root's signatures once;
 * validity, names, CA flags and extensions are checked on every call.
 *
 * <p>Not checked here: revocation (see {@link CrlVerifier}), name constraints and policies (not
 * used by any attestation PKI), and vendor-specific shape rules, which the backends check.
 *
 * @since 0.1
 */
public final class CertificateChainValidator {
    /** Longest chain accepted (attestation chains have two to five certificates). */
    public static final int MAX_CHAIN_LENGTH = 10;

    private static final Set<String> KNOWN_CRITICAL = Set.of(
            "2.5.29.19", // basicConstraints
            "2.5.29.15", // keyUsage
            "2.5.29.37", // extKeyUsage
            "2.5.29.17", // subjectAltName
            "2.5.29.32"); // certificatePolicies (content not interpreted: no attestation PKI relies on it)

    private final TrustAnchors anchors;
    private final Set<String> handledCriticalExtensions;
    /** Signatures that verified before, by exact bytes and issuer key (every other rule runs every time). */
    private final VerifiedSignatures signatures = new VerifiedSignatures();

    private CertificateChainValidator(TrustAnchors anchors, Set<String> handled) {
        this.anchors = anchors;
        Set<String> all = new HashSet<>(KNOWN_CRITICAL);
        all.addAll(handled);
        this.handledCriticalExtensions = Set.copyOf(all);
    }

    /** A validator for the given anchors. */
    public static CertificateChainValidator of(TrustAnchors anchors) {
        return new CertificateChainValidator(Objects.requireNonNull(anchors, "anchors"), Set.of());
    }

    /**
     * A validator that also accepts the given critical extensions, which the caller checks itself
     * (e.g. the DICE TCB-info extension of GPU device certificates).
     */
    public static CertificateChainValidator of(TrustAnchors anchors, Set<String> handledCriticalExtensionOids) {
        return new CertificateChainValidator(Objects.requireNonNull(anchors, "anchors"),
                Set.copyOf(handledCriticalExtensionOids));
    }

    public TrustAnchors anchors() {
        return anchors;
    }

    /**
     * Validates the chain (leaf first) and returns it with the anchor appended when the input did
     * not end with it.
     *
     * @throws VerificationFailedException with reason {@link Reason#CERTIFICATE_CHAIN} naming the
     *     first certificate that failed and why
     */
    public List<X509Certificate> validate(List<X509Certificate> chain, Instant at) throws VerificationFailedException {
        Objects.requireNonNull(at, "at");
        if (chain.isEmpty()) {
            throw fail("empty certificate chain");
        }
        if (chain.size() > MAX_CHAIN_LENGTH) {
            throw fail("certificate chain of " + chain.size() + " certificates is longer than " + MAX_CHAIN_LENGTH);
        }
        List<X509Certificate> full = new ArrayList<>(chain);
        X509Certificate last = full.get(full.size() - 1);
        if (!anchors.contains(last)) {
            X509Certificate anchor = findIssuingAnchor(last, full.size() > 1);
            full.add(anchor);
        }
        Date when = Date.from(at);
        for (int i = 0; i < full.size(); i++) {
            X509Certificate cert = full.get(i);
            checkValidity(cert, when, i);
            checkCriticalExtensions(cert, i);
            if (i + 1 < full.size()) {
                X509Certificate parent = full.get(i + 1);
                checkIssuedBy(cert, parent, i);
                checkIsCa(parent, i + 1, i);
            } else {
                checkSelfSigned(cert, i);
            }
        }
        return full;
    }

    private X509Certificate findIssuingAnchor(X509Certificate cert, boolean remember)
            throws VerificationFailedException {
        for (X509Certificate anchor : anchors.roots()) {
            if (anchor.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                    && signatureVerifies(cert, anchor.getPublicKey(), remember)) {
                return anchor;
            }
        }
        throw fail("chain does not lead to a trusted root (" + anchors.name() + "): "
                + describe(cert) + " is not issued by any anchor");
    }

    private static void checkValidity(X509Certificate cert, Date when, int index) throws VerificationFailedException {
        try {
            cert.checkValidity(when);
        } catch (CertificateExpiredException e) {
            throw fail(describe(cert) + " (position " + index + ") expired at " + cert.getNotAfter().toInstant()
                    + ", before " + when.toInstant());
        } catch (CertificateNotYetValidException e) {
            throw fail(describe(cert) + " (position " + index + ") is not valid before "
                    + cert.getNotBefore().toInstant() + "; verification time is " + when.toInstant());
        }
    }

    private void checkCriticalExtensions(X509Certificate cert, int index) throws VerificationFailedException {
        Set<String> critical = cert.getCriticalExtensionOIDs();
        if (critical == null) {
            return;
        }
        for (String oid : critical) {
            if (!handledCriticalExtensions.contains(oid)) {
                throw fail(describe(cert) + " (position " + index + ") has unhandled critical extension " + oid);
            }
        }
    }

    private void checkIssuedBy(X509Certificate cert, X509Certificate parent, int index)
            throws VerificationFailedException {
        if (!cert.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
            throw fail(describe(cert) + " (position " + index + ") names issuer "
                    + cert.getIssuerX500Principal().getName() + " but the next certificate is "
                    + parent.getSubjectX500Principal().getName());
        }
        if (!signatureVerifies(cert, parent.getPublicKey(), index > 0)) {
            throw fail("signature of " + describe(cert) + " (position " + index + ") does not verify with the key of "
                    + describe(parent));
        }
    }

    private static void checkIsCa(X509Certificate parent, int parentIndex, int childIndex)
            throws VerificationFailedException {
        int pathLen = parent.getBasicConstraints();
        if (pathLen < 0) {
            throw fail(describe(parent) + " (position " + parentIndex + ") issues a certificate but is not a CA");
        }
        // Number of CA certificates below this parent in the chain = childIndex (leaf is at 0).
        int casBelow = childIndex;
        if (pathLen != Integer.MAX_VALUE && casBelow > pathLen) {
            throw fail(describe(parent) + " (position " + parentIndex + ") allows path length " + pathLen
                    + " but " + casBelow + " CA certificates follow it");
        }
        boolean[] usage = parent.getKeyUsage();
        if (usage != null && (usage.length < 6 || !usage[5])) {
            throw fail(describe(parent) + " (position " + parentIndex + ") may not sign certificates (keyUsage)");
        }
    }

    private void checkSelfSigned(X509Certificate root, int index) throws VerificationFailedException {
        if (!root.getIssuerX500Principal().equals(root.getSubjectX500Principal())
                || !signatureVerifies(root, root.getPublicKey(), true)) {
            throw fail("trust anchor " + describe(root) + " (position " + index + ") is not self-signed");
        }
    }

    /**
     * Whether the signature verifies; {@code remember} for issuing certificates only: a leaf is
     * one platform's own, and the backends keep whole platforms in caches of their own.
     */
    private boolean signatureVerifies(X509Certificate cert, PublicKey key, boolean remember) {
        return signatures.verifies(cert, key, remember);
    }

    private static String describe(X509Certificate cert) {
        return "certificate '" + cert.getSubjectX500Principal().getName() + "' (serial "
                + cert.getSerialNumber().toString(16) + ")";
    }

    private static VerificationFailedException fail(String message) {
        return new VerificationFailedException(Reason.CERTIFICATE_CHAIN, message);
    }
}
