package io.tee4j.se.simulator;

import io.tee4j.testing.SimulatedCertificate;
import io.tee4j.testing.SimulatedCrl;
import io.tee4j.testing.SimulatedKeys;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A simulated IBM host-key PKI: root CA → intermediate CA → "IBM Z Host Key Signing Service" key
 * (the subject s390-tools looks for) → one host-key document with a P-521 host key, plus a current
 * CRL of each issuer. The host's private key is kept so that {@link UltravisorSimulator} can open
 * requests addressed to the HKD. For tests and demos only.
 */
public final class SimulatedIbmPki {
    /** Subject of the simulated signing key, in IBM's shape. */
    public static final X500Principal SIGNING_KEY_SUBJECT = new X500Principal("OU=IBM Z Host Key Signing Service,L=Poughkeepsie,"
            + "ST=New York,CN=International Business Machines Corporation,O=International Business Machines Corporation,C=US");
    private static final String RSA_SHA512 = "SHA512withRSA";

    private final X509Certificate root;
    private final X509Certificate intermediate;
    private final X509Certificate signingKey;
    private final X509Certificate hkd;
    private final KeyPair hostKey;
    private final List<X509CRL> crls;

    private SimulatedIbmPki(X509Certificate root, X509Certificate intermediate, X509Certificate signingKey,
            X509Certificate hkd, KeyPair hostKey, List<X509CRL> crls) {
        this.root = root;
        this.intermediate = intermediate;
        this.signingKey = signingKey;
        this.hkd = hkd;
        this.hostKey = hostKey;
        this.crls = List.copyOf(crls);
    }

    /** Mints the PKI, valid from a day before {@code now} for ten years; CRLs current for 30 days. */
    public static SimulatedIbmPki create(Instant now, SecureRandom random) throws GeneralSecurityException {
        Instant from = now.minus(Duration.ofDays(1));
        Instant to = now.plus(Duration.ofDays(3650));
        KeyPair rootKey = SimulatedKeys.rsa(2048, random);
        KeyPair interKey = SimulatedKeys.rsa(2048, random);
        KeyPair signKey = SimulatedKeys.rsa(2048, random);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp521r1"), random);
        KeyPair host = ec.generateKeyPair();
        X500Principal rootName = new X500Principal("CN=Simulated IBM Z Root CA,O=tee4j simulation,C=US");
        X500Principal interName = new X500Principal("CN=Simulated IBM Z Intermediate CA,O=tee4j simulation,C=US");
        X509Certificate root = SimulatedCertificate.builder(rootName, rootKey.getPublic()).issuer(rootName).serial(BigInteger.ONE)
                .validity(from, to).ca(true).sign(rootKey.getPrivate(), RSA_SHA512);
        X509Certificate inter = SimulatedCertificate.builder(interName, interKey.getPublic()).issuer(rootName)
                .serial(BigInteger.TWO).validity(from, to).ca(true).sign(rootKey.getPrivate(), RSA_SHA512);
        X509Certificate sign = SimulatedCertificate.builder(SIGNING_KEY_SUBJECT, signKey.getPublic()).issuer(interName)
                .serial(BigInteger.valueOf(3)).validity(from, to).sign(interKey.getPrivate(), RSA_SHA512);
        X509Certificate hkd = SimulatedCertificate.builder(new X500Principal("CN=Simulated IBM Z Host Key,O=tee4j simulation,C=US"),
                host.getPublic()).issuer(SIGNING_KEY_SUBJECT).serial(BigInteger.valueOf(4)).validity(from, to)
                .sign(signKey.getPrivate(), RSA_SHA512);
        Instant next = now.plus(Duration.ofDays(30));
        List<X509CRL> crls = List.of(
                SimulatedCrl.issuedBy(rootName, from).nextUpdate(next).sign(rootKey.getPrivate(), RSA_SHA512),
                SimulatedCrl.issuedBy(interName, from).nextUpdate(next).sign(interKey.getPrivate(), RSA_SHA512),
                SimulatedCrl.issuedBy(SIGNING_KEY_SUBJECT, from).nextUpdate(next).sign(signKey.getPrivate(), RSA_SHA512));
        return new SimulatedIbmPki(root, inter, sign, hkd, host, crls);
    }

    /** The root to trust. */
    public X509Certificate root() {
        return root;
    }

    /** The signing key and the intermediate, as given beside HKDs. */
    public List<X509Certificate> certificates() {
        return List.of(signingKey, intermediate);
    }

    /** The host-key document. */
    public X509Certificate hkd() {
        return hkd;
    }

    /** The host key pair behind {@link #hkd()}; the simulated Ultravisor holds the private key. */
    public KeyPair hostKey() {
        return hostKey;
    }

    /** A current CRL of each issuer. */
    public List<X509CRL> crls() {
        return crls;
    }
}
