package io.tee4j.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tee4j.core.testing.Wycheproof;
import io.tee4j.core.testing.Wycheproof.Result;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the Wycheproof ECDSA P-256/SHA-256 and P-384/SHA-384 files, DER and IEEE P1363,
 * through {@link EcdsaVerifier}: each {@code valid} case accepted, each {@code invalid} case
 * rejected, by two verifier instances per key (one from the uncompressed point, one from the
 * X.509 SubjectPublicKeyInfo through the JDK's {@code KeyFactory}); the second verifies the
 * message at an offset inside a larger buffer. For P-384 P1363 the signature is also run through
 * {@link EcdsaVerifier#verifyLittleEndian} as AMD's 72-byte little-endian r and s fields, the SEV-SNP
 * report path. A third instance per key, {@link EcdsaVerifier#keep()}'s kept-key comb tables, must
 * decide every case as the first does.
 *
 * <p><b>Acceptable cases.</b> The files copied here (Wycheproof commit dac1dd47, see PROVENANCE.md)
 * mark no case {@code acceptable}: the v1 vectors dropped the category for ECDSA. Our decision for
 * any that a future copy adds is to <em>reject</em> them: in earlier releases they were BER (not
 * DER) signature encodings and similar malleable forms, and attestation evidence is always
 * produced by a conforming signer, so strict rejection costs nothing and closes malleability. The
 * test counts the acceptable cases and fails if that count is not the documented one
 * ({@link #EXPECTED_ACCEPTABLE}), so a vector update forces this decision to be revisited.
 */
class EcdsaVerifierWycheproofTest {

    /** Acceptable cases per file at the copied commit (none; see the class comment). */
    private static final int EXPECTED_ACCEPTABLE = 0;

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("ecdsa_secp256r1_sha256_test.json", EcCurve.P256, false),
                Arguments.of("ecdsa_secp256r1_sha256_p1363_test.json", EcCurve.P256, true),
                Arguments.of("ecdsa_secp384r1_sha384_test.json", EcCurve.P384, false),
                Arguments.of("ecdsa_secp384r1_sha384_p1363_test.json", EcCurve.P384, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyCaseDecidedAsWycheproofSays(String file, EcCurve curve, boolean p1363) {
        Wycheproof vectors = Wycheproof.load("/wycheproof/" + file);
        assertEquals(curve.curveName(), vectors.cases().get(0).group().get("publicKey").get("curve").asText());
        List<Integer> acceptable = new ArrayList<>();
        Map<JsonNode, EcdsaVerifier[]> verifiers = new IdentityHashMap<>();
        int[] accepted = {0};
        int ran = vectors.runAll(c -> {
            if (!c.group().get("sha").asText().equals(curve.digestName())) {
                return "group hash " + c.group().get("sha").asText() + " is not " + curve.digestName();
            }
            // One pair of verifier instances per group (key), kept across its cases as callers would.
            EcdsaVerifier[] pair = verifiers.get(c.group());
            if (pair == null) {
                try {
                    pair = new EcdsaVerifier[] {
                        EcdsaVerifier.fromUncompressedPoint(curve,
                                Wycheproof.hex(c.group().get("publicKey").get("uncompressed").asText())),
                        EcdsaVerifier.fromPublicKey(KeyFactory.getInstance("EC").generatePublic(
                                new X509EncodedKeySpec(Wycheproof.hex(c.group().get("publicKeyDer").asText())))),
                        null};
                    pair[2] = pair[0].keepUnbounded();
                } catch (InvalidKeyException e) {
                    return c.result() == Result.VALID ? "key refused: " + e.getMessage() : null;
                }
                verifiers.put(c.group(), pair);
            }
            EcdsaVerifier fromPoint = pair[0];
            EcdsaVerifier fromSpki = pair[1];
            EcdsaVerifier kept = pair[2];
            byte[] msg = c.hex("msg");
            byte[] sig = c.hex("sig");
            byte[] padded = new byte[msg.length + 13];
            System.arraycopy(msg, 0, padded, 7, msg.length);
            boolean a;
            boolean b;
            if (p1363) {
                a = fromPoint.verifyP1363(msg, sig);
                b = fromSpki.verifyP1363(padded, 7, msg.length, sig);
            } else {
                a = fromPoint.verifyDer(msg, sig);
                b = fromSpki.verifyDer(padded, 7, msg.length, sig);
            }
            if (a != b) {
                return "the two verifier instances disagree: " + a + " vs " + b;
            }
            boolean k = p1363 ? kept.verifyP1363(msg, sig) : kept.verifyDer(msg, sig);
            if (k != a || !kept.usesKeptKeyTables()) {
                return "the kept-key comb says " + k + ", the default path " + a;
            }
            if (p1363 && curve == EcCurve.P384 && sig.length == 96) {
                boolean le = fromPoint.verifyLittleEndian(msg, 0, msg.length, littleEndian72(sig, 0),
                        littleEndian72(sig, 48));
                if (le != a) {
                    return "little-endian path says " + le + ", big-endian " + a;
                }
            }
            if (a) {
                accepted[0]++;
            }
            switch (c.result()) {
                case VALID:
                    return a ? null : "valid signature rejected";
                case INVALID:
                    return a ? "invalid signature accepted" : null;
                default:
                    acceptable.add(c.tcId());
                    return a ? "acceptable case accepted; tee4j rejects acceptable ECDSA cases" : null;
            }
        });
        assertEquals(EXPECTED_ACCEPTABLE, acceptable.size(), "acceptable cases to decide: " + acceptable);
        assertTrue(accepted[0] > 100, "only " + accepted[0] + " of " + ran + " accepted");
    }

    /** 48 big-endian bytes at {@code offset} as a 72-byte little-endian field (SNP layout). */
    private static byte[] littleEndian72(byte[] sig, int offset) {
        byte[] out = new byte[72];
        for (int i = 0; i < 48; i++) {
            out[i] = sig[offset + 47 - i];
        }
        return out;
    }
}
