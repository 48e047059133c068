package io.tee4j.tdx.verify;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.tdx.abi.CertificateNames;
import io.tee4j.tdx.abi.PckExtensions;
import io.tee4j.tdx.abi.QeReport;
import io.tee4j.tdx.abi.TdxQuote;
import io.tee4j.tdx.verify.PlatformEntry;
import io.tee4j.tdx.verify.PlatformKey;
import io.tee4j.tdx.verify.ValidityWindow;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification steps on the quote's own certification data, the same for every quote of one
 * platform: the PCK chain (leaf "Intel SGX PCK Certificate" under the Platform or Processor CA)
 * validates to the anchors; the QE report is signed by the PCK key; the QE report data is
 * SHA-256(attestation key ‖ QE authentication data) followed by 32 zero bytes. The result is cached
 * per exact certification bytes while every certificate is valid. The quote signature itself is
 * checked for every quote ({@link #checkQuoteSignature}). Collateral is not looked at here.
 */
final class PlatformCheck {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformCheck.class);

    private final CertificateChainValidator validator;
    private final BoundedCache<PlatformKey, PlatformEntry> cache;
    private final BoundedCache<ByteBuffer, EcdsaVerifier> attestationKeys;

    PlatformCheck(CertificateChainValidator validator, int cacheSize) {
        this.validator = validator;
        this.cache = new BoundedCache<>(cacheSize);
        this.attestationKeys = new BoundedCache<>(cacheSize);
    }

    /** The platform entry for the quote at {@code at}, from the cache when it covers {@code at}. */
    PlatformEntry platform(TdxQuote quote, Instant at) throws VerificationFailedException,
            MalformedEvidenceException {
        byte[] raw = quote.rawRef();
        int off = quote.sigDataOffset() + 64;
        PlatformKey probe = new PlatformKey(raw, off, quote.endOffset() - off, quote.qeReportOffset() + QeReport.SIZE);
        PlatformEntry e = cache.get(probe);
        if (e != null && e.covers(at)) {
            return e;
        }
        e = build(quote, at);
        if (e.covers(at)) {
            cache.put(probe.copy(), e);
        }
        return e;
    }

    /** The quote's ECDSA signature over header and body, by the attestation key. */
    static void checkQuoteSignature(TdxQuote quote, PlatformEntry entry) throws VerificationFailedException {
        byte[] raw = quote.rawRef();
        byte[] sig = Arrays.copyOfRange(raw, quote.sigDataOffset(), quote.sigDataOffset() + 64);
        if (!entry.attestationKey.verifyP1363(raw, 0, quote.signedLength(), sig)) {
            throw new VerificationFailedException(Reason.SIGNATURE,
                    "quote signature does not verify with the attestation key");
        }
    }

    private PlatformEntry build(TdxQuote quote, Instant at) throws VerificationFailedException,
            MalformedEvidenceException {
        List<X509Certificate> chain = validatedPckChain(quote, at);
        X509Certificate leaf = chain.get(0);
        String caType = caType(chain.get(1));
        if (!"Intel SGX PCK Certificate".equals(CertificateNames.commonName(leaf.getSubjectX500Principal()))) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK leaf subject is "
                    + leaf.getSubjectX500Principal().getName() + ", not an Intel SGX PCK Certificate");
        }
        EcdsaVerifier pckKey = keyOf(leaf);
        if (pckKey.curve() != EcCurve.P256) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK key is not P-256");
        }
        checkQeReport(quote, pckKey);
        // Only now, with the QE report (signed by the PCK) vouching for it, may the attestation key enter
        // the bounded key cache: made-up keys beside a public PCK chain must not evict the genuine ones.
        EcdsaVerifier ak = attestationKey(quote);
        PckExtensions pck = PckExtensions.of(leaf);
        ValidityWindow w = new ValidityWindow(Instant.MIN, Instant.MAX);
        for (X509Certificate c : chain) {
            w.narrow(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
        }
        LOG.debug("TDX platform verified: FMSPC {}, {} CA", HexFormat.of().formatHex(pck.fmspc()), caType);
        return new PlatformEntry(chain, caType, pck, ak, w.from, w.until);
    }

    private List<X509Certificate> validatedPckChain(TdxQuote quote, Instant at) throws VerificationFailedException,
            MalformedEvidenceException {
        List<X509Certificate> given = quote.pckChain();
        if (given.size() != 3) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK chain in the quote must be leaf, "
                    + "PCK CA and root; it has " + given.size() + " certificates");
        }
        List<X509Certificate> chain = validator.validate(given, at);
        if (chain.size() != 3) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK chain must be leaf, PCK CA and root; "
                    + "it has " + chain.size() + " certificates");
        }
        return chain;
    }

    /** "platform" or "processor", after the PCK CA's common name (it selects the PCK CRL). */
    private static String caType(X509Certificate ca) throws VerificationFailedException {
        String caCn = CertificateNames.commonName(ca.getSubjectX500Principal());
        if ("Intel SGX PCK Platform CA".equals(caCn)) {
            return "platform";
        }
        if ("Intel SGX PCK Processor CA".equals(caCn)) {
            return "processor";
        }
        throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "PCK issuer '" + caCn
                + "' is neither the Intel SGX PCK Platform CA nor the Processor CA");
    }

    private static EcdsaVerifier keyOf(X509Certificate leaf) throws VerificationFailedException {
        try {
            return EcdsaVerifier.fromPublicKey(leaf.getPublicKey());
        } catch (InvalidKeyException e) {
            throw new VerificationFailedException(Reason.SIGNATURE, "bad key: " + e.getMessage(), e);
        }
    }

    /**
     * One verifier object per attestation key, so its precomputation is shared by every platform
     * entry (QE report signature) that uses the key.
     */
    private EcdsaVerifier attestationKey(TdxQuote quote) throws VerificationFailedException {
        byte[] point = attestationKeyPoint(quote);
        ByteBuffer akKey = ByteBuffer.wrap(point);
        EcdsaVerifier ak = attestationKeys.get(akKey);
        if (ak == null) {
            try {
                ak = EcdsaVerifier.fromUncompressedPoint(EcCurve.P256, point).keep();
            } catch (InvalidKeyException e) {
                throw new VerificationFailedException(Reason.SIGNATURE, "bad key: " + e.getMessage(), e);
            }
            attestationKeys.put(akKey, ak);
        }
        return ak;
    }

    /** The quote's attestation key as an uncompressed SEC1 point (the key of the bounded key cache). */
    private static byte[] attestationKeyPoint(TdxQuote quote) {
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(quote.rawRef(), quote.sigDataOffset() + 64, point, 1, 64);
        return point;
    }

    /** Whether the bounded key cache holds the attestation key of {@code quote} (for tests of what may enter it). */
    boolean keepsAttestationKeyOf(TdxQuote quote) {
        return attestationKeys.get(ByteBuffer.wrap(attestationKeyPoint(quote))) != null;
    }

    /** The QE report is signed by the PCK key and binds the attestation key and the QE auth data. */
    private static void checkQeReport(TdxQuote quote, EcdsaVerifier pckKey) throws VerificationFailedException {
        QeReport qe = quote.qeReport();
        if (!pckKey.verifyP1363(qe.rawRef(), quote.qeReportSignature())) {
            throw new VerificationFailedException(Reason.SIGNATURE, "QE report signature does not verify with the "
                    + "PCK certificate's key");
        }
        MessageDigest sha = sha256();
        sha.update(quote.rawRef(), quote.sigDataOffset() + 64, 64);
        sha.update(quote.rawRef(), quote.authDataOffset(), quote.authDataLength());
        byte[] expected = Arrays.copyOf(sha.digest(), 64);
        if (!MessageDigest.isEqual(expected, qe.reportData())) {
            throw new VerificationFailedException(Reason.BINDING, "QE report data is not SHA-256(attestation key || "
                    + "QE authentication data) followed by zeros");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
