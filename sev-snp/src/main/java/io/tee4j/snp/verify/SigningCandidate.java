package io.tee4j.snp.verify;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.snp.abi.AmdKdsExtensions;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbVersion;
import io.tee4j.snp.verify.AmdCertShape;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * A certificate that could be a report's signing certificate, read without any signature check:
 * its kind (VCEK or VLEK by CN), the product line its issuer names ({@code SEV-<Product>} or
 * {@code SEV-VLEK-<Product>}), AMD's certificate shape and its KDS extensions (HWID or CSP id, TCB
 * in the product's layout). Reading is cheap; it lets {@link SnpVerifier} select the candidates a
 * {@link SignerSelector} names before it spends a signature verification. The EC P-384 key is
 * checked (a valid point) by {@link #verifier()}, once the chain has held.
 */
final class SigningCandidate {
    final X509Certificate cert;
    final byte[] der;
    final SigningKey kind;
    final ProductLine product;
    final String issuerCn;
    final AmdKdsExtensions extensions;
    final TcbVersion tcb;
    final byte[] hwid;

    private SigningCandidate(X509Certificate cert, byte[] der, SigningKey kind, ProductLine product, String issuerCn,
            AmdKdsExtensions extensions, TcbVersion tcb) {
        this.cert = cert;
        this.der = der;
        this.kind = kind;
        this.product = product;
        this.issuerCn = issuerCn;
        this.extensions = extensions;
        this.tcb = tcb;
        this.hwid = extensions.hwid().orElse(new byte[0]);
    }

    /** Whether the certificate's CN says it is a signing certificate of this kind. */
    static boolean namedAs(X509Certificate c, SigningKey kind) {
        return SnpTrustAnchors.commonName(c.getSubjectX500Principal()).orElse("").equals(kind.certificateCommonName());
    }

    /**
     * Reads a certificate named as a {@code kind} signing certificate.
     *
     * @throws VerificationFailedException (reason CERTIFICATE_CHAIN) when it is not shaped like one
     */
    static SigningCandidate read(X509Certificate leaf, SigningKey kind) throws VerificationFailedException {
        String issuerCn = SnpTrustAnchors.commonName(leaf.getIssuerX500Principal()).orElse("");
        String prefix = kind == SigningKey.VLEK ? "SEV-VLEK-" : "SEV-";
        if (!issuerCn.startsWith(prefix)) {
            throw AmdCertShape.fail(kind + " issuer CN is '" + issuerCn + "', expected " + prefix + "<Product>");
        }
        ProductLine product = ProductLine.fromName(issuerCn.substring(prefix.length()))
                .filter(p -> issuerCn.equals(prefix + p.kdsName()))
                .orElseThrow(() -> AmdCertShape.fail(kind + " issuer '" + issuerCn + "' names no known product line"));
        AmdCertShape.check(leaf, kind.name(), kind.certificateCommonName(), issuerCn);
        if (leaf.getBasicConstraints() >= 0) {
            throw AmdCertShape.fail("a " + kind + " certificate must not be a CA");
        }
        AmdKdsExtensions ext = AmdKdsExtensions.parse(leaf);
        if (ext.productName().isPresent() && ProductLine.fromName(ext.productName().get()).orElse(null) != product) {
            throw AmdCertShape.fail(kind + " product name '" + ext.productName().get() + "' does not match its issuer "
                    + issuerCn);
        }
        if (kind == SigningKey.VCEK && (ext.hwid().isEmpty() || ext.cspId().isPresent())) {
            throw AmdCertShape.fail("a VCEK must carry a HWID extension and no CSP id");
        }
        if (kind == SigningKey.VLEK && (ext.cspId().isEmpty() || ext.hwid().isPresent())) {
            throw AmdCertShape.fail("a VLEK must carry a CSP id extension and no HWID");
        }
        if (kind == SigningKey.VCEK && ext.hwid().get().length != (product == ProductLine.TURIN ? 8 : 64)) {
            throw AmdCertShape.fail("a " + product.kdsName() + " VCEK HWID has " + ext.hwid().get().length + " bytes");
        }
        TcbVersion tcb = ext.tcb(product.tcbLayout());
        byte[] der;
        try {
            der = leaf.getEncoded();
        } catch (CertificateEncodingException e) {
            throw AmdCertShape.fail(kind + " certificate does not encode");
        }
        return new SigningCandidate(leaf, der, kind, product, issuerCn, ext, tcb);
    }

    /**
     * The ECDSA verifier of the certificate's key, which must be a valid point of P-384 (its key
     * precomputation is kept with the verified certificate).
     */
    EcdsaVerifier verifier() throws VerificationFailedException {
        EcdsaVerifier verifier;
        try {
            // Kept with the verified leaf: comb tables from the VCEK's second report on.
            verifier = EcdsaVerifier.fromPublicKey(cert.getPublicKey()).keep();
        } catch (InvalidKeyException e) {
            throw AmdCertShape.fail(kind + " key: " + e.getMessage());
        }
        if (verifier.curve() != EcCurve.P384) {
            throw AmdCertShape.fail(kind + " key is on " + verifier.curve().curveName() + ", expected secp384r1");
        }
        return verifier;
    }

    /** Whether this is the certificate the report names (kind, HWID, TCB). */
    boolean isNamedBy(SignerSelector selector) {
        return selector.matches(kind, hwid, tcb);
    }
}
