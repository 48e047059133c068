package io.tee4j.tdx.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.tdx.abi.CertificateNames;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * TDX collateral files ({@code --collateral}, the sidecar's collateral) read and parsed once:
 * bundles, PCS TCB info and QE identity responses, PEM issuer chains and CRLs, as described in
 * {@code TdxBackend}, and PCS issuer-chain headers stored verbatim ({@link PcsIssuerChain}). {@link #select} then picks, per quote, the documents to verify with; the
 * choice is only a convenience: the verifier checks FMSPC, signatures and chains regardless.
 */
public final class TdxCollateralFiles {
    private final List<Signed<TcbInfo>> tcbInfos = new ArrayList<>();
    private final List<Signed<QeIdentity>> qeIdentities = new ArrayList<>();
    private final List<byte[]> chains = new ArrayList<>();
    private final List<byte[]> pckCrls = new ArrayList<>();
    private final List<byte[]> rootCrls = new ArrayList<>();
    /** Per PEM chain (by identity), its leading Intel SGX TCB Signing certificate, decoded once. */
    private final Map<byte[], X509Certificate> tcbSigners = new IdentityHashMap<>();

    private TdxCollateralFiles() {
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
    public static TdxCollateralFiles read(List<Path> paths)
            throws CollateralUnavailableException, MalformedEvidenceException {
        TdxCollateralFiles out = new TdxCollateralFiles();
        List<Signed<TcbInfo>> tcbInfos = out.tcbInfos;
        List<Signed<QeIdentity>> qeIdentities = out.qeIdentities;
        List<byte[]> chains = out.chains;
        List<byte[]> pckCrls = out.pckCrls;
        List<byte[]> rootCrls = out.rootCrls;
        Set<Path> listed = new HashSet<>();
        for (Path p : files(paths, listed)) {
            byte[] stored = read(p);
            // A PCS issuer-chain header stored verbatim is decoded once, then read as a PEM chain.
            byte[] content = PcsIssuerChain.isPercentEncoded(stored)
                    ? PcsIssuerChain.decode(stored, "issuer chain " + p) : stored;
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
                tcbSigner(content).ifPresent(c -> out.tcbSigners.put(content, c));
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
                if ("Intel SGX Root CA".equals(CertificateNames.commonName(crl.getIssuerX500Principal()))) {
                    rootCrls.add(content);
                } else {
                    pckCrls.add(content);
                }
            }
        }
        return out;
    }

    /**
     * The documents to verify with for a quote whose (not yet verified) PCK certificate names
     * {@code fmspc} (null: unknown), at {@code at}; see the class documentation for the choice.
     * Equal arguments give an equal selection (the same document objects).
     */
    public Selection select(byte[] fmspc, Instant at) throws CollateralUnavailableException {
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
        return new Selection(tcb, qe, tcb.chain != null ? tcb.chain : chain, qe.chain != null ? qe.chain : chain);
    }

    /** The collateral of a selection, with every CRL read. */
    public TdxCollateral collateral(Selection s) throws CollateralUnavailableException {
        TdxCollateral.Builder b = TdxCollateral.builder()
                .tcbInfo(s.tcb.document, s.tcbChain)
                .qeIdentity(s.qe.document, s.qeChain);
        for (byte[] c : pckCrls) {
            b.pckCrl(c);
        }
        for (byte[] c : rootCrls) {
            b.rootCaCrl(c);
        }
        return b.build();
    }

    /**
     * The documents chosen for one quote. Equality is that of the chosen objects (identity), which
     * were made once when the files were read: a selection keys the verifier built for it.
     */
    public record Selection(Signed<TcbInfo> tcb, Signed<QeIdentity> qe, byte[] tcbChain, byte[] qeChain) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Selection s && s.tcb == tcb && s.qe == qe && s.tcbChain == tcbChain
                    && s.qeChain == qeChain;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(tcb) * 31 + System.identityHashCode(qe) * 17
                    + System.identityHashCode(tcbChain) * 7 + System.identityHashCode(qeChain);
        }
    }

    /** The files named, a directory standing for its regular files (sorted, at most 64). */
    private static List<Path> files(List<Path> paths, Set<Path> listed) throws CollateralUnavailableException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
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

    /** Whether the choice of documents depends on the quote's FMSPC (several TCB infos to choose from). */
    public boolean dependsOnFmspc() {
        return tcbInfos.size() > 1;
    }

    /** The notAfter of the chain's leading Intel SGX TCB Signing certificate if valid at {@code at}, else null. */
    private Instant tcbSigningValidity(byte[] pem, Instant at) {
        X509Certificate c = tcbSigners.get(pem);
        if (c == null) {
            return null;
        }
        boolean valid = !at.isBefore(c.getNotBefore().toInstant()) && !at.isAfter(c.getNotAfter().toInstant());
        return valid ? c.getNotAfter().toInstant() : null;
    }

    /** The chain's leading certificate when it is an Intel SGX TCB Signing certificate. */
    private static Optional<X509Certificate> tcbSigner(byte[] pem) {
        try {
            List<X509Certificate> certs = Certificates.parseAll(pem);
            if (certs.isEmpty() || !"Intel SGX TCB Signing".equals(
                    CertificateNames.commonName(certs.get(0).getSubjectX500Principal()))) {
                return Optional.empty();
            }
            return Optional.of(certs.get(0));
        } catch (CertificateException | IllegalArgumentException e) {
            return Optional.empty();
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
