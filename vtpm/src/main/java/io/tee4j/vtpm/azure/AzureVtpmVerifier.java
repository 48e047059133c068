package io.tee4j.vtpm.azure;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.PolicyViolation;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.tpm.abi.SignatureScheme;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmtSignature;
import io.tee4j.tpm.verify.QuoteNonce;
import io.tee4j.tpm.verify.QuoteVerifier;
import io.tee4j.tpm.verify.VerifiedQuote;
import io.tee4j.vtpm.IncompleteEvidenceException;
import io.tee4j.vtpm.VtpmAttestationResult;
import io.tee4j.vtpm.VtpmPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies Azure confidential-VM evidence (SEV-SNP or TDX behind the HCL paravisor), as a pipeline:
 * <ol>
 *   <li>completeness: the TPM quote (and, for TDX, the TD quote) must be there, or the evidence is
 *       {@linkplain IncompleteEvidenceException incomplete};
 *   <li>{@link RuntimeDataBinding}: REPORT_DATA = hash(runtime data) ‖ zeros;
 *   <li>the AK from the runtime data ({@code HCLAkPub});
 *   <li>the TPM quote: RSASSA-SHA256 signature with that AK, TPMS_ATTEST structure, PCR digest
 *       ({@link QuoteVerifier});
 *   <li>TDX: {@link TdQuoteBinding} (the TD quote is of the TDREPORT);
 *   <li>the hardware report by the inner backend ({@link InnerReportVerifier}: signature, chain,
 *       revocation, TCB, the inner policy);
 *   <li>policy ({@link VtpmPolicy}): nonce = extraData exactly (and, for evidence version 2, the
 *       runtime data's {@code user-data} starts with it: {@link UserDataNonce}), PCR values, Secure
 *       Boot; violations are reported together with the inner policy's.
 * </ol>
 * Not verified: the TDREPORT's MAC (platform-only), the vTPM's EK, and freshness when no nonce is
 * given (the result then warns). Thread-safe if the inner verifier is.
 *
 * @since 0.1
 */
public final class AzureVtpmVerifier {
    /** Runtime data seen before, by its exact bytes: the AK's key is decoded once per VM. */
    private static final int CACHED_RUNTIME_DATA = 1024;

    private final AzureHclReport.Type type;
    private final InnerReportVerifier inner;
    private final BoundedCache<BytesKey, RuntimeData> runtimeData = new BoundedCache<>(CACHED_RUNTIME_DATA);

    private AzureVtpmVerifier(AzureHclReport.Type type, InnerReportVerifier inner) {
        this.type = type;
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** A verifier for Azure SEV-SNP evidence. */
    public static AzureVtpmVerifier snp(InnerReportVerifier inner) {
        return new AzureVtpmVerifier(AzureHclReport.Type.SNP, inner);
    }

    /** A verifier for Azure TDX evidence. */
    public static AzureVtpmVerifier tdx(InnerReportVerifier inner) {
        return new AzureVtpmVerifier(AzureHclReport.Type.TDX, inner);
    }

    /** The TEE type of the results. */
    public TeeType tee() {
        return type == AzureHclReport.Type.SNP ? TeeType.AZURE_SNP_VTPM : TeeType.AZURE_TDX_VTPM;
    }

    /** Verifies the evidence and appraises it against the policy at the clock's instant. */
    public VtpmAttestationResult verify(AzureVtpmEvidence evidence, VtpmPolicy policy, Clock clock)
            throws AttestationException, PolicyFormatException {
        return verify(evidence, List.of(), policy, clock);
    }

    /** As {@link #verify(AzureVtpmEvidence, VtpmPolicy, Clock)}, with certificates for the inner backend. */
    public VtpmAttestationResult verify(AzureVtpmEvidence evidence, List<byte[]> certificates, VtpmPolicy policy,
            Clock clock) throws AttestationException, PolicyFormatException {
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
        AzureHclReport hcl = evidence.hcl();
        if (hcl.type() != type) {
            throw new MalformedEvidenceException("the HCL report holds a " + hcl.type() + " report, not " + type);
        }
        AzureTpmQuote quote = evidence.tpmQuote().orElseThrow(() -> new IncompleteEvidenceException("tpm_quote",
                "the TPM quote carries the nonce and the PCRs; without it the report is neither fresh nor tied to a boot"));
        if (type == AzureHclReport.Type.TDX && evidence.tdQuote().isEmpty()) {
            throw new IncompleteEvidenceException("td_quote", "a TDREPORT is signed by nothing a verifier can check; "
                    + "only the TD quote made from it is");
        }
        RuntimeDataBinding.check(hcl);
        RuntimeData runtime = runtimeData(hcl.runtimeData());
        VerifiedQuote verified = QuoteVerifier.verify(quote.message(),
                TpmtSignature.rsa(SignatureScheme.RSASSA, TpmHash.SHA256, quote.signature()),
                runtime.attestationKey(), quote.pcrs());
        if (type == AzureHclReport.Type.TDX) {
            TdQuoteBinding.check(hcl, evidence.tdQuote().orElseThrow());
        }
        List<PolicyViolation> violations = new ArrayList<>();
        AttestationResult hardware = null;
        try {
            hardware = inner.verify(evidence, certificates, policy.innerDocument(), clock);
        } catch (PolicyViolationException e) {
            violations.addAll(e.policyViolations());
        }
        policy.nonce().flatMap(n -> QuoteNonce.exact(verified, n)).ifPresent(violations::add);
        if (evidence.version() >= 2) {
            policy.nonce().flatMap(n -> UserDataNonce.check(runtime, n)).ifPresent(violations::add);
        }
        violations.addAll(policy.checkPcrs(Map.of(TpmHash.SHA256, verified.pcrs().bank(TpmHash.SHA256))));
        policy.checkSecureBoot(runtime.flag("secure-boot")).ifPresent(violations::add);
        if (!violations.isEmpty()) {
            throw new PolicyViolationException(violations);
        }
        return result(hcl, runtime, verified, hardware, policy, clock);
    }

    /** Parsed once per distinct runtime data; only bound runtime data is parsed (the binding is checked first). */
    private RuntimeData runtimeData(byte[] bytes) throws MalformedEvidenceException {
        BytesKey key = BytesKey.of(bytes);
        RuntimeData cached = runtimeData.get(key);
        if (cached == null) {
            cached = RuntimeData.parse(bytes);
            runtimeData.put(key, cached);
        }
        return cached;
    }

    private VtpmAttestationResult result(AzureHclReport hcl, RuntimeData runtime, VerifiedQuote quote,
            AttestationResult hardware, VtpmPolicy policy, Clock clock) {
        List<String> warnings = new ArrayList<>(hardware.warnings());
        if (policy.nonce().isEmpty()) {
            warnings.add("no nonce was given: the TPM quote's extraData was not checked, so this evidence may be a replay");
        }
        CommonClaims hw = hardware.commonClaims();
        CommonClaims.Builder common = CommonClaims.builder(tee()).reportData(quote.attest().extraData())
                .debug(hw.debug()).tcbStatus(hw.tcbStatus());
        hw.platformId().ifPresent(common::platformId);
        hw.measurements().forEach(common::measurement);
        Claims claims = Claims.builder()
                .put("hardware", hardware.claims())
                .put("hcl", Claims.builder().put("headerVersion", hcl.headerVersion())
                        .put("reportType", hcl.type().name()).put("hashAlgorithm", hcl.hashAlgorithm()))
                .put("runtimeData", runtime.claims())
                .put("tpmQuote", QuoteClaims.of(quote))
                .put("bindings", Claims.builder().put("reportDataIsRuntimeDataHash", true)
                        .put("quoteSignedByHclAkPub", true).put("pcrDigestMatches", true)
                        .put("nonceChecked", policy.nonce().isPresent())
                        .put("tdQuoteMatchesTdReport", type == AzureHclReport.Type.TDX ? Boolean.TRUE : null))
                .build();
        return new VtpmAttestationResult(tee(), common.build(), claims, warnings, clock.instant(),
                hardware.explicitTrustAnchors(), hardware.verification().revocationChecked());
    }
}
