package io.tee4j.se.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.se.Vectors;
import io.tee4j.se.abi.AttestationFlags;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer rebuilds IBM's ARCB from its inputs; ARPK files are 0600 and never written through links. */
class ArcbWriterTest {
    @TempDir
    Path dir;

    @Test
    void rebuildsTheUpstreamArcbByteForByte() throws Exception {
        ECPrivateKey priv = Vectors.p521(Vectors.bytes("keys/s390tools-private_cust.bin"));
        byte[] pub = Vectors.bytes("keys/s390tools-public_cust.bin");
        ECPublicKey custPub = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(new BigInteger(1, Arrays.copyOf(pub, 80)), new BigInteger(1, Arrays.copyOfRange(pub, 80, 160))),
                priv.getParams()));
        ECPublicKey host = (ECPublicKey) Certificates.parseOne(Vectors.bytes("keys/s390tools-host.pem.crt")).getPublicKey();
        byte[] arcb = ArcbWriter.write(new KeyPair(custPub, priv), List.of(host), Vectors.fill(0x17, 32),
                Vectors.fill(0x55, 12), Vectors.fill(0x77, 64), Vectors.fill(0xab, 16),
                AttestationFlags.encode(Set.of(AttestationFlags.NONCE, AttestationFlags.IMAGE_PHKH, AttestationFlags.ATTESTATION_PHKH)));
        assertArrayEquals(Vectors.bytes("s390tools-arcb.bin"), arcb);
    }

    @Test
    void arpkFileIsOwnerOnlyAndRoundTrips() throws Exception {
        Path f = dir.resolve("arpk.key");
        ArpkFiles.write(SecretBytes.copyOf(Vectors.fill(0x17, 32), SecretAccess.INSECURE), f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertArrayEquals(Vectors.fill(0x17, 32), ArpkFiles.read(f).toByteArray(SecretAccess.INSECURE));
        ArpkFiles.write(SecretBytes.copyOf(Vectors.fill(0x18, 32), SecretAccess.INSECURE), f);
        assertArrayEquals(Vectors.fill(0x18, 32), ArpkFiles.read(f).toByteArray(SecretAccess.INSECURE));
    }

    @Test
    void arpkIsNeverWrittenThroughASymlink() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("arpk.key"), victim);
        assertThrows(java.io.IOException.class,
                () -> ArpkFiles.write(SecretBytes.copyOf(Vectors.fill(0x17, 32), SecretAccess.INSECURE), link));
        assertEquals("keep", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(link));
        assertThrows(java.io.IOException.class, () -> ArpkFiles.read(victim));
    }

    @Test
    void requestToStringHidesTheArpk() throws Exception {
        SeRequest r = new SeRequest(new byte[4], SecretBytes.copyOf(Vectors.fill(0x17, 32), SecretAccess.INSECURE), List.of());
        assertTrue(!r.toString().contains("1717") && r.toString().contains("<secret>"));
    }
}
