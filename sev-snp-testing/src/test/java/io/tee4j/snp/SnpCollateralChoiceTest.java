package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.Evidence;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerificationRequest;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.AzureHclReport;
import io.tee4j.snp.abi.CertificateTable;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbLayout;
import io.tee4j.snp.abi.TcbVersion;
import io.tee4j.snp.collateral.KdsUrls;
import io.tee4j.snp.internal.SnpBackend;
import io.tee4j.snp.simulator.SimulatedAmdChain;
import io.tee4j.snp.simulator.SimulatedSnpSigner;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SignatureWork;
import io.tee4j.snp.verify.SnpAttestationResult;
import io.tee4j.snp.verify.SnpVerifier;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which collateral decides, whatever the order it comes in: the signing certificate among several
 * (issue 27 item 3; hardening item 9), the CRL among several (hardening items 1 and 17); and the
 * library's binding of an Azure HCL blob (hardening item 2) and its measurement claim (item 27).
 */
class SnpCollateralChoiceTest {
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
    private static final SimulatedAmdChain CHAIN = SimulatedAmdChain.generate(ProductLine.GENOA);
    /** The same chip after a microcode update: a second genuine VCEK under the same ASK. */
    private static final SimulatedAmdChain UPDATED = CHAIN.withSigningKeysFor(CHAIN.chipId(),
            TcbVersion.of(CHAIN.tcb().raw() + (1L << 56), TcbLayout.MILAN_GENOA));
    /** Another chip of the same product line, same TCB. */
    private static final SimulatedAmdChain OTHER_CHIP = CHAIN.withSigningKeysFor(otherChip(), CHAIN.tcb());

    private static byte[] otherChip() {
        byte[] id = CHAIN.chipId();
        id[0] ^= 0x55;
        return id;
    }

    private static X509CRL crl(Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        return CHAIN.crl(thisUpdate, nextUpdate, revoked);
    }

