package io.tee4j.vtpm.internal;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.TypedPreparedVerifier;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.tpm.abi.TpmsAttest;
import io.tee4j.tpm.eventlog.EventLog;
import io.tee4j.vtpm.VtpmPolicy;
import io.tee4j.vtpm.gcp.GceAttestation;
import io.tee4j.vtpm.gcp.GceQuote;
import io.tee4j.vtpm.gcp.GcpVtpmVerifier;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code --tee gcp-vtpm}: a go-tpm-tools attestation protobuf, verified by {@link GcpVtpmVerifier}
 * with Google's bundled EK/AK CA roots, or the configuration's trust roots instead. Collateral
 * files, sources and the revocation mode do not apply (the AK chain has no CRL); a policy document
 * is read as a {@link VtpmPolicy} and may hold no other key.
 */
public final class GcpVtpmBackend implements TeeBackend {
    /** For {@link java.util.ServiceLoader}. */
    public GcpVtpmBackend() {
    }

    @Override
    public TeeType type() {
        return TeeType.GCP_VTPM;
    }

    /**
     * The nonce is compared with the TPM quote's extraData exactly: 1 to 64 bytes, no padding
     * (the attester passes it to TPM2_Quote as given).
     */
    @Override
    public Optional<NonceBinding> nonceBinding() {
        return Optional.of(NonceBinding.upTo("nonce", 64));
    }

    @Override
    public Evidence readEvidence(byte[] content) throws MalformedEvidenceException {
        GceAttestation.parse(Objects.requireNonNull(content, "content"));
        return Evidence.of(TeeType.GCP_VTPM, content);
    }

    @Override
    public Claims describe(Evidence evidence) throws MalformedEvidenceException {
        GceAttestation a = GceAttestation.parse(evidence.raw());
        List<Claims> quotes = new ArrayList<>();
        for (GceQuote q : a.quotes()) {
            TpmsAttest t = TpmsAttest.parse(q.message());
            quotes.add(Claims.builder().put("bank", q.bank().label()).put("extraData",
                    HexFormat.of().formatHex(t.extraData())).put("pcrSelection", t.pcrSelection().toString()).build());
        }
        return Claims.builder().put("quotesUnverified", quotes)
                .put("eventLogEvents", a.eventLog().length == 0 ? 0 : EventLog.parse(a.eventLog()).events().size() - 1)
                .put("akCertificate", a.akCertificate().isPresent())
                .put("teeAttestationField", a.teeAttestationField() == 0 ? null : a.teeAttestationField())
                .build();
    }

    @Override
    public PreparedVerifier prepare(VerifierConfiguration config) throws AttestationException, PolicyFormatException {
        Objects.requireNonNull(config, "config");
        if (!config.rimTrustRoots().isEmpty()) {
            throw new PolicyFormatException("rimTrustRoots", "RIM signing roots apply to nvidia-gpu only");
        }
        GcpVtpmVerifier verifier = GcpVtpmVerifier.google();
        if (!config.trustRoots().isEmpty()) {
            List<X509Certificate> roots = new ArrayList<>();
            for (byte[] r : config.trustRoots()) {
                try {
                    roots.addAll(Certificates.parseAll(r));
                } catch (CertificateException e) {
                    throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "a trust root does not parse: "
                            + e.getMessage());
                }
            }
            verifier = GcpVtpmVerifier.withAnchors(TrustAnchors.explicit("caller's vTPM AK roots", roots));
        }
        GcpVtpmVerifier prepared = verifier;
        return TypedPreparedVerifier.of(TeeType.GCP_VTPM, VtpmPolicy.defaults(), GcpVtpmBackend::readPolicy,
                (evidence, certificates, policy, at) -> prepared.verify(GceAttestation.parse(evidence.raw()), policy,
                        Clock.fixed(at, ZoneOffset.UTC)));
    }

    /** A vTPM policy and nothing else: no inner TEE is verified here, so no other key means anything. */
    private static VtpmPolicy readPolicy(PolicyDocument document) throws PolicyFormatException {
        VtpmPolicy policy = VtpmPolicy.fromDocument(document);
        policy.innerDocument().orElseThrow().finish();
        return policy;
    }
}
