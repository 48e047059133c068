package io.tee4j.snp.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.collateral.CollateralKind;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.collateral.FreshnessReader;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbVersion;
import java.net.URI;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches SNP collateral from AMD's KDS through a {@link CollateralSource} (which brings the
 * timeouts, size caps, retries, 404-is-terminal rule and caching). VCEKs and certificate chains
 * are requested as {@link CollateralKind#CERTIFICATE} (immutable: a cache keeps a VCEK forever,
 * keyed by its URL, i.e. by product, chip id and TCB); CRLs as {@link CollateralKind#CRL} with a
 * freshness reader so a cache never serves one past its {@code nextUpdate}.
 *
 * <p>Nothing fetched is trusted: {@code SnpVerifier} checks every certificate's chain and the CRL's
 * signature. VLEKs cannot be fetched (KDS serves them only to the cloud provider).
 *
 * @since 0.1
 */
public final class KdsClient {
    private static final Logger LOG = LoggerFactory.getLogger(KdsClient.class);
    private static final int MAX_CERT_BYTES = 64 * 1024;
    private static final int MAX_CRL_BYTES = 1 << 20;

    private final CollateralSource source;
    private final KdsUrls urls;

    private KdsClient(CollateralSource source, KdsUrls urls) {
        this.source = source;
        this.urls = urls;
    }

    /** A client for AMD's KDS. */
    public static KdsClient of(CollateralSource source) {
        return new KdsClient(Objects.requireNonNull(source, "source"), KdsUrls.amd());
    }

    /** A client for another KDS base URL (a mirror, a simulator). */
    public static KdsClient of(CollateralSource source, KdsUrls urls) {
        return new KdsClient(Objects.requireNonNull(source, "source"), Objects.requireNonNull(urls, "urls"));
    }

    public KdsUrls urls() {
        return urls;
    }

    /** Fetches the VCEK of a chip at a reported TCB. */
    public X509Certificate vcek(ProductLine product, byte[] chipId, TcbVersion reportedTcb)
            throws CollateralUnavailableException {
        URI uri;
        try {
            uri = urls.vcek(product, chipId, reportedTcb);
        } catch (IllegalArgumentException e) {
            throw new CollateralUnavailableException("cannot address a VCEK at KDS: " + e.getMessage(), null, false);
        }
        FetchedCollateral f = source.fetch(CollateralRequest.builder(uri, CollateralKind.CERTIFICATE)
                .maxBytes(MAX_CERT_BYTES).build());
        LOG.debug("VCEK {} from {}", f.fromCache() ? "cache hit" : "fetched", uri);
        try {
            return Certificates.parseOne(f.body());
        } catch (CertificateException e) {
            throw new CollateralUnavailableException("KDS answer for " + uri + " is not a certificate: " + e.getMessage(),
                    uri.toString(), false, e);
        }
    }

    /** Fetches the ASK/ASVK and ARK of a product line (in that order, as KDS serves them). */
    public List<X509Certificate> certChain(ProductLine product, SigningKey key) throws CollateralUnavailableException {
        URI uri = urls.certChain(product, key);
        FetchedCollateral f = source.fetch(CollateralRequest.builder(uri, CollateralKind.CERTIFICATE)
                .maxBytes(MAX_CERT_BYTES).build());
        try {
            List<X509Certificate> certs = Certificates.parseAll(f.body());
            if (certs.size() != 2) {
                throw new CollateralUnavailableException("KDS cert_chain " + uri + " has " + certs.size()
                        + " certificates, expected 2", uri.toString(), false);
            }
            return certs;
        } catch (CertificateException e) {
            throw new CollateralUnavailableException("KDS answer for " + uri + " is not a certificate chain: "
                    + e.getMessage(), uri.toString(), false, e);
        }
    }

    /** Fetches the CRL of a product line's ARK for the given key kind. */
    public X509CRL crl(ProductLine product, SigningKey key) throws CollateralUnavailableException {
        URI uri = urls.crl(product, key);
        FreshnessReader fresh = (body, headers) -> {
            X509CRL c = parseCrl(uri, body);
            return Optional.ofNullable(c.getNextUpdate()).map(Date::toInstant);
        };
        FetchedCollateral f = source.fetch(CollateralRequest.builder(uri, CollateralKind.CRL)
                .maxBytes(MAX_CRL_BYTES).freshness(fresh).build());
        LOG.debug("CRL {} from {}", f.fromCache() ? "cache hit" : "fetched", uri);
        return parseCrl(uri, f.body());
    }

    private static X509CRL parseCrl(URI uri, byte[] body) throws CollateralUnavailableException {
        try {
            return Certificates.parseCrl(body);
        } catch (CRLException e) {
            throw new CollateralUnavailableException("KDS answer for " + uri + " is not a CRL: " + e.getMessage(),
                    uri.toString(), false, e);
        }
    }

    @Override
    public String toString() {
        return "KdsClient[" + urls + "]";
    }
}
