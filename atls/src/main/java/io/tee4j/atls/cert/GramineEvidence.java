package io.tee4j.atls.cert;

import io.tee4j.core.MalformedEvidenceException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

/**
 * Gramine's RA-TLS evidence (read only), as its {@code ra_tls_attest.c} writes extension
 * 2.23.133.5.4.9: the extnValue is the CBOR item itself, {@code #6.60000([bstr quote, bstr
 * claims])}, the claims being the CBOR map {@code {"pubkey-hash": bstr(CBOR [hash-alg, hash])}}
 * (IANA Named Information ids: 1 = SHA-256, 7 = SHA-384, 8 = SHA-512).
 *
 * <p>Checked here: the shape, and {@link #keyBound(byte[])} compares the named hash with the
 * certificate key. Not checked here: the quote (an SGX quote, for which tee4j has no backend) and
 * {@code report_data[0..32] = SHA-256(claims)}, which only a quote verifier can read.
 *
 * @param quote the quote bytes as carried
 * @param claims the serialized claims map, as hashed into the quote
 * @param hashAlgorithm the Named Information id of the public-key hash
 * @param pubkeyHash the public-key hash the claims name
 */
public record GramineEvidence(byte[] quote, byte[] claims, int hashAlgorithm, byte[] pubkeyHash) {
    /** The CBOR tag Gramine wraps the pair in (TCG DICE tagged evidence). */
    public static final long TAG = 60000;

    public GramineEvidence {
        quote = quote.clone();
        claims = claims.clone();
        pubkeyHash = pubkeyHash.clone();
    }

    @Override
    public byte[] quote() {
        return quote.clone();
    }

    @Override
    public byte[] claims() {
        return claims.clone();
    }

    @Override
    public byte[] pubkeyHash() {
        return pubkeyHash.clone();
    }

    /** Decodes the extnValue of a Gramine certificate. */
    static GramineEvidence decode(byte[] extnValue) throws MalformedEvidenceException {
        Object tree = CborTree.parse(extnValue);
        if (!(tree instanceof CborTree.Tagged) || ((CborTree.Tagged) tree).tag() != TAG
                || !(((CborTree.Tagged) tree).content() instanceof List)) {
            throw new MalformedEvidenceException("Gramine evidence: expected tag " + TAG + " around an array");
        }
        List<?> pair = (List<?>) ((CborTree.Tagged) tree).content();
        if (pair.size() != 2 || !(pair.get(0) instanceof byte[]) || !(pair.get(1) instanceof byte[])) {
            throw new MalformedEvidenceException("Gramine evidence: expected [bstr quote, bstr claims]");
        }
        byte[] claims = (byte[]) pair.get(1);
        Object map = CborTree.parse(claims);
        if (!(map instanceof Map) || !(((Map<?, ?>) map).get("pubkey-hash") instanceof byte[])) {
            throw new MalformedEvidenceException("Gramine evidence: the claims hold no \"pubkey-hash\" byte string");
        }
        Object hash = CborTree.parse((byte[]) ((Map<?, ?>) map).get("pubkey-hash"));
        if (!(hash instanceof List) || ((List<?>) hash).size() != 2 || !(((List<?>) hash).get(0) instanceof Long)
                || !(((List<?>) hash).get(1) instanceof byte[])) {
            throw new MalformedEvidenceException("Gramine evidence: \"pubkey-hash\" is not [hash-alg, bstr]");
        }
        long alg = (Long) ((List<?>) hash).get(0);
        byte[] value = (byte[]) ((List<?>) hash).get(1);
        if (digestName(alg) == null) {
            throw new MalformedEvidenceException("Gramine evidence: unknown hash algorithm " + alg);
        }
        return new GramineEvidence((byte[]) pair.get(0), claims, (int) alg, value);
    }

    /** Whether the claims name the hash of this SubjectPublicKeyInfo. */
    public boolean keyBound(byte[] spki) {
        return MessageDigest.isEqual(digest(digestName(hashAlgorithm), spki), pubkeyHash);
    }

    /** SHA-256 of the claims: what a real quote carries in {@code report_data[0..32]}. */
    public byte[] claimsDigest() {
        return digest("SHA-256", claims);
    }

    private static String digestName(long alg) {
        return alg == 1 ? "SHA-256" : alg == 7 ? "SHA-384" : alg == 8 ? "SHA-512" : null;
    }

    static byte[] digest(String name, byte[] data) {
        try {
            return MessageDigest.getInstance(name).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is in every Java runtime", e);
        }
    }
}
