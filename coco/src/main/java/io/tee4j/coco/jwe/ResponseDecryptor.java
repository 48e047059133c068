package io.tee4j.coco.jwe;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.VerificationFailedException;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Set;

/**
 * Decrypts a KBS resource response with the session's {@link TeeKeyPair}.
 *
 * <p>Checked, in order: the header's {@code alg} is exactly the one the key advertised (a response
 * may not pick RSA1_5 for an OAEP key) and {@code enc} is {@code A256GCM}; the header carries no
 * {@code zip} (a compressed response could expand without bound) and no {@code crit}; the ephemeral
 * key is on the TEE key's curve (checked before ECDH, the invalid-curve defence); the AES key-wrap
 * integrity value; the GCM tag over the ciphertext with the received protected string as AAD.
 * Not checked: who encrypted it (see the package description).
 */
public final class ResponseDecryptor {
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "enc", "epk");

    private ResponseDecryptor() {
    }

    /** Decrypts {@code response}; the plaintext is returned as a secret. */
    public static SecretBytes decrypt(EncryptedResponse response, TeeKeyPair key)
            throws MalformedEvidenceException, VerificationFailedException {
        JWEObject jwe = parse(response);
        checkHeader(jwe.getHeader(), key);
        try {
            jwe.decrypt(decrypter(key));
        } catch (JOSEException e) {
            throw new VerificationFailedException(VerificationFailedException.Reason.SIGNATURE,
                    "KBS response does not decrypt with the TEE key: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Nimbus signals some malformed inputs (wrong-length parts) with unchecked exceptions.
            throw new MalformedEvidenceException("KBS response could not be decrypted: " + e, e);
        }
        byte[] plain = jwe.getPayload().toBytes();
        try {
            return SecretBytes.copyOf(plain, SecretAccess.INSECURE);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Parses a body and decrypts it. */
    public static SecretBytes decrypt(byte[] body, TeeKeyPair key)
            throws MalformedEvidenceException, VerificationFailedException {
        return decrypt(EncryptedResponse.parse(body), key);
    }

    private static JWEObject parse(EncryptedResponse response) throws MalformedEvidenceException,
            VerificationFailedException {
        try {
            return JWEObject.parse(response.compact());
        } catch (ParseException e) {
            if (String.valueOf(e.getMessage()).contains("curve")) {
                throw new VerificationFailedException(VerificationFailedException.Reason.SIGNATURE,
                        "KBS response's ephemeral key is not on its curve: " + e.getMessage(), e);
            }
            throw new MalformedEvidenceException("KBS response header is not a JWE header: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MalformedEvidenceException("KBS response header is not a JWE header: " + e, e);
        }
    }

    private static void checkHeader(JWEHeader header, TeeKeyPair key) throws VerificationFailedException,
            MalformedEvidenceException {
        for (String name : header.getIncludedParams()) {
            if (!HEADER_MEMBERS.contains(name)) {
                throw new MalformedEvidenceException("KBS response header has '" + name + "', which trustee never sends");
            }
        }
        String alg = header.getAlgorithm().getName();
        if (!alg.equals(key.algorithm().jweAlg())) {
            throw new VerificationFailedException(VerificationFailedException.Reason.BINDING,
                    "KBS response uses alg " + alg + " but the TEE key advertised " + key.algorithm().jweAlg());
        }
        if (!EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
            throw new VerificationFailedException(VerificationFailedException.Reason.BINDING,
                    "KBS response uses enc " + header.getEncryptionMethod() + ", not A256GCM");
        }
        if (key.algorithm().isEc() != (header.getEphemeralPublicKey() != null)) {
            throw new MalformedEvidenceException("KBS response header's epk does not fit alg " + alg);
        }
    }

    private static JWEDecrypter decrypter(TeeKeyPair key) throws JOSEException {
        if (key.algorithm().isEc()) {
            return new ECDHDecrypter((ECPrivateKey) key.privateKey());
        }
        return new RSADecrypter(key.privateKey());
    }
}
