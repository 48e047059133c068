package io.tee4j.sealing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.keys.KeyBinding;
import io.tee4j.core.keys.KeyVersions;
import io.tee4j.sealing.format.Header;
import io.tee4j.sealing.internal.SealingCrypto;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors of format version 1 (also in {@code sealing/FORMAT.md}): fixed root key,
 * salt and nonce give exactly these bytes. They were cross-checked once, when written, with an
 * independent implementation (Python {@code cryptography} 48: HKDF-SHA-384 and AESGCM); a change
 * here is a format change.
 */
class KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();
    static final byte[] ROOT = range(0x00, 32);
    static final byte[] SALT = range(0x20, 32);
    static final byte[] NONCE = range(0x40, 12);
    static final byte[] PREFIX = range(0x50, 7);
    static final byte[] AAD = "tee4j kat".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PLAIN = "sealed to this workload".getBytes(StandardCharsets.US_ASCII);

    static byte[] range(int start, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    static Header blobHeader() {
        return Header.blob("released", EnumSet.noneOf(KeyBinding.class), KeyVersions.none(), SALT, NONCE, AAD.length);
    }

    static Header versionedBlobHeader() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("guest_svn", 2L);
        v.put("tcb_version", 0x0300000000000814L);
        return Header.blob("sev-snp/vmrk", EnumSet.of(KeyBinding.POLICY, KeyBinding.MEASUREMENT,
                KeyBinding.TCB_VERSION, KeyBinding.PRIVILEGE_LEVEL), KeyVersions.of(v), SALT, NONCE, AAD.length);
    }

    static Header streamHeader() {
        return Header.stream("released", EnumSet.noneOf(KeyBinding.class), KeyVersions.none(), SALT, PREFIX, 64,
                AAD.length);
    }

    static byte[] streamPlain() {
        return range(0x00, 100);
    }

    static final String BLOB = "54344a53010101000872656c6561736564000000202122232425262728292a2b2c2d2e2f303132333435363738393a3b"
            + "3c3d3e3f404142434445464748494a4b000000093a2fd2eafecc0803a1599e9e25df70190f16faa7d7e3c57576c4b7cf"
            + "4cfb4f4153d039669dd9ad";
    static final String VERSIONED_BLOB = "54344a53010101000c7365762d736e702f766d726b00a9020967756573745f73766e00000000000000020b7463625f76"
            + "657273696f6e0300000000000814202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041"
            + "42434445464748494a4b000000090b8bcef775d26a29f02a24cb5886f25d6f2c95c6bbbc498862764fd6550ba524ee7b"
            + "5792640822";
    static final String STREAM = "54344a53010201000872656c6561736564000000202122232425262728292a2b2c2d2e2f303132333435363738393a3b"
            + "3c3d3e3f505152535455560000004000000009fa1dbc0f37145c13fa52d0dbf1f3521b3a0bf635f420a6997f15afeda0"
            + "0416dd77f307a7469100c90ee22b2de0652ba11adc7f358f72c57fd1b418c75f7e3e14a2beb2d5021e2e576fddad7bdb"
            + "b21ccb1ab72411d724875d4511ec933033abddd973b66dc3c6014e10f5b3df42aea0aef6f7a3e1d8274014f8f98cbe3d"
            + "8f58dbc1323176";
    static final String SIMULATED_KEY = "7c847bd4da2f1506278af2608619f6eed1fc114c97cad1c2b7e1852f52800102";

    @Test
    void blob() throws Exception {
        byte[] sealed = SealingCrypto.sealBlob(ROOT, blobHeader(), PLAIN, AAD);
        assertEquals(BLOB, HEX.formatHex(sealed));
        Sealer s = Sealer.builder().keySource(ReleasedKeySource.of(SecretBytes.copyOf(ROOT, SecretAccess.INSECURE)))
                .build();
        assertArrayEquals(PLAIN, s.unseal(HEX.parseHex(BLOB), AAD));
    }

    @Test
    void versionedBlob() throws Exception {
        byte[] sealed = SealingCrypto.sealBlob(ROOT, versionedBlobHeader(), PLAIN, AAD);
        assertEquals(VERSIONED_BLOB, HEX.formatHex(sealed));
        Header parsed = Header.parse(sealed);
        assertArrayEquals(versionedBlobHeader().encoded(), parsed.encoded());
    }

    /**
     * The FORMAT.md vector with versions binds the TCB but not the guest SVN, as the default policy
     * of earlier releases did; a sealer whose default policy now binds both still opens it.
     */
    @Test
    void versionedVectorStillOpensUnderTheNewDefaultPolicy() throws Exception {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("guest_svn", 2L);
        v.put("tcb_version", 0x0300000000000814L);
        FixedRootSource src = new FixedRootSource("sev-snp/vmrk", KeyVersions.of(v));
        Sealer s = Sealer.builder().keySource(src).policy(SealingPolicy.forSource(src).bind(KeyBinding.MEASUREMENT)
                .build()).build();
        assertEquals(EnumSet.of(KeyBinding.POLICY, KeyBinding.MEASUREMENT, KeyBinding.GUEST_SVN, KeyBinding.TCB_VERSION,
                KeyBinding.PRIVILEGE_LEVEL), s.policy().bindings());
        assertArrayEquals(PLAIN, s.unseal(HEX.parseHex(VERSIONED_BLOB), AAD));
        assertEquals(EnumSet.of(KeyBinding.POLICY, KeyBinding.MEASUREMENT, KeyBinding.TCB_VERSION,
                KeyBinding.PRIVILEGE_LEVEL), src.lastBindings, "derived with the recorded bindings");
        assertTrue(s.needsReseal(HEX.parseHex(VERSIONED_BLOB)));
    }

    /** A key source whose root key is the vectors' fixed key, whatever it is asked. */
    static final class FixedRootSource implements io.tee4j.core.keys.SealingKeySource {
        private final String id;
        private final KeyVersions versions;
        java.util.Set<KeyBinding> lastBindings;

        FixedRootSource(String id, KeyVersions versions) {
            this.id = id;
            this.versions = versions;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean simulated() {
            return false;
        }

        @Override
        public java.util.Set<KeyBinding> supportedBindings() {
            return EnumSet.allOf(KeyBinding.class);
        }

        @Override
        public java.util.Set<KeyBinding> mandatoryBindings() {
            return EnumSet.of(KeyBinding.POLICY, KeyBinding.PRIVILEGE_LEVEL);
        }

        @Override
        public boolean rootKeyIsWorkloadSpecific() {
            return true;
        }

        @Override
        public KeyVersions currentVersions() {
            return versions;
        }

        @Override
        public boolean notAbove(KeyVersions candidate, KeyVersions current) {
            return candidate.equals(current);
        }

        @Override
        public SecretBytes deriveKey(java.util.Set<KeyBinding> bindings, KeyVersions at) {
            lastBindings = EnumSet.copyOf(bindings);
            return SecretBytes.copyOf(ROOT, SecretAccess.INSECURE);
        }
    }

    @Test
    void stream() throws Exception {
        Header h = streamHeader();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SealingOutputStream o = new SealingOutputStream(out, h, SealingCrypto.deriveDataKey(ROOT, h), AAD)) {
            o.write(streamPlain());
        }
        assertEquals(STREAM, HEX.formatHex(out.toByteArray()));
        Sealer s = Sealer.builder().keySource(ReleasedKeySource.of(SecretBytes.copyOf(ROOT, SecretAccess.INSECURE)))
                .build();
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        s.unsealStream(new ByteArrayInputStream(HEX.parseHex(STREAM)), back, AAD);
        assertArrayEquals(streamPlain(), back.toByteArray());
    }

    @Test
    void simulatedKey() throws Exception {
        SimulatedKeySource src = SimulatedKeySource.builder().seed(ROOT).measurement(range(0x60, 48))
                .guestSvn(2).tcbVersion(0x0300000000000814L).build();
        try (SecretBytes k = src.deriveKey(EnumSet.of(KeyBinding.POLICY, KeyBinding.PRIVILEGE_LEVEL,
                KeyBinding.MEASUREMENT, KeyBinding.TCB_VERSION), src.currentVersions())) {
            assertEquals(SIMULATED_KEY, HEX.formatHex(k.toByteArray(SecretAccess.INSECURE)));
        }
    }
}
