package io.tee4j.tdx.internal;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.TypedPreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.collateral.TdxCollateralFiles;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxAttestationResult;
import io.tee4j.tdx.verify.TdxClaims;
import io.tee4j.tdx.verify.TdxVerifier;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TDX backend of the {@code tee4j} command: reads quotes (v4/v5), describes every field, and
 * verifies with {@link TdxVerifier}.
 *
 * <p>Collateral files ({@code --collateral}, repeatable): a collateral bundle (the JSON shape of
 * {@code sgx_ql_qve_collateral_t}, see {@link TdxCollateral#fromBundle}); or separate files,
 * recognised by content: a PCS TCB info response ({@code {"tcbInfo":…}}), a PCS QE identity
 * response ({@code {"enclaveIdentity":…}}), a PEM issuer chain (used for both; also an Intel PCS
 * header value stored verbatim, percent-encoded: a malformed one is malformed input), and CRLs in DER or
 * PEM (one issued by the Intel SGX Root CA is a root CA CRL, any other a PCK CRL; every CRL given is
 * used, in any order); a directory stands for the recognised files in it (others are skipped).
 * Without collateral files the collateral is fetched from Intel PCS through the request's
 * collateral source, unless offline; with them and online, the CRLs are fetched as well and
 * decided together with the supplied ones. Trust roots ({@code --trust-root}) replace the bundled Intel SGX Root CA
 * and are reported as explicit.
 *
 * @since 0.1
 */
public final class TdxBackend implements TeeBackend {
    /** How many document choices (each with its verifier) a prepared verifier keeps. */
    static final int MAX_SELECTIONS = 16;

    @Override
    public TeeType type() {
        return TeeType.TDX;
    }

    /** The nonce is the TD report data: 1 to 64 bytes, zero-padded to 64 as the attesters pad it. */
    @Override
    public Optional<NonceBinding> nonceBinding() {
        return Optional.of(NonceBinding.padded("reportData", 64));
    }

    @Override
    public Evidence readEvidence(byte[] content) throws MalformedEvidenceException {
        TdxQuote quote = TdxQuote.parse(content);
        Evidence evidence = Evidence.of(TeeType.TDX, content);
        ReadQuote last = LAST_READ.get();
        last.evidence = evidence;
        last.quote = quote;
        return evidence;
    }

    /**
     * The quote {@link #readEvidence} parsed last on this thread, beside the evidence it returned: a
     * caller that reads evidence and then verifies that same object on the same thread (the sidecar,
     * the command) has its quote parsed once, not twice. The verification of that evidence takes it
     * (and the thread forgets it); any other evidence is parsed as always. One holder per thread,
     * its fields set and cleared: setting and removing the thread-local itself churned its map.
     */
    private static final ThreadLocal<ReadQuote> LAST_READ = ThreadLocal.withInitial(ReadQuote::new);

    private static final class ReadQuote {
        private Evidence evidence;
        private TdxQuote quote;
    }

    /** The quote parsed by {@link #readEvidence} for exactly this evidence object on this thread, or null. */
    private static TdxQuote takeReadQuote(Evidence evidence) {
        ReadQuote last = LAST_READ.get();
        if (last.evidence != evidence) {
            return null;
        }
        TdxQuote quote = last.quote;
        last.evidence = null;
        last.quote = null;
        return quote;
    }

    @Override
    public Claims describe(Evidence evidence) throws MalformedEvidenceException {
        TdxQuote q = TdxQuote.parse(evidence.raw());
        Claims.Builder c = TdxClaims.quote(q);
        List<String> subjects = new ArrayList<>();
        for (X509Certificate cert : q.pckChain()) {
            subjects.add(cert.getSubjectX500Principal().getName());
        }
        c.put("pckChainSubjects", subjects);
        try {
            c.put("pckUnverified", TdxClaims.pck(PckExtensions.of(q.pckChain().get(0))));
        } catch (VerificationFailedException e) {
            c.put("pckError", e.getMessage());
        }
        return Claims.builder().put("tee", "tdx").put("quote", c).build();
    }

    /**
     * A {@link TdxVerifier} kept for the configuration: trust roots (replacing the bundled Intel
     * SGX Root CA), collateral files read and parsed now, one {@link IntelPcs} over the collateral
     * source (unless offline), the revocation mode. Its platform cache (PCK chain, QE report,
     * collateral verdict per platform) and attestation-key cache serve every call; with collateral
     * files, one verifier is kept per choice of documents (at most {@value #MAX_SELECTIONS}).
     */
    @Override
    public PreparedVerifier prepare(VerifierConfiguration config) throws AttestationException, PolicyFormatException {
        Objects.requireNonNull(config, "config");
        config.refuseRimTrustRoots();
        TrustAnchors anchors = config.trustRoots().isEmpty() ? null
                : TrustAnchors.explicit("caller-supplied roots", Certificates.parseAll(config.trustRoots(), "trust root"));
        CollateralSource source = config.offline() ? CollateralSource.none()
                : config.collateralSource().orElse(CollateralSource.none());
        TdxCollateralFiles files = config.collateral().isEmpty() ? null : TdxCollateralFiles.read(config.collateral());
        // Supplied CRLs never stand in for current ones: online with a source, the verifier fetches them too.
        IntelPcs pcs = files == null || !config.offline() && config.collateralSource().isPresent()
                ? IntelPcs.intel(source) : null;
        Verifiers verifiers = new Verifiers(anchors, config.revocationMode(), files, pcs);
        // TDX quotes carry their PCK chain: certificates given beside them are not used.
        return TypedPreparedVerifier.of(TeeType.TDX, TdxPolicy.defaults(), TdxPolicy::fromDocument,
                (evidence, certificates, policy, at) -> verifiers.verify(evidence, takeReadQuote(evidence), policy, at));
    }

    /** The verifiers of one configuration: one {@link TdxVerifier}, or one per collateral choice. */
    private static final class Verifiers {
        private final TrustAnchors anchors;
        private final RevocationMode revocation;
        private final TdxCollateralFiles files;
        private final IntelPcs pcs;
        private final TdxVerifier withoutFiles;
        private final Map<TdxCollateralFiles.Selection, TdxVerifier> bySelection = new ConcurrentHashMap<>();

        Verifiers(TrustAnchors anchors, RevocationMode revocation, TdxCollateralFiles files, IntelPcs pcs) {
            this.anchors = anchors;
            this.revocation = revocation;
            this.files = files;
            this.pcs = pcs;
            this.withoutFiles = files == null ? builder().build() : null;
        }

        private TdxVerifier.Builder builder() {
            TdxVerifier.Builder b = TdxVerifier.builder().revocationMode(revocation);
            if (anchors != null) {
                b.trustAnchors(anchors);
            }
            if (pcs != null) {
                b.pcs(pcs);
            }
            return b;
        }

        /** Verifies {@code evidence}, whose quote {@code parsed} is when already parsed (else null). */
        TdxAttestationResult verify(Evidence evidence, TdxQuote parsed, TdxPolicy policy, Instant at)
                throws AttestationException {
            TdxVerifier verifier = verifierFor(evidence, parsed, at);
            // An event log beside the quote is replayed by the evidence form of verify.
            return parsed != null && evidence.auxBlob().isEmpty() ? verifier.verify(parsed, policy, at)
                    : verifier.verify(evidence, policy, at);
        }

        private TdxVerifier verifierFor(Evidence evidence, TdxQuote parsed, Instant at)
                throws CollateralUnavailableException {
            if (files == null) {
                return withoutFiles;
            }
            // The hint decodes the PCK certificate: only worth it when there are TCB infos to choose from.
            TdxCollateralFiles.Selection selection = files.select(files.dependsOnFmspc() ? fmspcHint(evidence, parsed)
                    : null, at);
            TdxVerifier v = bySelection.get(selection);
            if (v != null) {
                return v;
            }
            v = builder().collateral(files.collateral(selection)).build();
            if (bySelection.size() < MAX_SELECTIONS) {
                TdxVerifier raced = bySelection.putIfAbsent(selection, v);
                return raced != null ? raced : v;
            }
            return v;
        }
    }

    /** The FMSPC of the (not yet verified) PCK certificate, to pick among several TCB info files. */
    private static byte[] fmspcHint(Evidence evidence, TdxQuote parsed) {
        try {
            TdxQuote quote = parsed != null ? parsed : TdxQuote.parse(evidence.raw());
            return PckExtensions.of(quote.pckChain().get(0)).fmspc();
        } catch (MalformedEvidenceException | VerificationFailedException e) {
            return null;
        }
    }
}
