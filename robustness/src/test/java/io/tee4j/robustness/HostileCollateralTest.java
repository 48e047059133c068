package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile certificates and collateral against every backend, each rejected with the failure class
 * that says what is wrong: a chain that is expired, not yet valid, from another product line, with
 * swapped roots, for another chip, revoked, or with an intermediate that may not sign certificates; collateral for another platform, signed under another
 * root, or past its next update.
 */
class HostileCollateralTest {
    @TempDir
    Path tmp;

    private static FailureClass verdict(TeeType tee, byte[] evidence, VerificationRequest req) throws Exception {
        TeeBackend b = RealVectors.backend(tee);
        try {
            b.verify(b.readEvidence(evidence), req);
            return null;
        } catch (AttestationException e) {
            System.out.println("HostileCollateralTest " + tee + ": " + e.failureClass() + ": " + e.getMessage());
            return e.failureClass();
        }
    }

    private static byte[] snp(String path) {
        return RealVectors.bytes(RealVectors.SNP, RealVectors.SNP_DIR + path);
    }

    private static byte[] der(byte[] pem) throws Exception {
        return Certificates.parseOne(pem).getEncoded();
    }

    private static VerificationRequest.Builder snpRequest(byte[] vcek, Instant at) {
        return VerificationRequest.builder().addCertificate(vcek).clock(Clock.fixed(at, ZoneOffset.UTC)).offline(true)
                .revocationMode(RevocationMode.SKIP_INSECURE).policy(PolicyDocument.of(Map.of("allowDebug", true)));
    }

