package io.tee4j.atls;

import io.tee4j.atls.AttestedTlsException.Reason;
import io.tee4j.atls.cert.Bindings;
import io.tee4j.atls.cert.CertificateEvidence;
import io.tee4j.atls.cert.CertificateEvidenceDecoder;
import io.tee4j.atls.cert.EvidenceFormat;
import io.tee4j.atls.cert.Freshness;
import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's appraisal of an attested server certificate, as named steps: decode the evidence
 * extension, check the TEE, settle the nonce the evidence must be bound to, verify the evidence
 * with the TEE's verifier and policy, compare the verified report data with the binding, and
 * optionally the host name. Each refusal is an {@link AttestedTlsException} naming its step.
 */
final class PeerAppraisal {
    private final PreparedVerifier verifier;
    private final AtlsPolicy policy;

    PeerAppraisal(PreparedVerifier verifier, AtlsPolicy policy) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (verifier.type() != policy.tee()) {
            throw new IllegalArgumentException("the verifier is for " + verifier.type() + " but the policy names "
                    + policy.tee());
        }
    }

    /**
     * Appraises the leaf the server presented.
     *
     * @param nonce the nonce this client sent in SNI, if it sent one
     * @param peerHost the host the client connected to, for the optional hostname check
     */
    AttestedPeer appraise(X509Certificate leaf, Optional<byte[]> nonce, Optional<String> peerHost)
            throws AttestedTlsException {
        CertificateEvidence ce = decode(leaf);
        Evidence evidence = checkTee(ce);
        byte[] spki = leaf.getPublicKey().getEncoded();
        Bound bound = bindingNonce(ce, leaf, nonce);
        AttestationResult result = verify(evidence);
        checkBinding(ce, spki, bound.nonce(), result.commonClaims().reportData());
        if (policy.verifyHostname()) {
            checkHostname(leaf, peerHost);
        }
        return new AttestedPeer(result, ce.format(), bound.freshness(), leaf);
    }

    private record Bound(byte[] nonce, Freshness freshness) {
    }

    private CertificateEvidence decode(X509Certificate leaf) throws AttestedTlsException {
        Optional<CertificateEvidence> ce;
        try {
            ce = CertificateEvidenceDecoder.decode(leaf);
        } catch (MalformedEvidenceException e) {
            throw new AttestedTlsException(Reason.MALFORMED_EVIDENCE, "the certificate's evidence does not decode: "
                    + e.getMessage(), e);
        }
        if (ce.isEmpty()) {
            throw new AttestedTlsException(Reason.NO_EVIDENCE, "the server certificate carries no evidence extension");
        }
        if (!policy.accepts(ce.get().format())) {
            throw new AttestedTlsException(Reason.NO_EVIDENCE, "the server certificate carries " + ce.get().format()
                    + " evidence (" + ce.get().extensionOid() + "), which the policy does not accept");
        }
        return ce.get();
    }

    private Evidence checkTee(CertificateEvidence ce) throws AttestedTlsException {
        if (ce.tee().isPresent() && ce.tee().get() != policy.tee()) {
            throw new AttestedTlsException(Reason.WRONG_TEE, "the server's evidence is from " + ce.tee().get()
                    + ", the policy requires " + policy.tee());
        }
        return ce.evidence().orElseThrow(() -> new AttestedTlsException(Reason.UNSUPPORTED_EVIDENCE,
                "tee4j cannot verify the server's evidence: " + ce.description()));
    }

    /** The nonce the evidence must be bound to: this handshake's, or the certificate's time window. */
    private Bound bindingNonce(CertificateEvidence ce, X509Certificate leaf, Optional<byte[]> nonce)
            throws AttestedTlsException {
        if (ce.freshness() == Freshness.TIME_WINDOW) {
            return new Bound(timeWindow(leaf), Freshness.TIME_WINDOW);
        }
        if (nonce.isEmpty()) {
            throw new AttestedTlsException(Reason.NO_NONCE, "this connection sent no nonce (SNI), so the evidence "
                    + "cannot be shown fresh");
        }
        return new Bound(nonce.get(), Freshness.CLIENT_NONCE);
    }

    private byte[] timeWindow(X509Certificate leaf) throws AttestedTlsException {
        Optional<Duration> max = policy.maxTimeWindow();
        if (max.isEmpty()) {
            throw new AttestedTlsException(Reason.NO_NONCE, "the server's evidence is bound to a time window, not "
                    + "to this handshake's nonce; the policy requires a nonce");
        }
        Instant from = leaf.getNotBefore().toInstant();
        Instant to = leaf.getNotAfter().toInstant();
        Instant now = policy.clock().instant();
        if (Duration.between(from, to).compareTo(max.get()) > 0 || now.isBefore(from) || now.isAfter(to)) {
            throw new AttestedTlsException(Reason.WINDOW_REFUSED, "the evidence's time window " + from + " .. " + to
                    + " is longer than " + max.get() + " or does not contain " + now);
        }
        return Bindings.timeWindowNonce(from, to);
    }

    private AttestationResult verify(Evidence evidence) throws AttestedTlsException {
        PerCallInputs inputs = PerCallInputs.builder().clock(policy.clock())
                .policy(policy.backendPolicy().orElse(null)).build();
        try {
            return verifier.verify(evidence, inputs);
        } catch (AttestationException e) {
            throw new AttestedTlsException(Reason.EVIDENCE_REJECTED, "the server's " + evidence.type()
                    + " evidence was refused: " + e.getMessage(), e);
        } catch (PolicyFormatException e) {
            throw new AttestedTlsException(Reason.POLICY_INVALID, "the backend policy is invalid: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Compares the verified report data with the binding. On a mismatch, tells a replay (bound to
     * this key with the nonce the certificate names, which is not ours) from a foreign binding.
     */
    private void checkBinding(CertificateEvidence ce, byte[] spki, byte[] nonce, byte[] reportData)
            throws AttestedTlsException {
        if (ce.format() == EvidenceFormat.CONSTELLATION) {
            byte[] userData = ce.constellationUserData().orElse(new byte[0]);
            if (!MessageDigest.isEqual(userData, sha256(spki))) {
                throw new AttestedTlsException(Reason.KEY_BINDING_MISMATCH,
                        "the Constellation document's UserData is not the hash of the certificate key");
            }
        }
        if (Bindings.matches(reportData, ce.expectedReportData(spki, nonce))) {
            return;
        }
        Optional<byte[]> claimed = ce.claimedNonce();
        if (claimed.isPresent() && !MessageDigest.isEqual(claimed.get(), nonce)
                && Bindings.matches(reportData, ce.expectedReportData(spki, claimed.get()))) {
            throw new AttestedTlsException(Reason.STALE_NONCE, "the evidence is bound to another nonce than this "
                    + "handshake's: replayed from another handshake");
        }
        throw new AttestedTlsException(Reason.KEY_BINDING_MISMATCH, "the evidence's report data is not bound to the "
                + "certificate's key and this handshake's nonce");
    }

    private static void checkHostname(X509Certificate leaf, Optional<String> peerHost) throws AttestedTlsException {
        String host = peerHost.orElseThrow(() -> new AttestedTlsException(Reason.HOSTNAME_MISMATCH,
                "hostname verification is on but the connection has no host name"));
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))
                            && ((String) san.get(1)).toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                        return;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new AttestedTlsException(Reason.HOSTNAME_MISMATCH, "the certificate's names do not parse", e);
        }
        throw new AttestedTlsException(Reason.HOSTNAME_MISMATCH, "the certificate does not name " + host);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every Java runtime", e);
        }
    }
}
