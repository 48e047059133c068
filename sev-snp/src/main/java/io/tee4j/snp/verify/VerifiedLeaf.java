package io.tee4j.snp.verify;

import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.snp.abi.AmdKdsExtensions;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbVersion;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What the verifier keeps per signing certificate once its chain has validated: the chain, the
 * certificate's KDS extensions and TCB, and an ECDSA verifier whose key precomputation is reused.
 */
final class VerifiedLeaf {
    final SigningKey kind;
    final ProductLine product;
    final List<X509Certificate> chain;
    final AmdKdsExtensions extensions;
    final TcbVersion certTcb;
    final EcdsaVerifier verifier;
    final byte[] hwid;
    final Instant validFrom;
    final Instant validUntil;

    VerifiedLeaf(SigningKey kind, ProductLine product, List<X509Certificate> chain, AmdKdsExtensions extensions,
            TcbVersion certTcb, EcdsaVerifier verifier, byte[] hwid, Instant validFrom, Instant validUntil) {
        this.kind = kind;
        this.product = product;
        this.chain = chain;
        this.extensions = extensions;
        this.certTcb = certTcb;
        this.verifier = verifier;
        this.hwid = hwid;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
    }

    /** Certificate validity is inclusive of notAfter (RFC 5280), as {@code checkValidity} is. */
    boolean validAt(Instant now) {
        return !now.isBefore(validFrom) && !now.isAfter(validUntil);
    }
}
