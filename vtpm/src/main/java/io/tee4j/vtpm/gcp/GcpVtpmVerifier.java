package io.tee4j.vtpm.gcp;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmtPublic;
import io.tee4j.tpm.abi.TpmtSignature;
import io.tee4j.tpm.verify.AkCertificateVerifier;
import io.tee4j.tpm.verify.AttestationKey;
import io.tee4j.tpm.verify.QuoteNonce;
import io.tee4j.tpm.verify.QuoteVerifier;
import io.tee4j.tpm.verify.VerifiedQuote;
import io.tee4j.vtpm.IncompleteEvidenceException;
import io.tee4j.vtpm.VtpmAttestationResult;
import io.tee4j.vtpm.VtpmPolicy;
import io.tee4j.vtpm.azure.QuoteClaims;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a GCE vTPM attestation (go-tpm-tools), as a pipeline: the AK from its TPMT_PUBLIC, which
 * must be a restricted signing key fixed to the TPM; the
 * AK certificate chained to Google's EK/AK CAs (or the caller's anchors) and certifying that AK;
 * <em>every</em> quote's signature, structure and PCR digest (go-tpm-tools stops at the first good
 * one; tee4j refuses evidence with any bad quote); the event log replayed against every quoted bank
 * ({@link EventLogCheck}); then policy: nonce = each quote's extraData, PCR values, Secure Boot
 * (from the measured SecureBoot variable, only when PCR 7 replayed). Missing AK certificate or
 * quotes make the evidence {@linkplain IncompleteEvidenceException incomplete}.
 *
 * <p>Not verified: the SEV-SNP or TDX attestation an attestation may carry beside the quotes (the
 * result names it and warns), the AK certificate's revocation (Google publishes no CRL), and the
 * instance-information extension. Thread-safe.
 *
 * @since 0.1
 */
public final class GcpVtpmVerifier {
    private final AkCertificateVerifier akVerifier;
    private final List<X509Certificate> intermediates;
    private final boolean explicitAnchors;

    private GcpVtpmVerifier(TrustAnchors anchors) {
        this.akVerifier = AkCertificateVerifier.of(anchors);
        this.intermediates = GoogleAkAnchors.intermediates();
        this.explicitAnchors = anchors.origin() == TrustAnchors.Origin.EXPLICIT;
    }

    /** A verifier trusting Google's bundled EK/AK CA roots. */
    public static GcpVtpmVerifier google() {
        return new GcpVtpmVerifier(GoogleAkAnchors.roots());
    }

    /** A verifier trusting only the given anchors. */
    public static GcpVtpmVerifier withAnchors(TrustAnchors anchors) {
        return new GcpVtpmVerifier(Objects.requireNonNull(anchors, "anchors"));
    }

    /** Verifies and appraises an attestation at the clock's instant. */
    public VtpmAttestationResult verify(GceAttestation att, VtpmPolicy policy, Clock clock) throws AttestationException {
        Objects.requireNonNull(att, "att");
        Objects.requireNonNull(policy, "policy");
        TpmtPublic akPublic = TpmtPublic.parse(att.akPublic());
        if (!akPublic.isRestrictedSigningKey()) {
            // An unrestricted key signs whatever it is given, so its "quote" proves nothing.
            throw new VerificationFailedException(Reason.BINDING, String.format("the AK (objectAttributes 0x%x) is not a "
                    + "restricted signing key fixed to the TPM", akPublic.objectAttributes()));
        }
        AttestationKey ak = AttestationKey.of(akPublic);
        byte[] certDer = att.akCertificate().orElseThrow(() -> new IncompleteEvidenceException("ak_cert",
                "without it nothing says the AK belongs to a Google vTPM"));
        if (att.quotes().isEmpty()) {
            throw new IncompleteEvidenceException("quotes", "there is no TPM quote to verify");
        }
        X509Certificate cert = certificate(certDer, "ak_cert");
        List<X509Certificate> pool = new ArrayList<>(intermediates);
        for (byte[] der : att.intermediates()) {
            pool.add(certificate(der, "intermediate_certs"));
        }
        akVerifier.verify(cert, pool, ak, clock.instant());
        List<VerifiedQuote> quotes = new ArrayList<>();
        for (GceQuote q : att.quotes()) {
            quotes.add(QuoteVerifier.verify(q.message(), TpmtSignature.parse(q.signature()), ak, q.pcrs()));
        }
        List<String> warnings = new ArrayList<>();
        EventLogCheck.Outcome log = null;
        if (att.eventLog().length > 0) {
            log = EventLogCheck.check(att.eventLog(), quotes);
        } else {
            warnings.add("the attestation has no event log: the PCRs are quoted but nothing says what they measure");
        }
        requireAgreeingBanks(quotes);
        appraise(policy, quotes, log);
        if (policy.nonce().isEmpty()) {
            warnings.add("no nonce was given: the quotes' extraData was not checked, so this evidence may be a replay");
        }
        if (att.teeAttestation().isPresent()) {
            warnings.add("the " + (att.teeAttestationField() == 8 ? "SEV-SNP" : "TDX") + " attestation beside the "
                    + "quotes was not verified");
        }
        return result(cert, quotes, log, att, warnings, clock);
    }