    private static final X509CRL CRL_OK = crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6)));
    private static final X509CRL CRL_REVOKING_ASK = crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(6)),
            CHAIN.ask().getSerialNumber());

    private static SnpVerifier.Builder verifier(Instant at) {
        return SnpVerifier.builder().clock(Clock.fixed(at, ZoneOffset.UTC)).roots(CHAIN.roots());
    }

    private static Evidence evidence(byte[] report, X509Certificate... certs) throws Exception {
        Evidence.Builder b = Evidence.builder(TeeType.SEV_SNP, report);
        for (X509Certificate c : certs) {
            b.addCertificate(c.getEncoded());
        }
        return b.build();
    }

    // ---- issue 27 item 3: the signing certificate is selected by CHIP_ID and REPORTED_TCB

    @Test
    void twoVceksOfOneChipAtDifferentTcbsVerifyInEitherOrder() throws Exception {
        byte[] before = SimulatedSnpSigner.vcek(CHAIN).report().sign();
        byte[] after = SimulatedSnpSigner.vcek(UPDATED).report().sign();
        SnpVerifier v = verifier(NOW).revocationMode(RevocationMode.SKIP_INSECURE).build();
        for (X509Certificate[] order : List.of(new X509Certificate[] {CHAIN.vcek(), UPDATED.vcek()},
                new X509Certificate[] {UPDATED.vcek(), CHAIN.vcek()})) {
            // A fresh verifier each time (cold), and the shared one (warm: both VCEKs cached).
            for (SnpVerifier each : List.of(verifier(NOW).revocationMode(RevocationMode.SKIP_INSECURE).build(), v)) {
                assertEquals(CHAIN.vcek(), each.verify(evidence(before, order), SnpPolicy.defaults()).chain().get(0));
                assertEquals(UPDATED.vcek(), each.verify(evidence(after, order), SnpPolicy.defaults()).chain().get(0));
            }
        }
    }

    /** A warm verifier knows the first VCEK; a report of the later TCB must not be tried with it. */
    @Test
    void theCacheOfKnownCertificatesSelectsTooAndMissingIsCollateral() throws Exception {
        SnpVerifier v = verifier(NOW).revocationMode(RevocationMode.SKIP_INSECURE).build();
        v.verify(evidence(SimulatedSnpSigner.vcek(CHAIN).report().sign(), CHAIN.vcek()), SnpPolicy.defaults());
        byte[] after = SimulatedSnpSigner.vcek(UPDATED).report().sign();
        CollateralUnavailableException e = assertThrows(CollateralUnavailableException.class,
                () -> v.verify(evidence(after, CHAIN.vcek()), SnpPolicy.defaults()));
        assertTrue(e.getMessage().contains("REPORTED_TCB 0x" + Long.toHexString(UPDATED.tcb().raw())), e.getMessage());
        assertEquals(UPDATED.vcek(), v.verify(evidence(after, CHAIN.vcek(), UPDATED.vcek()), SnpPolicy.defaults())
                .chain().get(0));
    }

    /** A collateral directory holding two chips' VCEKs: each report finds its own, in either file order. */
    @Test
    void aCollateralDirectoryWithTwoChipsVerifiesEitherChip(@TempDir Path dir) throws Exception {
        TeeBackend backend = new SnpBackend();
        for (String[] names : List.of(new String[] {"a.der", "b.der"}, new String[] {"b.der", "a.der"})) {
            Path d = Files.createDirectories(dir.resolve(names[0]));
            Files.write(d.resolve(names[0]), CHAIN.vcek().getEncoded());
            Files.write(d.resolve(names[1]), OTHER_CHIP.vcek().getEncoded());
            VerificationRequest req = request(d).revocationMode(RevocationMode.SKIP_INSECURE).build();
            for (SimulatedAmdChain chip : List.of(CHAIN, OTHER_CHIP)) {
                byte[] report = SimulatedSnpSigner.vcek(chip).report().sign();
                AttestationResult r = backend.verify(Evidence.of(TeeType.SEV_SNP, report), req);
                assertEquals(chip.vcek(), ((SnpAttestationResult) r).chain().get(0));
            }
        }
    }

    private static VerificationRequest.Builder request(Path collateral) throws Exception {
        return VerificationRequest.builder().addCollateral(collateral).addTrustRoot(CHAIN.ark().getEncoded())
                .addTrustRoot(CHAIN.ask().getEncoded()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).offline(true);
    }

    /** A masked chip id selects by TCB only: every VCEK at that TCB is tried, in either order. */
    @Test
    void aMaskedChipIdTriesEveryVcekAtTheReportedTcb() throws Exception {
        byte[] masked = SimulatedSnpSigner.vcek(OTHER_CHIP).report().maskChipId(true).sign();
        for (X509Certificate[] order : List.of(new X509Certificate[] {CHAIN.vcek(), OTHER_CHIP.vcek()},
                new X509Certificate[] {OTHER_CHIP.vcek(), CHAIN.vcek()})) {
            SnpVerifier v = verifier(NOW).revocationMode(RevocationMode.SKIP_INSECURE).build();
            assertEquals(OTHER_CHIP.vcek(), v.verify(evidence(masked, order), SnpPolicy.defaults()).chain().get(0));
        }
        // Only the other chip's VCEK: a candidate whose key did not sign the report.
        VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> verifier(NOW)
                .revocationMode(RevocationMode.SKIP_INSECURE).build().verify(evidence(masked, CHAIN.vcek()),
                        SnpPolicy.defaults()));
        assertEquals(Reason.SIGNATURE, e.reason());
    }

    // ---- hardening item 9: many supplied certificates cost only the chain-shaped candidates

    /**
     * 300 impostor VCEKs (the genuine one's name and extensions, so every one is selected) and 300
     * impostor ASKs (the genuine ASK's name, claiming the ARK as issuer): each ASK is checked against
     * the ARK once, each VCEK only against the ASKs that passed (the genuine one), so the signature
     * verifications are linear in the number of certificates, not their product (90 000 before).
     */
    @Test
    void manyImpostorCertificatesCostLinearWork() throws Exception {
        ImpostorCertificates impostors = new ImpostorCertificates();
        List<X509Certificate> asks = impostors.asks(CHAIN.ask(), 300);
        List<X509Certificate> vceks = impostors.vceks(CHAIN.vcek(), 300);
        byte[] report = SimulatedSnpSigner.vcek(CHAIN).report().sign();
        List<X509Certificate> hostile = new ArrayList<>(vceks);
        hostile.addAll(asks);
        SnpVerifier v = verifier(NOW).revocationMode(RevocationMode.SKIP_INSECURE).build();
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> v.verify(evidence(report, hostile.toArray(new X509Certificate[0])), SnpPolicy.defaults()));
        assertEquals(Reason.CERTIFICATE_CHAIN, e.reason());
        long work = SignatureWork.of(v);
        assertTrue(work <= 300 + 300 + 2, "signature verifications: " + work);

        // The genuine VCEK last, behind all of them: still found, for the same linear cost.
        hostile.add(CHAIN.vcek());
        Collections.reverse(hostile.subList(0, 300));
        SnpVerifier fresh = verifier(NOW).revocationMode(RevocationMode.SKIP_INSECURE).build();
        assertEquals(CHAIN.vcek(), fresh.verify(evidence(report, hostile.toArray(new X509Certificate[0])),
                SnpPolicy.defaults()).chain().get(0));
        assertTrue(SignatureWork.of(fresh) <= 300 + 300 + 3, "" + SignatureWork.of(fresh));
    }

    // ---- hardening item 1: CRLs decide whatever their order

    @Test
    void aRevokingCrlRevokesInEitherOrder() throws Exception {
        byte[] report = SimulatedSnpSigner.vcek(CHAIN).report().sign();
        for (X509CRL[] order : List.of(new X509CRL[] {CRL_OK, CRL_REVOKING_ASK}, new X509CRL[] {CRL_REVOKING_ASK, CRL_OK})) {
            SnpVerifier.Builder b = verifier(NOW);
            for (X509CRL c : order) {
                b.addCrl(c);
            }
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> b.build().verify(evidence(report, CHAIN.vcek()), SnpPolicy.defaults()));
            assertEquals(Reason.REVOKED, e.reason());
        }
    }

    /** A sorted collateral directory with an old and a new CRL: either one listing the ASK revokes it. */
    @Test
    void aDirectoryWithAnOldAndANewCrlRevokesWhicheverListsTheAsk(@TempDir Path dir) throws Exception {
        X509CRL oldOk = crl(NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(4)));
        X509CRL newRevoking = crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6)), CHAIN.ask().getSerialNumber());
        X509CRL oldRevoking = crl(NOW.minus(Duration.ofDays(3)), NOW.plus(Duration.ofDays(4)), CHAIN.ask().getSerialNumber());
        X509CRL newOk = crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(6)));
        TeeBackend backend = new SnpBackend();
        byte[] report = SimulatedSnpSigner.vcek(CHAIN).report().sign();
        int i = 0;
        for (X509CRL[] pair : List.of(new X509CRL[] {oldOk, newRevoking}, new X509CRL[] {oldRevoking, newOk})) {
            for (String[] names : List.of(new String[] {"1.crl", "2.crl"}, new String[] {"2.crl", "1.crl"})) {
                Path d = Files.createDirectories(dir.resolve("case" + i++));
                Files.write(d.resolve(names[0]), pair[0].getEncoded());
                Files.write(d.resolve(names[1]), pair[1].getEncoded());
                Files.write(d.resolve("vcek.der"), CHAIN.vcek().getEncoded());
                VerificationFailedException e = assertThrows(VerificationFailedException.class,
                        () -> backend.verify(Evidence.of(TeeType.SEV_SNP, report), request(d).build()));
                assertEquals(Reason.REVOKED, e.reason());
            }
        }
    }

    /**
     * The host's certificate table carries an old but unexpired CRL that does not list the ASK;
     * online with a source, AMD's current CRL is fetched anyway, and it revokes the ASK.
     */
    @Test
    void aHostCrlNeverSuppressesFetchingTheCurrentOne() throws Exception {
        SimulatedSnpSigner signer = SimulatedSnpSigner.vcek(CHAIN);
        X509CRL oldButUnexpired = crl(NOW.minus(Duration.ofDays(5)), NOW.plus(Duration.ofDays(2)));
        List<CertificateTable.Entry> entries = new ArrayList<>(signer.certificateTable().entries());
        entries.add(new CertificateTable.Entry(CertificateTable.CRL, oldButUnexpired.getEncoded()));
        Evidence ev = Evidence.builder(TeeType.SEV_SNP, signer.report().sign())
                .auxBlob(CertificateTable.of(entries).toBytes()).build();
        KdsTest.FakeSource kds = new KdsTest.FakeSource();
        String crlUrl = KdsUrls.amd().crl(ProductLine.GENOA, SigningKey.VCEK).toString();
        kds.bodies.put(crlUrl, CRL_REVOKING_ASK.getEncoded());
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> verifier(NOW).collateralSource(kds).build().verify(ev, SnpPolicy.defaults()));
        assertEquals(Reason.REVOKED, e.reason());
        assertEquals(1, kds.requests.size());
        assertEquals(CollateralKind.CRL, kds.requests.get(0).kind());

        // KDS unreachable: the host's CRL decides alone, and the result says so.
        KdsTest.FakeSource down = new KdsTest.FakeSource();
        SnpAttestationResult r = verifier(NOW).collateralSource(down).build().verify(ev, SnpPolicy.defaults());
        assertTrue(r.verification().revocationChecked());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("could not be fetched")), r.warnings().toString());
        assertEquals(1, down.requests.size());
    }

    // ---- hardening item 17: one validity rule, now < nextUpdate, also for a cached decision

    @Test
    void aCrlIsCurrentUntilJustBeforeItsNextUpdate() throws Exception {
        Instant next = NOW.plus(Duration.ofDays(6));
        SnpVerifierTest.MutableClock clock = new SnpVerifierTest.MutableClock(next.minusMillis(1));
        SnpVerifier v = SnpVerifier.builder().clock(clock).roots(CHAIN.roots()).addCrl(crl(NOW, next)).build();
        Evidence ev = evidence(SimulatedSnpSigner.vcek(CHAIN).report().sign(), CHAIN.vcek());
        assertTrue(v.verify(ev, SnpPolicy.defaults()).verification().revocationChecked());
        clock.now = next;
        assertThrows(RevocationUnavailableException.class, () -> v.verify(ev, SnpPolicy.defaults()));
        SnpVerifier cold = SnpVerifier.builder().clock(Clock.fixed(next, ZoneOffset.UTC)).roots(CHAIN.roots())
                .addCrl(crl(NOW, next)).build();
        assertThrows(RevocationUnavailableException.class, () -> cold.verify(ev, SnpPolicy.defaults()));
    }

    // ---- hardening item 2: the library binds an Azure HCL blob's runtime data

    @Test
    void hclRuntimeDataIsBoundByTheLibrary() throws Exception {
        String n = "azure-milan-v2-hcl";
        SnpVerifier v = SnpVerifierTest.verifier(n);
        byte[] blob = Vectors.evidenceFile(n);
        assertEquals(ProductLine.MILAN, v.verify(Evidence.builder(TeeType.SEV_SNP, blob)
                .addCertificate(Vectors.certBytes(n)).build(), SnpPolicy.defaults()).productLine());
        int start = AzureHclReport.REPORT_OFFSET + AttestationReport.SIZE + 20;
        int end = start + AzureHclReport.parse(blob).runtimeData().length;
        for (int offset : new int[] {start, blob.length - 300, end - 1}) {
            byte[] tampered = blob.clone();
            tampered[offset] ^= 1; // one character of the runtime JSON
            AttestationException e = assertThrows(VerificationFailedException.class, () -> v.verify(
                    Evidence.builder(TeeType.SEV_SNP, tampered).addCertificate(Vectors.certBytes(n)).build(),
                    SnpPolicy.defaults()));
            assertEquals(Reason.BINDING, ((VerificationFailedException) e).reason());
            assertEquals(io.tee4j.core.FailureClass.VERIFICATION_FAILED, e.failureClass());
        }
    }

    // ---- hardening item 27: measurementsAppraised with a real vector and a matching policy

    @Test
    void aMatchedMeasurementIsReportedAsAppraised() throws Exception {
        String n = "oak-genoa-v5";
        SnpVerifier v = SnpVerifierTest.verifier(n);
        byte[] measurement = AttestationReport.parse(Vectors.report(n)).measurement();
        SnpAttestationResult matched = v.verify(SnpVerifierTest.evidence(n),
                SnpPolicy.builder().addMeasurement(new byte[48]).addMeasurement(measurement).build());
        assertEquals(Boolean.TRUE, matched.claims().get("measurementsAppraised"));
        assertTrue(matched.measurementsAppraised());
        SnpAttestationResult unlisted = v.verify(SnpVerifierTest.evidence(n), SnpPolicy.defaults());
        assertEquals(Boolean.FALSE, unlisted.claims().get("measurementsAppraised"));
        assertFalse(unlisted.measurementsAppraised());
    }
}
