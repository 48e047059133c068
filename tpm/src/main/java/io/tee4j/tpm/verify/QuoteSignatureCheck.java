package io.tee4j.tpm.verify;

import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.core.crypto.RsaPssVerifier;
import io.tee4j.tpm.abi.SignatureScheme;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.abi.TpmtSignature;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;

/**
 * Step 1 of {@link QuoteVerifier}: the TPMT_SIGNATURE over the TPMS_ATTEST bytes as received,
 * with the attestation key. The signature's scheme must fit the key, and the key's own scheme
 * when its TPMT_PUBLIC fixes one; SHA-1 is refused as a signing hash.
 */
final class QuoteSignatureCheck {
    private QuoteSignatureCheck() {
    }

    static void check(byte[] message, TpmtSignature sig, AttestationKey key) throws VerificationFailedException {
        if (sig.hash() == TpmHash.SHA1) {
            throw fail("the quote is signed with SHA-1, which tee4j does not accept");
        }
        if (key.scheme().isPresent() && (key.scheme().get() != sig.scheme() || key.schemeHash().get() != sig.hash())) {
            throw fail("the quote is signed with " + sig + " but the attestation key is restricted to "
                    + key.scheme().get() + "/" + key.schemeHash().get().label());
        }
        boolean rsaKey = key.publicKey() instanceof RSAPublicKey;
        if (rsaKey != sig.scheme().isRsa()) {
            throw fail("a " + sig.scheme() + " signature cannot come from a " + key.publicKey().getAlgorithm() + " key");
        }
        if (!valid(message, sig, key)) {
            throw fail("the TPM quote signature (" + sig + ") does not verify with the attestation key");
        }
    }

    private static boolean valid(byte[] message, TpmtSignature sig, AttestationKey key)
            throws VerificationFailedException {
        if (sig.scheme() == SignatureScheme.ECDSA) {
            byte[] digest = sig.hash().digest(message);
            return key.ecdsa().verifyDigest(digest, new BigInteger(1, sig.ecdsaR()), new BigInteger(1, sig.ecdsaS()));
        }
        if (sig.scheme() == SignatureScheme.RSAPSS) {
            try {
                // TPM 2.0 Part 1: the PSS salt is as long as the digest.
                return RsaPssVerifier.of(key.publicKey(), sig.hash().jcaName(), sig.hash().size())
                        .verify(message, sig.rsaSignature());
            } catch (InvalidKeyException e) {
                throw fail("attestation key: " + e.getMessage());
            }
        }
        try {
            Signature s = Signature.getInstance(sig.hash().jcaName().replace("-", "") + "withRSA");
            s.initVerify(key.publicKey());
            s.update(message);
            return s.verify(sig.rsaSignature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static VerificationFailedException fail(String message) {
        return new VerificationFailedException(Reason.SIGNATURE, message);
    }
}