    @Test
    void snpChains() throws Exception {
        byte[] milan = snp("gsg-milan-v2/report.bin");
        byte[] milanVcek = snp("gsg-milan-v2/vcek.der");
        Instant inWindow = Instant.parse("2023-01-01T00:00:00Z");
        assertNull(verdict(TeeType.SEV_SNP, milan, snpRequest(milanVcek, inWindow).build()), "baseline");
        // the VCEK expired (notAfter 2029-09-24) and not yet valid (notBefore 2022-09-24)
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.SEV_SNP, milan,
                snpRequest(milanVcek, Instant.parse("2029-10-01T00:00:00Z")).build()), "expired VCEK");
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.SEV_SNP, milan,
                snpRequest(milanVcek, Instant.parse("2022-09-01T00:00:00Z")).build()), "VCEK not yet valid");
        // another Milan chip's VCEK (right issuer, wrong chip and key): its HWID is not the report's
        // CHIP_ID, so it is never tried; the report's own VCEK is missing (issue 27 item 3)
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, verdict(TeeType.SEV_SNP, milan,
                snpRequest(snp("virtee-milan-v2/vcek.der"), Instant.parse("2023-06-01T00:00:00Z")).build()),
                "another chip's VCEK");
        // a Genoa VCEK (valid chain from the wrong product line, another chip) for a Milan report:
        // not the report's certificate either
        Instant genoaWindow = Instant.parse("2025-09-01T00:00:00Z");
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, verdict(TeeType.SEV_SNP, milan,
                snpRequest(snp("oak-genoa-v5/vcek.der"), genoaWindow).build()), "Genoa VCEK for a Milan report");
        // a genuine Genoa report and VCEK checked against explicitly given Milan roots
        byte[] genoa = snp("oak-genoa-v5/report.bin");
        byte[] genoaVcek = snp("oak-genoa-v5/vcek.der");
        assertNull(verdict(TeeType.SEV_SNP, genoa, snpRequest(genoaVcek, genoaWindow).build()), "Genoa baseline");
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.SEV_SNP, genoa, snpRequest(genoaVcek, genoaWindow)
                .addTrustRoot(snp("roots/milan_ark.pem")).addTrustRoot(snp("roots/milan_ask.pem")).build()),
                "Genoa chain against Milan roots");
        // swapped roots: the ASK given as the root and the ARK as the intermediate of another line
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.SEV_SNP, milan, snpRequest(milanVcek, inWindow)
                .addTrustRoot(snp("roots/genoa_ark.pem")).addTrustRoot(snp("roots/milan_ask.pem")).build()),
                "Milan ASK under the Genoa ARK");
        // a VCEK where a VLEK signed the report: the VLEK it needs is missing (and cannot be fetched)
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, verdict(TeeType.SEV_SNP, snp("trustee-milan-v3-vlek/report.bin"),
                snpRequest(milanVcek, inWindow).build()), "VCEK for a VLEK-signed report");
    }

    /**
     * Wrong key usage: a simulated Milan chain whose ASK may not sign certificates (keyUsage without
     * keyCertSign) or is not a CA at all. Every signature in the chain is valid; only the issuer's
     * permissions are wrong, and that alone must refuse the VCEK.
     */
    @Test
    void snpIntermediateWithoutTheRightToSign() throws Exception {
        Instant now = Instant.parse("2025-06-01T00:00:00Z");
        SimulatedAmdChain good = SimulatedAmdChain.generate(ProductLine.MILAN);
        assertNull(snpSimulated(good, now), "baseline: simulated chain with explicit roots");
        SimulatedAmdChain signOnly = SimulatedAmdChain.builder(ProductLine.MILAN)
                .askKeyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign).build();
        assertEquals(FailureClass.VERIFICATION_FAILED, snpSimulated(signOnly, now), "ASK without keyCertSign");
        SimulatedAmdChain notCa = SimulatedAmdChain.builder(ProductLine.MILAN).askCa(false).build();
        assertEquals(FailureClass.VERIFICATION_FAILED, snpSimulated(notCa, now), "ASK that is not a CA");
    }

    private static FailureClass snpSimulated(SimulatedAmdChain chain, Instant at) {
        SnpVerifier v = SnpVerifier.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).roots(chain.roots())
                .addCrl(chain.crl(at.minus(Duration.ofDays(1)), at.plus(Duration.ofDays(6)))).offline(true).build();
        try {
            v.verify(SimulatedSnpSigner.vcek(chain).report().evidence(), SnpPolicy.defaults());
            return null;
        } catch (AttestationException e) {
            System.out.println("HostileCollateralTest sev-snp simulated: " + e.failureClass() + ": " + e.getMessage());
            return e.failureClass();
        }
    }

    private Path write(String name, byte[] content) throws Exception {
        Path p = tmp.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static byte[] pem(X509Certificate c) {
        return Certificates.toPem(c).getBytes(StandardCharsets.US_ASCII);
    }

    private static VerificationRequest.Builder tdxRequest(TdxSimulator sim, Path bundle, Instant at) {
        VerificationRequest.Builder b = VerificationRequest.builder().clock(Clock.fixed(at, ZoneOffset.UTC))
                .offline(true).addCollateral(bundle);
        for (X509Certificate root : sim.trustAnchors().roots()) {
            b.addTrustRoot(pem(root));
        }
        return b;
    }

    @Test
    void tdxCollateral() throws Exception {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        TdxSimulator sim = TdxSimulator.builder().clock(clock).build();
        byte[] quote = sim.quote(new byte[64]);
        Path bundle = write("bundle.json", sim.collateralBundle());
        assertNull(verdict(TeeType.TDX, quote, tdxRequest(sim, bundle, now).build()), "baseline");
        // the simulator's chain is refused by the bundled Intel root
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.TDX, quote, VerificationRequest.builder()
                .clock(clock).offline(true).addCollateral(bundle).build()), "simulated PCK under the Intel root");
        // revoked PCK
        TdxSimulator revoked = TdxSimulator.builder().clock(clock).revokePck().build();
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.TDX, revoked.quote(new byte[64]),
                tdxRequest(revoked, write("revoked.json", revoked.collateralBundle()), now).build()), "revoked PCK");
        // TCB info, QE identity and CRLs signed under another root (another simulator's keys)
        TdxSimulator other = TdxSimulator.builder().clock(clock).build();
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.TDX, quote,
                tdxRequest(sim, write("other.json", other.collateralBundle()), now).build()),
                "collateral signed by another key");
        // the collateral is valid for 30 days: at day 31 the TCB info, QE identity and CRLs are stale
        FailureClass stale = verdict(TeeType.TDX, quote, tdxRequest(sim, bundle, now.plus(Duration.ofDays(31))).build());
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, stale, "collateral past nextUpdate");
        // real Intel collateral for FMSPC 50806f000000 given with a quote of another FMSPC
        Path gtg = RealVectors.copyTo(tmp.resolve("gtg"), RealVectors.TDX,
                RealVectors.TDX_DIR + "go-tdx-guest/sample_tcbInfo_response",
                RealVectors.TDX_DIR + "go-tdx-guest/sample_qeIdentity_response",
                RealVectors.TDX_DIR + "go-tdx-guest/tcb_signing_issuer_chain_2018-2025.pem",
                RealVectors.TDX_DIR + "go-tdx-guest/pckcrl", RealVectors.TDX_DIR + "go-tdx-guest/rootcrl.der");
        byte[] trustee4 = RealVectors.bytes(RealVectors.TDX, RealVectors.TDX_DIR + "trustee/tdx_quote_4.dat");
        Path phala = RealVectors.copyTo(tmp.resolve("phala"), RealVectors.TDX,
                RealVectors.TDX_DIR + "phala-dcap-qvl/tdx_quote_collateral.json");
        // (a bundle given explicitly that does not match the PCK is a mismatch, not a missing document)
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.TDX, trustee4, VerificationRequest.builder()
                .clock(RealVectors.at("2025-07-04T10:24:00Z")).addCollateral(phala).offline(true)
                .policy(PolicyDocument.of(Map.of("allowDebug", true))).build()),
                "TCB info for another FMSPC");
        // real PCK CRL past its nextUpdate (2023-07-08): quote trustee-4 with the 2023 collateral on 2023-07-20
        byte[] q4 = RealVectors.bytes(RealVectors.TDX, RealVectors.TDX_DIR + "trustee/tdx_quote_4.dat");
        FailureClass pastCrl = verdict(TeeType.TDX, q4, VerificationRequest.builder()
                .clock(RealVectors.at("2023-07-20T00:00:00Z")).addCollateral(gtg).offline(true)
                .policy(PolicyDocument.of(Map.of("allowDebug", true))).build());
        assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, pastCrl, "real collateral past nextUpdate");
    }

    /**
     * One document under the wrong key at a time: the TCB info, or the QE identity, signed by
     * another simulator's TCB signing key, presented with that key's own issuer chain (which does
     * not lead to the trusted root) or with the trusted chain (under whose key the signature does
     * not verify); the rest of the collateral genuine. Each alone must refuse the quote.
     */
    @Test
    void tdxOneDocumentSignedByTheWrongKey() throws Exception {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        TdxSimulator sim = TdxSimulator.builder().clock(clock).build();
        TdxSimulator other = TdxSimulator.builder().clock(clock).build();
        byte[] quote = sim.quote(new byte[64]);
        byte[] ownChain = sim.tcbIssuerChainPem().getBytes(StandardCharsets.US_ASCII);
        byte[] otherChain = other.tcbIssuerChainPem().getBytes(StandardCharsets.US_ASCII);
        assertNull(tdxWith(sim, clock, quote, TcbInfo.fromPcsResponse(sim.tcbInfoResponse()), ownChain,
                QeIdentity.fromPcsResponse(sim.qeIdentityResponse()), ownChain), "baseline: assembled collateral");
        assertEquals(FailureClass.VERIFICATION_FAILED, tdxWith(sim, clock, quote,
                TcbInfo.fromPcsResponse(other.tcbInfoResponse()), otherChain,
                QeIdentity.fromPcsResponse(sim.qeIdentityResponse()), ownChain), "TCB info signed by another key");
        assertEquals(FailureClass.VERIFICATION_FAILED, tdxWith(sim, clock, quote,
                TcbInfo.fromPcsResponse(sim.tcbInfoResponse()), ownChain,
                QeIdentity.fromPcsResponse(other.qeIdentityResponse()), otherChain), "QE identity signed by another key");
        // a document signed by the other key, presented with the trusted issuer chain: its
        // signature does not verify under the trusted TCB signing key
        assertEquals(FailureClass.VERIFICATION_FAILED, tdxWith(sim, clock, quote,
                TcbInfo.fromPcsResponse(other.tcbInfoResponse()), ownChain,
                QeIdentity.fromPcsResponse(sim.qeIdentityResponse()), ownChain), "foreign TCB info, trusted chain");
        assertEquals(FailureClass.VERIFICATION_FAILED, tdxWith(sim, clock, quote,
                TcbInfo.fromPcsResponse(sim.tcbInfoResponse()), ownChain,
                QeIdentity.fromPcsResponse(other.qeIdentityResponse()), ownChain), "foreign QE identity, trusted chain");
    }

    private static FailureClass tdxWith(TdxSimulator sim, Clock clock, byte[] quote, TcbInfo tcb, byte[] tcbChain,
            QeIdentity qe, byte[] qeChain) throws Exception {
        TdxCollateral collateral = TdxCollateral.builder().tcbInfo(tcb, tcbChain).qeIdentity(qe, qeChain)
                .pckCrl(sim.pckCrl()).rootCaCrl(sim.rootCaCrl()).build();
        TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors()).clock(clock).collateral(collateral)
                .build();
        try {
            v.verify(quote, TdxPolicy.defaults());
            return null;
        } catch (AttestationException e) {
            System.out.println("HostileCollateralTest tdx one document: " + e.failureClass() + ": " + e.getMessage());
            return e.failureClass();
        }
    }

    @Test
    void nvidiaChains() throws Exception {
        byte[] report = RealVectors.bytes(RealVectors.NV, RealVectors.NV_DIR + "nvtrust-hopperAttestationReport.hex");
        List<X509Certificate> chain = Certificates.parseAll(
                RealVectors.bytes(RealVectors.NV, RealVectors.NV_DIR + "nvtrust-hopperCertChain.pem"));
        PolicyDocument doc = PolicyDocument.of(Map.of("allowUnappraisedMeasurements", true));
        VerificationRequest.Builder ok = VerificationRequest.builder().clock(RealVectors.at("2025-06-01T00:00:00Z"))
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).policy(doc);
        for (X509Certificate c : chain) {
            ok.addCertificate(c.getEncoded());
        }
        assertNull(verdict(TeeType.NVIDIA_GPU, report, ok.build()), "baseline");
        VerificationRequest.Builder early = VerificationRequest.builder().clock(RealVectors.at("2019-01-01T00:00:00Z"))
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).policy(doc);
        for (X509Certificate c : chain) {
            early.addCertificate(c.getEncoded());
        }
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.NVIDIA_GPU, report, early.build()),
                "device chain not yet valid");
        // the AMD Milan root given as the only trust root
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.NVIDIA_GPU, report,
                ok.addTrustRoot(snp("roots/milan_ark.pem")).build()), "wrong root");
        // the chain without its leaf: the report's signature is checked against the wrong key
        VerificationRequest.Builder noLeaf = VerificationRequest.builder().clock(RealVectors.at("2025-06-01T00:00:00Z"))
                .revocationMode(RevocationMode.SKIP_INSECURE).offline(true).policy(doc);
        for (X509Certificate c : chain.subList(1, chain.size())) {
            noLeaf.addCertificate(c.getEncoded());
        }
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.NVIDIA_GPU, report, noLeaf.build()),
                "chain without its leaf");
    }

    @Test
    void ccaTrustAnchors() throws Exception {
        byte[] tok = RealVectors.bytes(RealVectors.CCA, RealVectors.CCA_DIR + "rust-ccatoken-cca-token-02.cbor");
        assertNull(verdict(TeeType.CCA, tok, VerificationRequest.builder().addTrustRoot(
                RealVectors.bytes(RealVectors.CCA, RealVectors.CCA_DIR + "rust-ccatoken-ta-02-ok.json")).build()));
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.CCA, tok, VerificationRequest.builder()
                .addTrustRoot(RealVectors.bytes(RealVectors.CCA, RealVectors.CCA_DIR + "rust-ccatoken-ta-02-bad.json"))
                .build()), "CPAK of another platform");
        // the TF-RMM token's anchors for a token from another platform: no trusted CPAK
        assertEquals(FailureClass.VERIFICATION_FAILED, verdict(TeeType.CCA, tok, VerificationRequest.builder()
                .addTrustRoot(RealVectors.bytes(RealVectors.CCA, RealVectors.CCA_DIR + "rust-ccatoken-ta-tfa.json"))
                .build()), "no anchor for this implementation id");
    }
}