    /**
     * Two quotes of one bank must quote the same values: the policy and the claims read one value per
     * PCR, and a second, different copy would otherwise decide nothing (or hide the first).
     */
    static void requireAgreeingBanks(List<VerifiedQuote> quotes) throws VerificationFailedException {
        Map<TpmHash, Map<Integer, byte[]>> seen = new EnumMap<>(TpmHash.class);
        for (VerifiedQuote q : quotes) {
            for (TpmHash b : q.pcrs().bankSet()) {
                Map<Integer, byte[]> earlier = seen.putIfAbsent(b, q.pcrs().bank(b));
                if (earlier == null) {
                    continue;
                }
                for (Map.Entry<Integer, byte[]> e : q.pcrs().bank(b).entrySet()) {
                    byte[] other = earlier.get(e.getKey());
                    if (other != null && !java.security.MessageDigest.isEqual(other, e.getValue())) {
                        throw new VerificationFailedException(Reason.BINDING, "two quotes of the " + b
                                + " bank disagree on PCR " + e.getKey());
                    }
                }
            }
        }
    }

    private static void appraise(VtpmPolicy policy, List<VerifiedQuote> quotes, EventLogCheck.Outcome log)
            throws PolicyViolationException {
        List<PolicyViolation> violations = new ArrayList<>();
        Map<TpmHash, Map<Integer, byte[]>> quoted = new EnumMap<>(TpmHash.class);
        for (VerifiedQuote q : quotes) {
            policy.nonce().flatMap(n -> QuoteNonce.exact(q, n)).ifPresent(violations::add);
            q.pcrs().bankSet().forEach(b -> quoted.put(b, q.pcrs().bank(b)));
        }
        violations.addAll(policy.checkPcrs(quoted));
        policy.checkSecureBoot(log == null ? java.util.Optional.empty() : log.secureBoot()).ifPresent(violations::add);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
    }

    private VtpmAttestationResult result(X509Certificate cert, List<VerifiedQuote> quotes, EventLogCheck.Outcome log,
            GceAttestation att, List<String> warnings, Clock clock) {
        CommonClaims.Builder common = CommonClaims.builder(TeeType.GCP_VTPM)
                .reportData(quotes.get(0).attest().extraData()).debug(false).tcbStatus(TcbStatus.NOT_EVALUATED);
        List<Claims> quoteClaims = new ArrayList<>();
        for (VerifiedQuote q : quotes) {
            quoteClaims.add(QuoteClaims.of(q).build());
            q.pcrs().bank(TpmHash.SHA256).forEach((i, v) -> common.measurement("pcr" + i, v));
        }
        Claims claims = Claims.builder()
                .put("akCertificate", Claims.builder().put("subject", cert.getSubjectX500Principal().getName())
                        .put("issuer", cert.getIssuerX500Principal().getName())
                        .put("notBefore", cert.getNotBefore().toInstant().toString())
                        .put("notAfter", cert.getNotAfter().toInstant().toString()))
                .put("quotes", quoteClaims)
                .put("eventLog", log == null ? null : EventLogCheck.claims(log))
                .put("teeAttestation", att.teeAttestation().isPresent() ? "present, not verified" : null)
                .build();
        return new VtpmAttestationResult(TeeType.GCP_VTPM, common.build(), claims, warnings, clock.instant(),
                explicitAnchors);
    }

    private static X509Certificate certificate(byte[] der, String field) throws MalformedEvidenceException {
        try {
            return Certificates.parseOne(der);
        } catch (CertificateException e) {
            throw new MalformedEvidenceException(field + " is not an X.509 certificate: " + e.getMessage());
        }
    }
}
