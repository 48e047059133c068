package io.tee4j.measure.snp;

import io.tee4j.measure.MeasurementInputException;
import io.tee4j.measure.internal.Digests;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA P-384 private key used to sign an SNP ID block (the ID key) or the ID key (the author
 * key), read from an unencrypted PEM or DER file in PKCS#8 ({@code BEGIN PRIVATE KEY}) or SEC1
 * ({@code BEGIN EC PRIVATE KEY}) form — what {@code openssl ecparam -genkey} and
 * {@code openssl genpkey} write.
 *
 * <p>Signatures are deterministic (RFC 6979 nonces, SHA-384), so signing the same ID block with the
 * same key twice gives the same bytes: a build can reproduce its ID_AUTH_INFO. Uses Bouncy Castle's
 * lightweight API; no JCA provider is registered. The private scalar never leaves this object and
 * {@link #toString()} does not show it. Encrypted keys and keys on other curves are refused with a
 * {@link MeasurementInputException}.
 *
 * @since 0.1
 */
public final class IdKey {
    private static final ECDomainParameters P384 = domain();
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ((?:EC )?PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final BigInteger d;
    private final byte[] publicKey;

    private IdKey(BigInteger d) {
        this.d = d;
        ECPoint q = P384.getG().multiply(d).normalize();
        this.publicKey = SevEcdsaPublicKey.encode(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    }

    /** Reads a key file's content: PEM (PKCS#8 or SEC1; other PEM blocks such as EC PARAMETERS are skipped) or DER. */
    public static IdKey read(byte[] file) throws MeasurementInputException {
        Objects.requireNonNull(file, "file");
        String text = new String(file, StandardCharsets.US_ASCII);
        if (text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new MeasurementInputException("encrypted private keys are not supported; decrypt it first");
        }
        Matcher m = PEM.matcher(text);
        if (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            return m.group(1).startsWith("EC") ? fromSec1(der) : fromPkcs8(der);
        }
        try {
            return fromPkcs8(file);
        } catch (MeasurementInputException notPkcs8) {
            return fromSec1(file);
        }
    }

    private static IdKey fromPkcs8(byte[] der) throws MeasurementInputException {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                throw new MeasurementInputException("the PKCS#8 key is not an EC key");
            }
            requireP384(info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive());
            return fromScalar(ECPrivateKey.getInstance(info.parsePrivateKey()).getKey());
        } catch (IOException | RuntimeException e) {
            throw new MeasurementInputException("not a PKCS#8 EC private key: " + e.getMessage(), e);
        }
    }

    private static IdKey fromSec1(byte[] der) throws MeasurementInputException {
        try {
            ECPrivateKey key = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
            if (key.getParametersObject() != null) {
                requireP384(key.getParametersObject().toASN1Primitive());
            }
            return fromScalar(key.getKey());
        } catch (IOException | RuntimeException e) {
            throw new MeasurementInputException("not a SEC1 or PKCS#8 EC private key: " + e.getMessage(), e);
        }
    }

    private static void requireP384(ASN1Primitive parameters) throws MeasurementInputException {
        if (!(parameters instanceof ASN1ObjectIdentifier) || !SECObjectIdentifiers.secp384r1.equals(parameters)) {
            throw new MeasurementInputException("SNP ID and author keys must be ECDSA P-384 (secp384r1) keys");
        }
    }

    private static IdKey fromScalar(BigInteger d) throws MeasurementInputException {
        if (d.signum() <= 0 || d.compareTo(P384.getN()) >= 0) {
            throw new MeasurementInputException("the private scalar is not in [1, n-1] of P-384");
        }
        return new IdKey(d);
    }

    /** The public key as the 1028-byte SEV ECDSA public-key structure. */
    public byte[] publicKeyStructure() {
        return publicKey.clone();
    }

    /** SHA-384 of {@link #publicKeyStructure()}: the digest a report carries and a verifier pins. */
    public byte[] digest() {
        return Digests.sha384(publicKey);
    }

    /** An SEV ECDSA signature (512 bytes) over {@code message}: ECDSA P-384 with SHA-384. */
    public byte[] sign(byte[] message) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, P384));
        BigInteger[] rs = signer.generateSignature(Digests.sha384(message));
        return SevEcdsaSignature.encode(rs[0], rs[1]);
    }

    private static ECDomainParameters domain() {
        var p = CustomNamedCurves.getByName("secp384r1");
        return new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH(), p.getSeed());
    }

    @Override
    public String toString() {
        return "IdKey[P-384, public key digest " + java.util.HexFormat.of().formatHex(digest()) + "]";
    }
}
