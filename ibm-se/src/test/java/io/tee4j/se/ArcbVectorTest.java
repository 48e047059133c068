package io.tee4j.se;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.client.KeyWrapping;
import io.tee4j.se.verify.ArcbAuthenticationException;
import io.tee4j.se.verify.ArcbDecryption;
import io.tee4j.se.verify.DecryptedArcb;
import java.security.interfaces.ECPublicKey;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** expected.json "arcb" and "phkh": s390-tools' ARCB decrypts with its ARPK and its keyslot re-wraps. */
class ArcbVectorTest {
    private static final SecretBytes ARPK = SecretBytes.copyOf(Vectors.fill(0x17, 32), SecretAccess.INSECURE);

    @Test
    void parsesTheUpstreamArcb() throws Exception {
        Arcb arcb = Arcb.parse(Vectors.bytes("s390tools-arcb.bin"));
        assertEquals(0x7000000000000000L, arcb.flagBits());
        assertEquals(EnumSet.of(AttestationFlags.NONCE, AttestationFlags.IMAGE_PHKH, AttestationFlags.ATTESTATION_PHKH), arcb.flags());
        assertArrayEquals(Vectors.fill(0x55, 12), arcb.iv());
        assertEquals(1, arcb.keyslots().size());
        assertEquals(80, arcb.encryptedSize());
        assertEquals(64, arcb.expectedAdditionalSize());
        assertArrayEquals(Vectors.bytes("keys/s390tools-public_cust.bin"), arcb.customerPublicKey());
        assertArrayEquals(Vectors.bytes("s390tools-keyslot.bin"), arcb.keyslots().get(0).encode());
        assertArrayEquals(Vectors.hex("415c25a5d19c381e619733e1c1b7fbd88bdd1c31d882d5ade04b97043c5010f0"),
                arcb.keyslots().get(0).phkh());
    }

    @Test
    void decryptsWithItsArpk() throws Exception {
        DecryptedArcb d = ArcbDecryption.decrypt(Arcb.parse(Vectors.bytes("s390tools-arcb.bin")), ARPK);
        assertArrayEquals(Vectors.fill(0x77, 64), d.measurementKey().toByteArray(SecretAccess.INSECURE));
        assertArrayEquals(Vectors.fill(0xab, 16), d.nonce().orElseThrow());
    }

    @Test
    void flippedAuthenticatedByteOrWrongArpkFailsTheGcmTag() throws Exception {
        byte[] arcb = Vectors.bytes("s390tools-arcb.bin");
        arcb[0x3c] ^= 1;
        assertThrows(ArcbAuthenticationException.class, () -> ArcbDecryption.decrypt(Arcb.parse(arcb), ARPK));
        SecretBytes wrong = SecretBytes.copyOf(Vectors.fill(0x16, 32), SecretAccess.INSECURE);
        assertThrows(ArcbAuthenticationException.class,
                () -> ArcbDecryption.decrypt(Arcb.parse(Vectors.bytes("s390tools-arcb.bin")), wrong));
    }

    @Test
    void rejectsBadMagicAlgorithmAndLength() {
        byte[] magic = Vectors.bytes("s390tools-arcb.bin");
        magic[0] = 1;
        assertTrue(assertThrows(MalformedEvidenceException.class, () -> Arcb.parse(magic)).getMessage().contains("magic"));
        byte[] mai = Vectors.bytes("s390tools-arcb.bin");
        mai[0x3b] = 0x11;
        assertTrue(assertThrows(MalformedEvidenceException.class, () -> Arcb.parse(mai)).getMessage().contains("algorithm 17"));
        byte[] full = Vectors.bytes("s390tools-arcb.bin");
        assertThrows(MalformedEvidenceException.class, () -> Arcb.parse(java.util.Arrays.copyOf(full, full.length - 1)));
        byte[] sea = Vectors.bytes("s390tools-arcb.bin");
        sea[0x2f] = 64;
        assertThrows(MalformedEvidenceException.class, () -> Arcb.parse(sea));
    }

    @Test
    void keyslotRewrapsUnderTheEcdhKek() throws Exception {
        ECPublicKey host = (ECPublicKey) Certificates.parseOne(Vectors.bytes("keys/s390tools-host.pem.crt")).getPublicKey();
        assertArrayEquals(Vectors.hex("415c25a5d19c381e619733e1c1b7fbd88bdd1c31d882d5ade04b97043c5010f0"), io.tee4j.se.abi.HostKeyHash.of(host));
        byte[] kek = KeyWrapping.kek(Vectors.p521(Vectors.bytes("keys/s390tools-private_cust.bin")), host);
        assertArrayEquals(Vectors.hex("753277558f3b6003419ef249ae3c4b55aad77d09d97fdd1fc88fd8f0cf22f149"), kek);
        byte[] slot = Vectors.bytes("s390tools-keyslot.bin");
        assertArrayEquals(java.util.Arrays.copyOfRange(slot, 32, 80), KeyWrapping.wrap(kek, Vectors.fill(0x17, 32)));
    }

    @Test
    void phkhOfEveryPublishedHkd() throws Exception {
        for (List<String> c : List.of(
                List.of("keys/s390tools-pvattest-host.pem.crt", "596e8bf9ceb88e686c74ff007c6df5124e00156981279011f0c6c388b6e95892"),
                List.of("cert/host.crt", "24933f75ee107c806fe602a7da7b610e54369af96a847f2dcc4fcfdbd81fbc05"),
                List.of("cert/host2.crt", "491bc0601fe89fd793f1ec8534f1ae63e9c280331c245c453d64afc8b5aa1bcc"),
                List.of("cert/host_rev.crt", "b6d8976785faf3bb1980c66fcce232c33b54bdc7fe011207f98920433c26fc44"),
                List.of("cert/host_armonk.crt", "24933f75ee107c806fe602a7da7b610e54369af96a847f2dcc4fcfdbd81fbc05"),
                List.of("cert/fake_host.crt", "fb839200591ee3b33dc53166baa77a4e1c771f33af88a6152e41026696a44b40"),
                List.of("cert/host_invalid_signing_key.crt", "32c13eda01e85f5f59a6d8144a8641413383f22e4ee926fd0307491a51083409"))) {
            ECPublicKey k = (ECPublicKey) Certificates.parseOne(Vectors.bytes(c.get(0))).getPublicKey();
            assertArrayEquals(Vectors.hex(c.get(1)), io.tee4j.se.abi.HostKeyHash.of(k), c.get(0));
        }
        assertArrayEquals(Vectors.hex("5ee905a9be70366815a45641afae00973b1f45292f43bcd7638ee2a73fd7c45e"),
                java.security.MessageDigest.getInstance("SHA-256").digest(Vectors.bytes("keys/s390tools-public_cust.bin")));
    }
}
