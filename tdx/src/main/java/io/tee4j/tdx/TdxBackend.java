package io.tee4j.tdx;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The TDX backend of the {@code tee4j} command: reads quotes (v4/v5), describes every field, and
 * verifies with {@link TdxVerifier}.
 *
 * <p>Collateral files ({@code --collateral}, repeatable): a collateral bundle (the JSON shape of
 * {@code sgx_ql_qve_collateral_t}, see {@link TdxCollateral#fromBundle}); or separate files,
 * recognised by content: a PCS TCB info response ({@code {"tcbInfo":…}}), a PCS QE identity
 * response ({@code {"enclaveIdentity":…}}), a PEM issuer chain (used for both), and CRLs in DER or
 * PEM (the one issued by the Intel SGX Root CA is the root CA CRL, any other the PCK CRL); a
 * directory stands for the recognised files in it (others are skipped). Without
 * collateral files the collateral is fetched from Intel PCS through the request's collateral
 * source, unless offline. Trust roots ({@code --trust-root}) replace the bundled Intel SGX Root CA
 * and are reported as explicit.
 *
 * @since 0.1
 */
public final class TdxBackend implements TeeBackend {

    @Override
    public TeeType type() {
        return TeeType.TDX;
    }

    @Override
    public Evidence readEvidence(byte[] content) throws MalformedEvidenceException {
        TdxQuote.parse(content);
        return Evidence.of(TeeType.TDX, content);
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

    @Override
    public AttestationResult verify(Evidence evidence, VerificationRequest request)
            throws AttestationException, PolicyFormatException {
        TdxPolicy policy = request.policy().isPresent() ? TdxPolicy.fromDocument(request.policy().get())
                : TdxPolicy.defaults();
        TdxVerifier.Builder b = TdxVerifier.builder().clock(request.clock()).revocationMode(request.revocationMode());
        if (!request.trustRoots().isEmpty()) {
            List<X509Certificate> roots = new ArrayList<>();
            for (byte[] r : request.trustRoots()) {
                try {
                    roots.addAll(Certificates.parseAll(r));
                } catch (CertificateException | IllegalArgumentException e) {
                    throw new VerificationFailedException(VerificationFailedException.Reason.CERTIFICATE_CHAIN,
                            "trust root does not parse: " + e.getMessage(), e);
                }
            }
            b.trustAnchors(TrustAnchors.explicit("caller-supplied roots", roots));
        }
        if (!request.collateral().isEmpty()) {
            b.collateral(readCollateral(request.collateral(), fmspcHint(evidence)));
        } else {
            CollateralSource source = request.offline() ? CollateralSource.none()
                    : request.collateralSource().orElse(CollateralSource.none());
            b.pcs(IntelPcs.intel(source));
        }
        return b.build().verify(evidence, policy);
    }

    private static boolean startsWithTcbSigner(byte[] pem) {
        try {
            List<X509Certificate> certs = Certificates.parseAll(pem);
            return !certs.isEmpty() && "Intel SGX TCB Signing".equals(
                    TdxVerifier.commonName(certs.get(0).getSubjectX500Principal()));
        } catch (CertificateException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The FMSPC of the (not yet verified) PCK certificate, to pick among several TCB info files. */
    private static byte[] fmspcHint(Evidence evidence) {
        try {
            return PckExtensions.of(TdxQuote.parse(evidence.raw()).pckChain().get(0)).fmspc();
        } catch (MalformedEvidenceException | VerificationFailedException e) {
            return null;
        }
    }

    /**
     * Reads collateral files as described in the class documentation. Among several TCB info
     * responses the one for {@code fmspc} is used; among several PEM chains the one that starts
     * with an Intel SGX TCB Signing certificate. The choice is only a convenience: the verifier
     * checks FMSPC, signatures and chains regardless.
     */
    static TdxCollateral readCollateral(List<Path> paths, byte[] fmspc) throws CollateralUnavailableException {
        byte[] tcbInfo = null;
        TcbInfo tcbInfoParsed = null;
        byte[] qeIdentity = null;
        byte[] chain = null;
        X509CRL pckCrl = null;
        byte[] pckCrlBytes = null;
        byte[] rootCrlBytes = null;
        List<Path> files = new ArrayList<>();
        java.util.Set<Path> listed = new java.util.HashSet<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (java.util.stream.Stream<Path> list = Files.list(p)) {
                    list.filter(Files::isRegularFile).sorted().limit(64).forEach(f -> {
                        files.add(f);
                        listed.add(f);
                    });
                } catch (IOException e) {
                    throw new CollateralUnavailableException("cannot list " + p + ": " + e.getMessage(), p.toString(),
                            false, e);
                }
            } else {
                files.add(p);
            }
        }
        for (Path p : files) {
            byte[] content;
            try {
                if (Files.size(p) > 4 * TcbInfo.MAX_BYTES) {
                    throw new CollateralUnavailableException("collateral file too large: " + p, p.toString(), false);
                }
                content = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new CollateralUnavailableException("cannot read " + p + ": " + e.getMessage(), p.toString(),
                        false, e);
            }
            String head = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.UTF_8).trim();
            if (head.startsWith("{")) {
                if (head.contains("\"tcb_info\"") || head.contains("\"pck_crl_issuer_chain\"")
                        || head.contains("\"tcb_info_issuer_chain\"")) {
                    return TdxCollateral.fromBundle(content);
                } else if (head.contains("\"tcbInfo\"")) {
                    TcbInfo candidate = TcbInfo.fromPcsResponse(content);
                    if (tcbInfoParsed == null || fmspc != null && java.util.Arrays.equals(candidate.fmspc(), fmspc)) {
                        tcbInfo = content;
                        tcbInfoParsed = candidate;
                    }
                } else if (head.contains("\"enclaveIdentity\"")) {
                    qeIdentity = content;
                } else if (!listed.contains(p)) {
                    throw new CollateralUnavailableException("unrecognised JSON collateral " + p, p.toString(), false);
                }
            } else if (head.contains("-----BEGIN CERTIFICATE-----")) {
                if (chain == null || startsWithTcbSigner(content)) {
                    chain = content;
                }
            } else {
                X509CRL crl;
                try {
                    crl = Certificates.parseCrl(content);
                } catch (CRLException | IllegalArgumentException e) {
                    if (listed.contains(p)) {
                        continue; // other files in a collateral directory (quotes, notes) are skipped
                    }
                    throw new CollateralUnavailableException("unrecognised collateral " + p
                            + " (not a bundle, PCS response, PEM chain or CRL)", p.toString(), false);
                }
                if ("Intel SGX Root CA".equals(TdxVerifier.commonName(crl.getIssuerX500Principal()))) {
                    rootCrlBytes = content;
                } else {
                    pckCrl = crl;
                    pckCrlBytes = content;
                }
            }
        }
        if (tcbInfo == null || qeIdentity == null || chain == null) {
            throw new CollateralUnavailableException("TDX collateral needs a bundle, or a TCB info response, a QE "
                    + "identity response and their PEM issuer chain", null, false);
        }
        TdxCollateral.Builder b = TdxCollateral.builder()
                .tcbInfo(tcbInfoParsed, chain)
                .qeIdentity(QeIdentity.fromPcsResponse(qeIdentity), chain);
        if (pckCrl != null) {
            b.pckCrl(pckCrlBytes);
        }
        if (rootCrlBytes != null) {
            b.rootCaCrl(rootCrlBytes);
        }
        return b.build();
    }
}
