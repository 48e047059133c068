package io.tee4j.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;

/**
 * Issues one simulated X.509 v2 CRL: issuer, thisUpdate, an optional nextUpdate and the revoked
 * serial numbers, signed with the algorithm the caller names.
 *
 * <p>Nothing is checked: a CRL without nextUpdate, or one whose thisUpdate is in the future, is
 * issued as asked, so that tests can show how a verifier treats it.
 */
public final class SimulatedCrl {
    private final X509v2CRLBuilder builder;

    private SimulatedCrl(X500Name issuer, Instant thisUpdate) {
        this.builder = new X509v2CRLBuilder(issuer, Date.from(thisUpdate));
    }

    /** A CRL of {@code issuer} current from {@code thisUpdate}. */
    public static SimulatedCrl issuedBy(X500Principal issuer, Instant thisUpdate) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        return new SimulatedCrl(X500Name.getInstance(issuer.getEncoded()), thisUpdate);
    }

    /** Sets nextUpdate; {@code null} leaves it out. */
    public SimulatedCrl nextUpdate(Instant nextUpdate) {
        if (nextUpdate != null) {
            builder.setNextUpdate(Date.from(nextUpdate));
        }
        return this;
    }

    /** Lists {@code serial} as revoked at {@code when} with an RFC 5280 reason code ({@code CRLReason}). */
    public SimulatedCrl revoke(BigInteger serial, Instant when, int reason) {
        builder.addCRLEntry(Objects.requireNonNull(serial, "serial"), Date.from(when), reason);
        return this;
    }

    /**
     * Signs the CRL with {@code issuerKey} under {@code algorithm} (a JCA name).
     *
     * @throws GeneralSecurityException if the key cannot sign with that algorithm
     */
    public X509CRL sign(PrivateKey issuerKey, String algorithm) throws GeneralSecurityException {
        return new JcaX509CRLConverter().getCRL(builder.build(Signers.signer(algorithm, issuerKey, null)));
    }
}
