package io.tee4j.tdx.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The collateral that verifies TDX quotes of one platform family: TDX TCB info and TD QE identity
 * (each with the issuer chain that signs it), the PCK CRL of the issuing CA and the Intel SGX Root
 * CA CRL. The CRLs are optional here, and there may be several of each (from several files, a
 * directory, a bundle and a fetch): {@code TdxVerifier} decides over all of them with
 * {@link io.tee4j.core.crypto.CrlSet}, so their order never matters — a serial listed by any
 * authentic CRL is revoked, and the newest authentic CRL decides whether revocation data is
 * current. A verifier that requires revocation fails without them.
 *
 * <p>Built from PCS responses with the {@link Builder}, or read from a collateral bundle file in
 * the JSON shape of Intel's {@code sgx_ql_qve_collateral_t} as Phala's dcap-qvl writes it
 * ({@link #fromBundle(byte[])}). Everything is parsed here and verified by {@code TdxVerifier}:
 * holding a {@code TdxCollateral} means nothing about its authenticity.
 *
 * <p>{@link #fingerprint()} is a SHA-256 over every part's exact bytes (the CRLs in a canonical
 * order, duplicates once), used to key caches.
 *
 * @since 0.1
 */
public final class TdxCollateral {
    private final TcbInfo tcbInfo;
    private final List<X509Certificate> tcbInfoIssuerChain;
    private final QeIdentity qeIdentity;
    private final List<X509Certificate> qeIdentityIssuerChain;
    private final List<X509CRL> pckCrls;
    private final List<X509CRL> rootCaCrls;
    private final Builder parts;
    private final byte[] fingerprint;

    private TdxCollateral(Builder b, byte[] fingerprint) {
        this.tcbInfo = b.tcbInfo;
        this.tcbInfoIssuerChain = b.tcbChain;
        this.qeIdentity = b.qeIdentity;
        this.qeIdentityIssuerChain = b.qeChain;
        this.pckCrls = List.copyOf(b.pckCrls.values());
        this.rootCaCrls = List.copyOf(b.rootCrls.values());
        this.parts = b.copy();
        this.fingerprint = fingerprint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a collateral bundle: a JSON object with {@code tcb_info} (the signed JSON text),
     * {@code tcb_info_signature} (hex r||s), {@code tcb_info_issuer_chain} (PEM), {@code qe_identity},
     * {@code qe_identity_signature}, {@code qe_identity_issuer_chain}, and optionally
     * {@code pck_crl} and {@code root_ca_crl} (hex DER) and {@code pck_crl_issuer_chain} (PEM, not
     * needed: the PCK CRL is checked against the quote's own CA certificate).
     */
    public static TdxCollateral fromBundle(byte[] json) throws CollateralUnavailableException {
        return bundleParts(json).build();
    }

    /** The parts of a bundle, for callers that combine several sources. */
    static Builder bundleParts(byte[] json) throws CollateralUnavailableException {
        Objects.requireNonNull(json, "json");
        if (json.length > 4 * TcbInfo.MAX_BYTES) {
            throw bad("collateral bundle larger than " + 4 * TcbInfo.MAX_BYTES + " bytes");
        }
        try {
            Map<String, Object> m = Json.object(Json.parse(json), "$");
            Builder b = builder();
            byte[] tcbSig = hexAny(Json.string(m, "tcb_info_signature", "$"), "tcb_info_signature");
            b.tcbInfo(TcbInfo.of(Json.string(m, "tcb_info", "$").getBytes(StandardCharsets.UTF_8), tcbSig),
                    Json.string(m, "tcb_info_issuer_chain", "$").getBytes(StandardCharsets.US_ASCII));
            byte[] qeSig = hexAny(Json.string(m, "qe_identity_signature", "$"), "qe_identity_signature");
            b.qeIdentity(QeIdentity.of(Json.string(m, "qe_identity", "$").getBytes(StandardCharsets.UTF_8), qeSig),
                    Json.string(m, "qe_identity_issuer_chain", "$").getBytes(StandardCharsets.US_ASCII));
            if (m.containsKey("pck_crl")) {
                b.pckCrl(hexAny(Json.string(m, "pck_crl", "$"), "pck_crl"));
            }
            if (m.containsKey("root_ca_crl")) {
                b.rootCaCrl(hexAny(Json.string(m, "root_ca_crl", "$"), "root_ca_crl"));
            }
            return b;
        } catch (JsonException e) {
            throw bad("collateral bundle is malformed: " + e.getMessage());
        }
    }

    private static byte[] hexAny(String s, String what) throws CollateralUnavailableException {
        String h = s.startsWith("0x") ? s.substring(2) : s;
        byte[] b = Json.parseHex(h, h.length() / 2);
        if (b == null || h.length() % 2 != 0) {
            throw bad(what + " is not hex");
        }
        return b;
    }

    private static CollateralUnavailableException bad(String m) {
        return new CollateralUnavailableException(m, null, false);
    }

    public TcbInfo tcbInfo() {
        return tcbInfo;
    }

    /** The chain that signs the TCB info (TCB Signing certificate first). */
    public List<X509Certificate> tcbInfoIssuerChain() {
        return tcbInfoIssuerChain;
    }

    public QeIdentity qeIdentity() {
        return qeIdentity;
    }

    public List<X509Certificate> qeIdentityIssuerChain() {
        return qeIdentityIssuerChain;
    }

    /** The PCK CRLs (of the CA that issued the PCK), in a canonical order; empty when none was given. */
    public List<X509CRL> pckCrls() {
        return pckCrls;
    }

    /** The Intel SGX Root CA CRLs, in a canonical order; empty when none was given. */
    public List<X509CRL> rootCaCrls() {
        return rootCaCrls;
    }

    /**
     * This collateral with further CRLs (DER or PEM), e.g. ones fetched from Intel PCS beside the
     * ones a caller supplied; the CRLs already here stay.
     */
    public TdxCollateral withCrls(List<byte[]> morePckCrls, List<byte[]> moreRootCaCrls)
            throws CollateralUnavailableException {
        Builder b = parts.copy();
        for (byte[] c : morePckCrls) {
            b.pckCrl(c);
        }
        for (byte[] c : moreRootCaCrls) {
            b.rootCaCrl(c);
        }
        return b.build();
    }

    /** SHA-256 over the exact bytes of every part. */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    public byte[] fingerprintRef() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "TdxCollateral[" + tcbInfo + ", " + qeIdentity + ", " + pckCrls.size() + " PCK CRL(s), "
                + rootCaCrls.size() + " root CA CRL(s)]";
    }

    /** Builds {@link TdxCollateral}; TCB info and QE identity with their chains are required. */
    public static final class Builder {
        TcbInfo tcbInfoPart() {
            return tcbInfo;
        }

        byte[] tcbChainPart() {
            return tcbChainBytes;
        }

        QeIdentity qeIdentityPart() {
            return qeIdentity;
        }

        byte[] qeChainPart() {
            return qeChainBytes;
        }

        Collection<byte[]> pckCrlParts() {
            return pckCrls.keySet();
        }

        Collection<byte[]> rootCaCrlParts() {
            return rootCrls.keySet();
        }

        private TcbInfo tcbInfo;
        private List<X509Certificate> tcbChain;
        private byte[] tcbChainBytes;
        private QeIdentity qeIdentity;
        private List<X509Certificate> qeChain;
        private byte[] qeChainBytes;
        /** Keyed by the exact bytes, in their canonical (lexicographic) order: the same set in any order is one value. */
        private final TreeMap<byte[], X509CRL> pckCrls = new TreeMap<>(Arrays::compare);
        private final TreeMap<byte[], X509CRL> rootCrls = new TreeMap<>(Arrays::compare);

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.tcbInfo = tcbInfo;
            b.tcbChain = tcbChain;
            b.tcbChainBytes = tcbChainBytes;
            b.qeIdentity = qeIdentity;
            b.qeChain = qeChain;
            b.qeChainBytes = qeChainBytes;
            b.pckCrls.putAll(pckCrls);
            b.rootCrls.putAll(rootCrls);
            return b;
        }

        /** TCB info and its issuer chain (PEM or DER certificates, TCB Signing certificate first). */
        public Builder tcbInfo(TcbInfo info, byte[] issuerChain) throws CollateralUnavailableException {
            this.tcbInfo = Objects.requireNonNull(info, "info");
            this.tcbChainBytes = issuerChain.clone();
            this.tcbChain = chain(issuerChain, "TCB info issuer chain");
            return this;
        }

        public Builder qeIdentity(QeIdentity identity, byte[] issuerChain) throws CollateralUnavailableException {
            this.qeIdentity = Objects.requireNonNull(identity, "identity");
            this.qeChainBytes = issuerChain.clone();
            this.qeChain = chain(issuerChain, "QE identity issuer chain");
            return this;
        }

        /** Adds a PCK CRL (DER or PEM); every one given is checked, whatever the order. */
        public Builder pckCrl(byte[] crl) throws CollateralUnavailableException {
            byte[] copy = crl.clone();
            pckCrls.put(copy, crl(copy, "PCK CRL"));
            return this;
        }

        /** Adds an Intel SGX Root CA CRL (DER or PEM); every one given is checked, whatever the order. */
        public Builder rootCaCrl(byte[] crl) throws CollateralUnavailableException {
            byte[] copy = crl.clone();
            rootCrls.put(copy, crl(copy, "root CA CRL"));
            return this;
        }

        private static List<X509Certificate> chain(byte[] bytes, String what) throws CollateralUnavailableException {
            try {
                List<X509Certificate> c = Certificates.parseAll(bytes);
                if (c.isEmpty()) {
                    throw bad(what + " holds no certificate");
                }
                return List.copyOf(c);
            } catch (CertificateException | IllegalArgumentException e) {
                throw bad(what + " does not parse: " + e.getMessage());
            }
        }

        private static X509CRL crl(byte[] bytes, String what) throws CollateralUnavailableException {
            try {
                return Certificates.parseCrl(bytes);
            } catch (CRLException | IllegalArgumentException e) {
                throw bad(what + " does not parse: " + e.getMessage());
            }
        }

        public TdxCollateral build() {
            if (tcbInfo == null || qeIdentity == null) {
                throw new IllegalStateException("TDX collateral needs TCB info and QE identity");
            }
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            List<byte[]> partList = new ArrayList<>(List.of(tcbInfo.signedBytesRef(), tcbInfo.signature(),
                    tcbChainBytes, qeIdentity.signedBytesRef(), qeIdentity.signature(), qeChainBytes));
            for (Map<byte[], X509CRL> crls : List.of(pckCrls, rootCrls)) {
                partList.add(new byte[0]); // separates the two CRL lists
                partList.addAll(crls.keySet());
            }
            for (byte[] part : partList) {
                md.update(new byte[] {(byte) (part.length >>> 24), (byte) (part.length >>> 16),
                    (byte) (part.length >>> 8), (byte) part.length});
                md.update(part);
            }
            return new TdxCollateral(this, md.digest());
        }
    }
}
