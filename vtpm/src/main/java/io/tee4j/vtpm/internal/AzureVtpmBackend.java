package io.tee4j.vtpm.internal;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.TypedPreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.tpm.abi.TpmsAttest;
import io.tee4j.vtpm.VtpmPolicy;
import io.tee4j.vtpm.azure.AzureTpmQuote;
import io.tee4j.vtpm.azure.AzureVtpmEvidence;
import io.tee4j.vtpm.azure.AzureVtpmVerifier;
import io.tee4j.vtpm.azure.InnerReportVerifier;
import io.tee4j.vtpm.azure.QuoteClaims;
import io.tee4j.vtpm.azure.RuntimeData;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Azure vTPM backends ({@code azure-snp-vtpm}, {@code azure-tdx-vtpm}) of the command and the
 * sidecar: evidence is trustee's JSON (v0, v1, v2) or a bare HCL blob, kept as given;
 * {@link #prepare} prepares the inner SEV-SNP or TDX backend with the same configuration (roots,
 * collateral, revocation, offline) once, and each call runs {@link AzureVtpmVerifier} with the
 * call's clock, certificates (passed to the inner backend) and policy ({@link VtpmPolicy} keys,
 * the rest for the inner backend).
 */
abstract class AzureVtpmBackend implements TeeBackend {
    private final AzureHclReport.Type hardware;

    AzureVtpmBackend(AzureHclReport.Type hardware) {
        this.hardware = hardware;
    }

    private TeeType innerType() {
        return hardware == AzureHclReport.Type.SNP ? TeeType.SEV_SNP : TeeType.TDX;
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
        AzureVtpmEvidence e = AzureVtpmEvidence.parse(Objects.requireNonNull(content, "content"));
        if (e.hcl().type() != hardware) {
            throw new MalformedEvidenceException("the HCL report holds a " + e.hcl().type() + " report; use --tee "
                    + (e.hcl().type() == AzureHclReport.Type.SNP ? "azure-snp-vtpm" : "azure-tdx-vtpm"));
        }
        return Evidence.of(type(), content);
    }

    @Override
    public Claims describe(Evidence evidence) throws MalformedEvidenceException {
        AzureVtpmEvidence e = AzureVtpmEvidence.parse(evidence.raw());
        AzureHclReport hcl = e.hcl();
        Claims.Builder c = Claims.builder().put("evidenceVersion", e.version())
                .put("hcl", Claims.builder().put("headerVersion", hcl.headerVersion()).put("reportType", hcl.type().name())
                        .put("hashAlgorithm", hcl.hashAlgorithm()).put("runtimeDataBound", hcl.runtimeDataBound()))
                .put("runtimeData", RuntimeData.parse(hcl.runtimeData()).claims());
        TeeBackend inner = InnerBackends.find(innerType());
        if (hardware == AzureHclReport.Type.SNP) {
            c.put("hardware", inner.describe(Evidence.of(TeeType.SEV_SNP, hcl.blob())));
        } else if (e.tdQuote().isPresent()) {
            c.put("hardware", inner.describe(Evidence.of(TeeType.TDX, e.tdQuote().get())));
        }
        if (e.tpmQuote().isPresent()) {
            AzureTpmQuote q = e.tpmQuote().get();
            TpmsAttest a = TpmsAttest.parse(q.message());
            c.put("tpmQuoteUnverified", Claims.builder().put("extraData", HexFormat.of().formatHex(a.extraData()))
                    .put("pcrSelection", a.pcrSelection().toString()).put("pcrs", QuoteClaims.pcrs(q.pcrs())));
        }
        c.put("missing", List.of(e.tpmQuote().isEmpty() ? "tpm_quote" : "",
                hardware == AzureHclReport.Type.TDX && e.tdQuote().isEmpty() ? "td_quote" : "").stream()
                .filter(s -> !s.isEmpty()).toList());
        return c.build();
    }

    @Override
    public PreparedVerifier prepare(VerifierConfiguration config) throws AttestationException, PolicyFormatException {
        AzureVtpmVerifier verifier = new InnerCall(hardware, InnerBackends.prepare(innerType(), config)).verifier();
        return TypedPreparedVerifier.of(type(), VtpmPolicy.defaults(), VtpmPolicy::fromDocument,
                (evidence, certificates, policy, at) -> verifier.verify(AzureVtpmEvidence.parse(evidence.raw()),
                        certificates, policy, Clock.fixed(at, ZoneOffset.UTC)));
    }

    /** One prepared inner verifier behind one Azure verifier (with its AK cache), shared by every call. */
    private static final class InnerCall {
        private final AzureHclReport.Type hardware;
        private final PreparedVerifier inner;

        InnerCall(AzureHclReport.Type hardware, PreparedVerifier inner) {
            this.hardware = hardware;
            this.inner = inner;
        }

        AzureVtpmVerifier verifier() {
            InnerReportVerifier hw = this::verifyInner;
            return hardware == AzureHclReport.Type.SNP ? AzureVtpmVerifier.snp(hw) : AzureVtpmVerifier.tdx(hw);
        }

        /** The inner backend, with the call's certificates (a VCEK chain, say), clock and inner policy. */
        private AttestationResult verifyInner(AzureVtpmEvidence e, List<byte[]> certificates,
                Optional<PolicyDocument> doc, Clock clock) throws AttestationException, PolicyFormatException {
            PerCallInputs.Builder in = PerCallInputs.builder().clock(clock);
            certificates.forEach(in::addCertificate);
            doc.ifPresent(in::policy);
            return inner.verify(innerEvidence(e), in.build());
        }

        /** SNP: the HCL blob (the SNP backend unwraps it) with the evidence's VCEK; TDX: the TD quote. */
        private Evidence innerEvidence(AzureVtpmEvidence e) {
            if (hardware == AzureHclReport.Type.TDX) {
                return Evidence.of(TeeType.TDX, e.tdQuote().orElseThrow());
            }
            Evidence.Builder b = Evidence.builder(TeeType.SEV_SNP, e.hcl().blob());
            e.vcek().ifPresent(b::addCertificate);
            return b.build();
        }
    }
}
