package io.tee4j.tdx.simulator;

import static io.tee4j.tdx.simulator.SimulatedIntelPki.cert;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.crl;
import static io.tee4j.tdx.simulator.SimulatedIntelPki.sgxExtension;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.tdx.collateral.TdxCollateral;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A TDX platform and Intel's services, simulated: a fake Intel SGX Root CA, PCK Platform CA and PCK
 * leaf with SGX extensions (FMSPC, PCE-ID, TCB, PPID, platform instance, configuration), a fake
 * Quoting Enclave that signs v4 and v5 quotes (body types 2 and 3) with its attestation key, a
 * fake TCB Signing certificate that signs TDX TCB info and TD QE identity, and current CRLs — all
 * generated fresh per instance with the JDK's EC keys; certificates and CRLs come from the shared
 * simulated PKI ({@code tee4j-testing}).
 *
 * <p>The simulator's certificates carry Intel's subject common names (so the verifier's shape
 * checks apply unchanged) but organisation "tee4j simulator", and its root is trusted only when
 * passed explicitly: {@link #trustAnchors()} is {@link TrustAnchors.Origin#EXPLICIT}, and the
 * bundled-root verifier rejects every simulated quote. Time comes from the injected clock:
 * certificates are valid for a year around it, collateral and CRLs for 30 days from it.
 *
 * <p>For tests and demos only; keys live in memory and nothing here is secret.
 *
 * @since 0.1
 */
public final class TdxSimulator {
    /** Intel's PCK chain, CRLs and TCB signing certificate are ECDSA P-256 with SHA-256. */
    private static final String ORG = ", O=tee4j simulator, L=Santa Clara, ST=CA, C=US";

    private final Clock clock;
    private final byte[] fmspc;
    private final int pceSvn;
    private final int[] cpuSvn;
    private final KeyPair rootKey;
    private final KeyPair caKey;
    private final KeyPair tcbKey;
    private final X509Certificate root;
    private final X509Certificate ca;
    private final X509Certificate pck;
    private final X509Certificate tcbSigner;
    private final boolean revokePck;
    private final SimulatedQe qe;
    private final SecureRandom random;

    TdxSimulator(TdxSimulatorBuilder b) throws GeneralSecurityException {
        this.clock = b.clock;
        this.fmspc = b.fmspc.clone();
        this.pceSvn = b.pceSvn;
        this.cpuSvn = b.cpuSvn.clone();
        this.revokePck = b.revokePck;
        this.random = b.random;
        // Generated in this order from the builder's randomness: a seeded generator gives the same keys.
        rootKey = newKey(b.random);
        caKey = newKey(b.random);
        KeyPair pckKey = newKey(b.random);
        tcbKey = newKey(b.random);
        KeyPair attestationKey = newKey(b.random);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant from = b.certificatesFrom != null ? b.certificatesFrom : now.minus(Duration.ofDays(180));
        Instant to = b.certificatesTo != null ? b.certificatesTo : now.plus(Duration.ofDays(180));
        String rootName = "CN=Intel SGX Root CA" + ORG;
        String caName = "CN=Intel SGX PCK Platform CA" + ORG;
        // Signed with the builder's randomness, so a seeded generator gives byte-identical certificates.
        root = cert(1, rootName, rootName, rootKey, rootKey, from, to, true, null, b.random);
        ca = cert(2, caName, rootName, caKey, rootKey, from, to, true, null, b.random);
        pck = cert(3, "CN=Intel SGX PCK Certificate" + ORG, caName, pckKey, caKey, from, to, false,
                sgxExtension(cpuSvn, pceSvn, fmspc), b.random);
        tcbSigner = cert(4, "CN=Intel SGX TCB Signing" + ORG, rootName, tcbKey, rootKey, from, to, false, null,
                b.random);
        qe = new SimulatedQe(attestationKey, pckKey, cpuSvn, b.qeMiscSelect, b.qeSvn, List.of(pck, ca, root));
    }

    /**
     * Another platform of the same model, as a fleet has many: its own PCK key, PCK leaf (serial
     * {@code serial}, same FMSPC, PCE-ID and SVNs) and attestation key, under this simulator's root,
     * PCK Platform CA and TCB Signing certificate, so one set of collateral (and the same CRLs)
     * serves both. {@link #pckCrl()} of the new platform lists its own leaf when built with
     * {@link TdxSimulatorBuilder#revokePck()}.
     *
     * @param serial the new PCK leaf's serial number (not 1..4, which the CA certificates use)
     */
    public TdxSimulator anotherPlatform(long serial) {
        if (serial >= 1 && serial <= 4) {
            throw new IllegalArgumentException("serials 1..4 are the simulator's own certificates");
        }
        try {
            return new TdxSimulator(this, serial);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create simulated keys and certificates", e);
        }
    }

    private TdxSimulator(TdxSimulator same, long serial) throws GeneralSecurityException {
        this.clock = same.clock;
        this.fmspc = same.fmspc;
        this.pceSvn = same.pceSvn;
        this.cpuSvn = same.cpuSvn;
        this.revokePck = same.revokePck;
        this.random = same.random;
        this.rootKey = same.rootKey;
        this.caKey = same.caKey;
        this.tcbKey = same.tcbKey;
        this.root = same.root;
        this.ca = same.ca;
        this.tcbSigner = same.tcbSigner;
        KeyPair pckKey = newKey(random);
        KeyPair attestationKey = newKey(random);
        pck = cert(serial, "CN=Intel SGX PCK Certificate" + ORG, "CN=Intel SGX PCK Platform CA" + ORG,
                pckKey, caKey, same.pck.getNotBefore().toInstant(), same.pck.getNotAfter().toInstant(), false,
                sgxExtension(cpuSvn, pceSvn, fmspc), random);
        qe = new SimulatedQe(attestationKey, pckKey, cpuSvn, same.qe.miscSelect(), same.qe.svn(),
                List.of(pck, ca, root));
    }

    public static TdxSimulatorBuilder builder() {
        return new TdxSimulatorBuilder();
    }

    private static KeyPair newKey(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    /** The simulator's root, as explicit trust anchors (never the bundled kind). */
    public TrustAnchors trustAnchors() {
        return TrustAnchors.explicit("tee4j TDX simulator root", List.of(root));
    }

    /** The simulated PCK chain: leaf, Platform CA, root. */
    public List<X509Certificate> pckChain() {
        return List.of(pck, ca, root);
    }

    /** A v4 quote with default TD measurements and the given 64-byte report data. */
    public byte[] quote(byte[] reportData) {
        return quoteBuilder().reportData(reportData).build();
    }

    /** A builder for a quote signed by the simulated QE. */
    public QuoteBuilder quoteBuilder() {
        return new QuoteBuilder(qe);
    }

    /**
     * Collateral for this platform, signed by the simulated TCB Signing key, valid from the clock's
     * instant for 30 days: TCB info with one UpToDate level at this platform's SVNs (TDX components
     * 0..2 from {@code minTeeTcbSvn}) and an older OutOfDate level, module identities TDX_01 and
     * TDX_03, the TD QE identity, and CRLs (listing the PCK leaf when built with
     * {@link TdxSimulatorBuilder#revokePck()}).
     */
    public TdxCollateral collateral() {
        try {
            return TdxCollateral.fromBundle(collateralBundle());
        } catch (CollateralUnavailableException e) {
            throw new IllegalStateException("the simulator wrote collateral it cannot read", e);
        }
    }

    /** The collateral as a bundle file (the JSON shape {@link TdxCollateral#fromBundle} reads). */
    public byte[] collateralBundle() {
        return collateralBundle(pckCrl(), rootCaCrl());
    }

    /**
     * The collateral as a bundle file, as {@link #collateralBundle()}, but carrying the given PCK CRL
     * and root CA CRL (DER, e.g. from {@link #pckCrl(Instant, Instant, BigInteger...)}): for tests where
     * only a CRL is stale or revokes something while the TCB info and QE identity stay current.
     *
     * @param pckCrl the {@code pck_crl} to carry, DER
     * @param rootCaCrl the {@code root_ca_crl} to carry, DER
     * @return the bundle's JSON bytes
     */
    public byte[] collateralBundle(byte[] pckCrl, byte[] rootCaCrl) {
        return collateralBundle(tcbInfoJson(), qeIdentityJson(), pckCrl, rootCaCrl);
    }

    /**
     * A collateral bundle around the given TCB info and QE identity JSON (the exact text to sign,
     * e.g. {@link #tcbInfoJson()} reshaped by a test), signed by the simulated TCB Signing key, with
     * the given CRLs (DER): for tests of unusually shaped but authentic collateral.
     *
     * @param tcbInfoJson the {@code tcbInfo} object's text
     * @param qeIdentityJson the {@code enclaveIdentity} object's text
     * @param pckCrl the {@code pck_crl} to carry, DER
     * @param rootCaCrl the {@code root_ca_crl} to carry, DER
     * @return the bundle's JSON bytes
     */
    public byte[] collateralBundle(String tcbInfoJson, String qeIdentityJson, byte[] pckCrl, byte[] rootCaCrl) {
        return SimulatedCollateralJson.bundle(tcbInfoJson, qeIdentityJson, pckCrl, rootCaCrl, tcbKey,
                List.of(tcbSigner, ca, root));
    }

    /** A PCS v4 TCB info response body, {@code {"tcbInfo":…,"signature":…}}. */
    public byte[] tcbInfoResponse() {
        return SimulatedCollateralJson.signedResponse("tcbInfo", tcbInfoJson(), tcbKey);
    }

    /** A PCS v4 QE identity response body. */
    public byte[] qeIdentityResponse() {
        return SimulatedCollateralJson.signedResponse("enclaveIdentity", qeIdentityJson(), tcbKey);
    }

    /** The TCB Signing certificate and root, PEM (the PCS issuer-chain header value, before URL encoding). */
    public String tcbIssuerChainPem() {
        return Certificates.toPem(tcbSigner) + Certificates.toPem(root);
    }

    /** The PCK CRL, DER. */
    public byte[] pckCrl() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return crl(caKey, ca, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)),
                revokePck ? new BigInteger[] {pck.getSerialNumber()} : new BigInteger[0]);
    }

    /** The root CA CRL, DER. */
    public byte[] rootCaCrl() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return crl(rootKey, root, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    /**
     * A PCK CRL with a chosen window, signed by the simulated PCK Platform CA, listing the given
     * serial numbers as revoked (e.g. {@code pckChain().get(0).getSerialNumber()}). It lets a test
     * make the PCK CRL stale, not yet valid or revoking on its own, while the TCB info and QE identity
     * stay as issued (see {@link #collateralBundle(byte[], byte[])}).
     *
     * @param thisUpdate the CRL's thisUpdate
     * @param nextUpdate the CRL's nextUpdate, or null for a CRL without one
     * @param revoked serial numbers to list (each revoked one hour before {@code thisUpdate})
     * @return the CRL, DER
     */
    public byte[] pckCrl(Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        return crl(caKey, ca, Objects.requireNonNull(thisUpdate, "thisUpdate"), nextUpdate, revoked);
    }

    /**
     * An Intel SGX Root CA CRL with a chosen window, signed by the simulated root, listing the given
     * serial numbers as revoked (the PCK Platform CA is {@code pckChain().get(1)}); the counterpart of
     * {@link #pckCrl(Instant, Instant, BigInteger...)} for the root CA CRL.
     *
     * @param thisUpdate the CRL's thisUpdate
     * @param nextUpdate the CRL's nextUpdate, or null for a CRL without one
     * @param revoked serial numbers to list (each revoked one hour before {@code thisUpdate})
     * @return the CRL, DER
     */
    public byte[] rootCaCrl(Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        return crl(rootKey, root, Objects.requireNonNull(thisUpdate, "thisUpdate"), nextUpdate, revoked);
    }

    /**
     * The TCB info JSON this simulator signs ({@code tcbInfo} object text): issued at the clock's
     * instant for 30 days; levels, module identities and signer as described at {@link #collateral()}.
     */
    public String tcbInfoJson() {
        return SimulatedCollateralJson.tcbInfo(clock.instant(), fmspc, pceSvn, cpuSvn);
    }

    /**
     * The TD QE identity JSON this simulator signs ({@code enclaveIdentity} object text): MISCSELECT
     * 00000000 under mask FFFFFFFF, levels ISVSVN 4 UpToDate and 1 OutOfDate, evaluation number 17.
     */
    public String qeIdentityJson() {
        return SimulatedCollateralJson.qeIdentity(clock.instant(), SimulatedQe.MRSIGNER);
    }
}
