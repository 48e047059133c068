package io.tee4j.tdx.collateral;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.collateral.FreshnessReader;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Intel Provisioning Certification Service (PCS) v4 endpoints for TDX collateral, or the same
 * paths on a PCCS: TDX TCB info by FMSPC ({@code /tdx/certification/v4/tcb?fmspc=}, issuer chain in
 * the {@code TCB-Info-Issuer-Chain} header), the TD QE identity ({@code /tdx/certification/v4/qe/identity},
 * header {@code SGX-Enclave-Identity-Issuer-Chain}), the PCK CRL by CA
 * ({@code /sgx/certification/v4/pckcrl?ca=platform|processor&encoding=der}) and the Intel SGX Root
 * CA CRL ({@code https://certificates.trustedservices.intel.com/IntelSGXRootCA.der} by default).
 *
 * <p>Every document is fetched through a core {@link CollateralSource} (which may cache it: TCB
 * info and QE identity as {@link CollateralKind#TCB_INFO} with a freshness reader that reads their
 * {@code nextUpdate}, CRLs as {@link CollateralKind#CRL}). Nothing fetched is trusted:
 * {@code TdxVerifier} verifies all of it. The last assembled collateral per FMSPC and CA is
 * reused while the fetched bytes stay the same.
 *
 * @since 0.1
 */
public final class IntelPcs {
    /** Intel's PCS. */
    public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
    /** Where Intel publishes the Intel SGX Root CA CRL. */
    public static final URI INTEL_ROOT_CA_CRL = URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

    /** Reads {@code nextUpdate} from a TCB info or QE identity response. */
    public static final FreshnessReader JSON_FRESHNESS = (body, headers) -> {
        try {
            return Optional.of(TcbInfo.fromPcsResponse(body).nextUpdate());
        } catch (CollateralUnavailableException notTcbInfo) {
            return Optional.of(QeIdentity.fromPcsResponse(body).nextUpdate());
        }
    };

    /** Reads {@code nextUpdate} from a DER or PEM CRL. */
    public static final FreshnessReader CRL_FRESHNESS = (body, headers) -> {
        try {
            X509CRL crl = Certificates.parseCrl(body);
            return Optional.ofNullable(crl.getNextUpdate()).map(Date::toInstant);
        } catch (CRLException | IllegalArgumentException e) {
            throw new CollateralUnavailableException("not a CRL: " + e.getMessage(), null, false);
        }
    };

    private final URI base;
    private final URI rootCrl;
    private final CollateralSource source;
    private final String updateType;
    private final BoundedCache<String, Assembled> assembled = new BoundedCache<>(256);

    private IntelPcs(URI base, URI rootCrl, CollateralSource source, String updateType) {
        this.base = base;
        this.rootCrl = rootCrl;
        this.source = source;
        this.updateType = updateType;
    }

    /** Intel's PCS through {@code source}. */
    public static IntelPcs intel(CollateralSource source) {
        return new IntelPcs(INTEL_PCS, INTEL_ROOT_CA_CRL, Objects.requireNonNull(source, "source"), null);
    }

    /**
     * A PCCS (or any PCS mirror) at {@code baseUrl}, e.g. {@code https://pccs.example:8081}; the root
     * CA CRL still comes from {@code rootCaCrl}.
     */
    public static IntelPcs at(URI baseUrl, URI rootCaCrl, CollateralSource source) {
        return new IntelPcs(trim(Objects.requireNonNull(baseUrl, "baseUrl")), Objects.requireNonNull(rootCaCrl,
                "rootCaCrl"), Objects.requireNonNull(source, "source"), null);
    }

    /** The same service asking for {@code update=early} or {@code update=standard} TCB info. */
    public IntelPcs withUpdate(String update) {
        if (!"early".equals(update) && !"standard".equals(update)) {
            throw new IllegalArgumentException("update must be early or standard");
        }
        return new IntelPcs(base, rootCrl, source, update);
    }

    private static URI trim(URI u) {
        String s = u.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** URL of the TDX TCB info for an FMSPC. */
    public URI tcbInfoUri(byte[] fmspc) {
        return URI.create(base + "/tdx/certification/v4/tcb?fmspc=" + HexFormat.of().formatHex(fmspc).toUpperCase(Locale.ROOT)
                + (updateType == null ? "" : "&update=" + updateType));
    }

    /** URL of the TD QE identity. */
    public URI qeIdentityUri() {
        return URI.create(base + "/tdx/certification/v4/qe/identity" + (updateType == null ? "" : "?update=" + updateType));
    }

    /** URL of the PCK CRL of {@code ca} ("platform" or "processor"). */
    public URI pckCrlUri(String ca) {
        if (!"platform".equals(ca) && !"processor".equals(ca)) {
            throw new IllegalArgumentException("ca must be platform or processor");
        }
        return URI.create(base + "/sgx/certification/v4/pckcrl?ca=" + ca + "&encoding=der");
    }

    public URI rootCaCrlUri() {
        return rootCrl;
    }

    /** Fetches and assembles the collateral for a platform (not verified here). */
    public TdxCollateral collateral(byte[] fmspc, String ca) throws CollateralUnavailableException {
        FetchedCollateral tcb = fetchTcbInfo(fmspc);
        FetchedCollateral qe = fetchQeIdentity();
        return assemble(fmspc, ca, tcb, qe, fetchCrl(pckCrlUri(ca)), fetchCrl(rootCrl));
    }

    /**
     * The verifier's fetch, which follows its {@link RevocationMode}: with
     * {@link RevocationMode#SKIP_INSECURE} the CRLs are neither fetched nor carried (they would not
     * be checked, so a CRL endpoint that is down or a cached CRL past its nextUpdate must not fail
     * the verification); with {@link RevocationMode#REQUIRE} a CRL that cannot be had is
     * {@link RevocationUnavailableException}, as the mode promises, not a missing TCB document.
     */
    public TdxCollateral collateral(byte[] fmspc, String ca, RevocationMode mode) throws AttestationException {
        FetchedCollateral tcb = fetchTcbInfo(fmspc);
        FetchedCollateral qe = fetchQeIdentity();
        if (mode == RevocationMode.SKIP_INSECURE) {
            return assemble(fmspc, ca, tcb, qe, null, null);
        }
        FetchedCollateral pck;
        FetchedCollateral root;
        try {
            pck = fetchCrl(pckCrlUri(ca));
            root = fetchCrl(rootCrl);
        } catch (CollateralUnavailableException e) {
            throw new RevocationUnavailableException("a CRL could not be had, so the revocation status of the PCK "
                    + "chain is unknown: " + e.getMessage(), e);
        }
        return assemble(fmspc, ca, tcb, qe, pck, root);
    }

    /**
     * Fetches only the PCK CRL of {@code ca} and the root CA CRL, for collateral supplied without
     * fresh CRLs.
     *
     * @return the PCK CRL's and the root CA CRL's bytes, in that order
     */
    public byte[][] crls(String ca) throws CollateralUnavailableException {
        return new byte[][] {fetchCrl(pckCrlUri(ca)).body(), fetchCrl(rootCrl).body()};
    }

    private FetchedCollateral fetchTcbInfo(byte[] fmspc) throws CollateralUnavailableException {
        return source.fetch(CollateralRequest.builder(tcbInfoUri(fmspc), CollateralKind.TCB_INFO)
                .freshness(JSON_FRESHNESS).build());
    }

    private FetchedCollateral fetchQeIdentity() throws CollateralUnavailableException {
        return source.fetch(CollateralRequest.builder(qeIdentityUri(), CollateralKind.TCB_INFO)
                .freshness(JSON_FRESHNESS).build());
    }

    private FetchedCollateral fetchCrl(URI uri) throws CollateralUnavailableException {
        return source.fetch(CollateralRequest.builder(uri, CollateralKind.CRL).freshness(CRL_FRESHNESS).build());
    }

    /** Assembles fetched documents; a null CRL is left out (revocation skipped). */
    private TdxCollateral assemble(byte[] fmspc, String ca, FetchedCollateral tcb, FetchedCollateral qe,
            FetchedCollateral pck, FetchedCollateral root) throws CollateralUnavailableException {
        byte[] tcbChain = chainHeader(tcb, "TCB-Info-Issuer-Chain");
        byte[] qeChain = chainHeader(qe, "SGX-Enclave-Identity-Issuer-Chain");
        // The issuer chains are compared too: reusing the last assembly for the same bodies but a changed
        // chain would verify a chain other than the one fetched.
        byte[][] bodies = {tcb.body(), qe.body(), pck == null ? null : pck.body(), root == null ? null : root.body(),
            tcbChain, qeChain};
        String key = HexFormat.of().formatHex(fmspc) + "/" + ca;
        Assembled old = assembled.get(key);
        if (old != null && Arrays.deepEquals(old.bodies, bodies)) {
            return old.collateral;
        }
        TdxCollateral.Builder b = TdxCollateral.builder()
                .tcbInfo(TcbInfo.fromPcsResponse(bodies[0]), tcbChain)
                .qeIdentity(QeIdentity.fromPcsResponse(bodies[1]), qeChain);
        if (bodies[2] != null) {
            b.pckCrl(bodies[2]);
        }
        if (bodies[3] != null) {
            b.rootCaCrl(bodies[3]);
        }
        TdxCollateral c = b.build();
        assembled.put(key, new Assembled(bodies, c));
        return c;
    }

    private static byte[] chainHeader(FetchedCollateral f, String name) throws CollateralUnavailableException {
        String v = f.header(name).orElseThrow(() -> new CollateralUnavailableException("response from "
                + f.location() + " lacks the " + name + " header", f.location(), false));
        try {
            return URLDecoder.decode(v, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new CollateralUnavailableException("the " + name + " header from " + f.location()
                    + " is not URL-encoded PEM", f.location(), false);
        }
    }

    private static final class Assembled {
        final byte[][] bodies;
        final TdxCollateral collateral;

        Assembled(byte[][] bodies, TdxCollateral collateral) {
            this.bodies = bodies;
            this.collateral = collateral;
        }
    }

    @Override
    public String toString() {
        return "IntelPcs[" + base + "]";
    }
}
