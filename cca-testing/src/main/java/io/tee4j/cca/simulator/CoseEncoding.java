package io.tee4j.cca.simulator;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.tee4j.cca.abi.CcaTokenFormat;
import io.tee4j.cca.abi.CoseAlgorithm;
import io.tee4j.core.crypto.EcCurve;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The CBOR, COSE and key encodings the simulator signs tokens with (Jackson's CBOR generator). */
final class CoseEncoding {
    /** The CBOR tag of a COSE_Sign1 message (RFC 9052 section 4.2). */
    static final int COSE_SIGN1_TAG = 18;
    static final CBORFactory CBOR = new CBORFactory();

    private CoseEncoding() {
    }

    /** A definite-length map of the entries (tee4j's decoder, rightly, refuses indefinite lengths). */
    static byte[] map(List<Writer> entries) {
        return cbor(g -> {
            g.writeStartObject(null, entries.size());
            for (Writer e : entries) {
                e.write(g);
            }
            g.writeEndObject();
        });
    }

    static byte[] coseKey(PublicKey key, Long alg) {
        byte[] p = point(key);
        int n = (p.length - 1) / 2;
        return cbor(g -> {
            g.writeStartObject(null, alg == null ? 4 : 5);
            g.writeFieldId(1);
            g.writeNumber(2);
            if (alg != null) {
                g.writeFieldId(3);
                g.writeNumber(alg);
            }
            g.writeFieldId(-1);
            g.writeNumber(n == 32 ? 1 : n == 48 ? 2 : 3);
            bytes(g, -2, Arrays.copyOfRange(p, 1, 1 + n));
            bytes(g, -3, Arrays.copyOfRange(p, 1 + n, 1 + 2 * n));
            g.writeEndObject();
        });
    }

    /**
     * RFC 9052 section 4.4's Sig_structure for COSE_Sign1: ["Signature1", protected, external_aad
     * (empty), payload]. Written here, independently of the verifier's reader, so a mistake in one
     * is not mirrored by the other.
     */
    static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        return cbor(g -> {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(protectedHeader);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        });
    }

    static byte[] sign(KeyPair key, CoseAlgorithm alg, byte[] payload) {
        byte[] prot = cbor(g -> {
            g.writeStartObject(null, 1);
            g.writeFieldId(1);
            g.writeNumber(alg.id());
            g.writeEndObject();
        });
        byte[] signature;
        try {
            Signature s = Signature.getInstance(alg.curve().digestName().replace("-", "") + "withECDSAinP1363Format");
            s.initSign(key.getPrivate());
            s.update(sigStructure(prot, payload));
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing is available on every Java 17 platform", e);
        }
        return cbor(g -> {
            g.writeTag(COSE_SIGN1_TAG);
            g.writeStartArray(null, 4);
            g.writeBinary(prot);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeBinary(payload);
            g.writeBinary(signature);
            g.writeEndArray();
        });
    }

    static byte[] envelope(CcaTokenFormat format, byte[] platform, byte[] realm) {
        return cbor(g -> {
            g.writeTag((int) format.tag());
            g.writeStartObject(null, 2);
            g.writeFieldId(44234);
            member(g, format, platform);
            g.writeFieldId(44241);
            member(g, format, realm);
            g.writeEndObject();
        });
    }

    static void member(CBORGenerator g, CcaTokenFormat format, byte[] cose) throws IOException {
        if (format == CcaTokenFormat.CMW_COLLECTION_TAG_907) {
            g.writeStartArray(null, 2);
            g.writeNumber(263);
            g.writeBinary(cose);
            g.writeEndArray();
        } else {
            g.writeBinary(cose);
        }
    }

    static void bytes(CBORGenerator g, long key, byte[] value) throws IOException {
        g.writeFieldId(key);
        g.writeBinary(value);
    }

    static void text(CBORGenerator g, long key, String value) throws IOException {
        g.writeFieldId(key);
        g.writeString(value);
    }

    /** A claim of a type the spec's extra claims allow: text, integer, boolean or bytes. */
    static void value(CBORGenerator g, long key, Object value) throws IOException {
        if (value instanceof String) {
            text(g, key, (String) value);
        } else if (value instanceof Long) {
            g.writeFieldId(key);
            g.writeNumber((Long) value);
        } else if (value instanceof Boolean) {
            g.writeFieldId(key);
            g.writeBoolean((Boolean) value);
        } else {
            bytes(g, key, (byte[]) value);
        }
    }

    /** Writes one CBOR item, or one key and value of a map. */
    interface Writer {
        void write(CBORGenerator g) throws IOException;
    }

    static byte[] cbor(Writer w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static KeyPair generate(EcCurve curve, SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec(curve.curveName()), random);
            return kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation is available on every Java 17 platform", e);
        }
    }

    static byte[] point(PublicKey key) {
        ECPublicKey ec = (ECPublicKey) key;
        int n = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        fixed(ec.getW().getAffineX(), out, 1, n);
        fixed(ec.getW().getAffineY(), out, 1 + n, n);
        return out;
    }

    static void fixed(BigInteger v, byte[] out, int off, int n) {
        byte[] b = v.toByteArray();
        int copy = Math.min(b.length, n);
        System.arraycopy(b, b.length - copy, out, off + n - copy, copy);
    }

    static byte[] ueid(SecureRandom random) {
        byte[] id = new byte[33];
        random.nextBytes(id);
        id[0] = 1;
        return id;
    }

    static CoseAlgorithm algorithmFor(EcCurve curve) {
        for (CoseAlgorithm a : CoseAlgorithm.values()) {
            if (a.curve() == curve) {
                return a;
            }
        }
        throw new IllegalArgumentException("no COSE algorithm for " + curve);
    }

    /**
     * The binding hash under the named algorithm; SHA-256 when Java knows no such algorithm (an
     * empty or made-up name), so a token with a hostile name is otherwise valid and the verifier's
     * refusal is about the name alone.
     */
    static byte[] hash(String alg, byte[] data) {
        String jca = alg.toUpperCase(Locale.ROOT);
        try {
            return MessageDigest.getInstance(jca.isEmpty() ? "SHA-256" : jca).digest(data);
        } catch (GeneralSecurityException e) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(data);
            } catch (GeneralSecurityException impossible) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", impossible);
            }
        }
    }
}
