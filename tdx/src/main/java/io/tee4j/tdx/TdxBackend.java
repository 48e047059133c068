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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TDX backend of the {@code tee4j} command: reads quotes (v4/v5), describes every field, and
 * verifies with {@link TdxVerifier}.
 *
 * <p>Collateral files ({@code --collateral}, repeatable): a collateral bundle (the JSON shape of
 * {@code sgx_ql_qve_collateral_t}, see {@link TdxCollateral#fromBundle}); or separate files,
 * recognised by content: a PCS TCB info response ({@code {"tcbInfo":…}}), a PCS QE identity
 * response ({@code {"enclaveIdentity":…}}), a PEM issuer chain (used for both), and CRLs in DER or
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
        CollateralSource source = request.offline() ? CollateralSource.none()
                : request.collateralSource().orElse(CollateralSource.none());
        if (!request.collateral().isEmpty()) {
            b.collateral(readCollateral(request.collateral(), fmspcHint(evidence), request.clock().instant()));
            if (!request.offline() && request.collateralSource().isPresent()) {
                // Supplied CRLs never stand in for current ones: online, the verifier fetches them too.
                b.pcs(IntelPcs.intel(source));
            }
        } else {
            b.pcs(IntelPcs.intel(source));
        }
        return b.build().verify(evidence, policy);
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
     * Reads collateral files as described in the class documentation, the same way whatever their
     * order: every CRL found (in bundles and CRL files) is kept, and the verifier decides over all
     * of them; among several TCB infos the one for {@code fmspc} with the highest TCB evaluation
     * data number (then the latest issue date) is used, among several QE identities likewise; a
     * document from a bundle is checked with that bundle's chain, a separate one with the PEM chain
     * whose Intel SGX TCB Signing certificate is valid at {@code at} and expires last. The choice is
     * only a convenience: the verifier checks FMSPC, signatures and chains regardless.
     */
    static TdxCollateral readCollateral(List<Path> paths, byte[] fmspc, Instant at)
            throws CollateralUnavailableException {
        List<Signed<TcbInfo>> tcbInfos = new ArrayList<>();
        List<Signed<QeIdentity>> qeIdentities = new ArrayList<>();
        List<byte[]> chains = new ArrayList<>();
        List<byte[]> pckCrls = new ArrayList<>();
        List<byte[]> rootCrls = new ArrayList<>();
        Set<Path> listed = new HashSet<>();
        for (Path p : files(paths, listed)) {
            byte[] content = read(p);
            String head = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.UTF_8).trim();
            if (head.startsWith("{")) {
                if (head.contains("\"tcb_info\"") || head.contains("\"pck_crl_issuer_chain\"")
                        || head.contains("\"tcb_info_issuer_chain\"")) {
                    TdxCollateral.Builder bundle = TdxCollateral.bundleParts(content);
                    tcbInfos.add(new Signed<>(bundle.tcbInfoPart(), bundle.tcbInfoPart().signedBytesRef(),
                            bundle.tcbChainPart()));
                    qeIdentities.add(new Signed<>(bundle.qeIdentityPart(), bundle.qeIdentityPart().signedBytesRef(),
                            bundle.qeChainPart()));
                    pckCrls.addAll(bundle.pckCrlParts());
                    rootCrls.addAll(bundle.rootCaCrlParts());
                } else if (head.contains("\"tcbInfo\"")) {
                    TcbInfo info = TcbInfo.fromPcsResponse(content);
                    tcbInfos.add(new Signed<>(info, info.signedBytesRef(), null));
                } else if (head.contains("\"enclaveIdentity\"")) {
                    QeIdentity id = QeIdentity.fromPcsResponse(content);
                    qeIdentities.add(new Signed<>(id, id.signedBytesRef(), null));
                } else if (!listed.contains(p)) {
                    throw new CollateralUnavailableException("unrecognised JSON collateral " + p, p.toString(), false);
                }
            } else if (head.contains("-----BEGIN CERTIFICATE-----")) {
                chains.add(content);
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
                    rootCrls.add(content);
                } else {
                    pckCrls.add(content);
                }
            }
        }
        Signed<TcbInfo> tcb = tcbInfos.stream().min(tcbInfoPreference(fmspc)).orElse(null);
        Signed<QeIdentity> qe = qeIdentities.stream().min(Comparator
                .comparingLong((Signed<QeIdentity> d) -> d.document.tcbEvaluationDataNumber()).reversed()
                .thenComparing(d -> d.document.issueDate(), Comparator.reverseOrder())
                .thenComparing(d -> d.signedBytes, Arrays::compare)).orElse(null);
        byte[] chain = chains.stream().filter(c -> tcbSigningValidity(c, at) != null)
                .min(Comparator.comparing((byte[] c) -> tcbSigningValidity(c, at), Comparator.reverseOrder())
                        .thenComparing(Arrays::compare))
                .orElse(chains.stream().min(Arrays::compare).orElse(null));
        if (tcb == null || qe == null || (tcb.chain == null || qe.chain == null) && chain == null) {
            throw new CollateralUnavailableException("TDX collateral needs a bundle, or a TCB info response, a QE "
                    + "identity response and their PEM issuer chain", null, false);
        }
        TdxCollateral.Builder b = TdxCollateral.builder()
                .tcbInfo(tcb.document, tcb.chain != null ? tcb.chain : chain)
                .qeIdentity(qe.document, qe.chain != null ? qe.chain : chain);
        for (byte[] c : pckCrls) {
            b.pckCrl(c);
        }
        for (byte[] c : rootCrls) {
            b.rootCaCrl(c);
        }
        return b.build();
    }

    /** The files named, a directory standing for its regular files (sorted, at most 64). */
    private static List<Path> files(List<Path> paths, Set<Path> listed) throws CollateralUnavailableException {
        List<Path> files = new ArrayList<>();
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
        return files;
    }

    private static byte[] read(Path p) throws CollateralUnavailableException {
        try {
            if (Files.size(p) > 4 * TcbInfo.MAX_BYTES) {
                throw new CollateralUnavailableException("collateral file too large: " + p, p.toString(), false);
            }
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new CollateralUnavailableException("cannot read " + p + ": " + e.getMessage(), p.toString(),
                    false, e);
        }
    }

    /** For FMSPC {@code fmspc} first, then the highest evaluation data number, the latest issue, the bytes. */
    private static Comparator<Signed<TcbInfo>> tcbInfoPreference(byte[] fmspc) {
        return Comparator.comparing((Signed<TcbInfo> d) -> fmspc == null || !Arrays.equals(d.document.fmspc(), fmspc))
                .thenComparing(d -> d.document.tcbEvaluationDataNumber(), Comparator.reverseOrder())
                .thenComparing(d -> d.document.issueDate(), Comparator.reverseOrder())
                .thenComparing(d -> d.signedBytes, Arrays::compare);
    }

    /** The notAfter of the chain's leading Intel SGX TCB Signing certificate if valid at {@code at}, else null. */
    private static Instant tcbSigningValidity(byte[] pem, Instant at) {
        try {
            List<X509Certificate> certs = Certificates.parseAll(pem);
            if (certs.isEmpty() || !"Intel SGX TCB Signing".equals(
                    TdxVerifier.commonName(certs.get(0).getSubjectX500Principal()))) {
                return null;
            }
            X509Certificate c = certs.get(0);
            boolean valid = !at.isBefore(c.getNotBefore().toInstant()) && !at.isAfter(c.getNotAfter().toInstant());
            return valid ? c.getNotAfter().toInstant() : null;
        } catch (CertificateException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A signed collateral document with its exact bytes and, when it came in a bundle, that bundle's chain. */
    private static final class Signed<T> {
        final T document;
        final byte[] signedBytes;
        final byte[] chain;

        Signed(T document, byte[] signedBytes, byte[] chain) {
            this.document = document;
            this.signedBytes = signedBytes;
            this.chain = chain;
        }
    }
}
