package io.tee4j.se.simulator;

import io.tee4j.core.AttestationException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.ExchangeEntry;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.abi.HostKeyHash;
import io.tee4j.se.abi.Keyslot;
import io.tee4j.se.abi.SecretStoreHash;
import io.tee4j.se.client.KeyWrapping;
import io.tee4j.se.client.UvCallException;
import io.tee4j.se.client.UvReturnCode;
import io.tee4j.se.verify.ArcbDecryption;
import io.tee4j.se.verify.DecryptedArcb;
import io.tee4j.se.verify.MeasurementCheck;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * A simulated Ultravisor for one SE guest: it holds a host private key, finds the keyslot
 * addressed to it, unwraps the ARPK, decrypts the request and MACs the guest's image tags, its
 * CUID, the user data, the nonce and the additional data the flags ask for (image PHKH, its own
 * PHKH, the hash of an empty unlocked secret store, 320 zero bytes of firmware state). Refuses
 * requests as the UV does ({@link UvCallException}); for tests and demos only.
 */
public final class UltravisorSimulator {
    private final KeyPair hostKey;
    private final byte[] phkh;
    private final HeaderTags imageTags;
    private final byte[] imagePhkh;
    private final byte[] cuid;

    /** An Ultravisor with {@code hostKey} running an image with {@code imageTags}, unpacked with the same host key. */
    public UltravisorSimulator(KeyPair hostKey, HeaderTags imageTags, byte[] cuid) {
        this.hostKey = hostKey;
        this.phkh = HostKeyHash.of((ECPublicKey) hostKey.getPublic());
        this.imageTags = imageTags;
        this.imagePhkh = phkh.clone();
        this.cuid = cuid.clone();
    }

    /** Answers an exchange-format request with an exchange-format response. */
    public byte[] attest(byte[] exchangeRequest, byte[] userData) throws AttestationException {
        if (userData.length > 256) {
            throw new UvCallException(UvReturnCode.USER_DATA_TOO_LONG.code(), 0);
        }
        Arcb arcb = Arcb.parse(ExchangeFile.parse(exchangeRequest).arcb());
        Keyslot slot = arcb.keyslots().stream().filter(k -> MessageDigest.isEqual(k.phkh(), phkh)).findFirst()
                .orElseThrow(() -> new UvCallException(UvReturnCode.CANNOT_DECRYPT.code(), 0));
        byte[] arpk = unwrap(arcb, slot);
        DecryptedArcb request;
        try (SecretBytes key = SecretBytes.copyOf(arpk, SecretAccess.INSECURE)) {
            request = ArcbDecryption.decrypt(arcb, key);
        } catch (AttestationException e) {
            throw new UvCallException(UvReturnCode.CANNOT_DECRYPT.code(), 0);
        } finally {
            Arrays.fill(arpk, (byte) 0);
        }
        byte[] additional = additionalData(arcb);
        byte[] measurement = MeasurementCheck.compute(request.measurementKey(), imageTags, cuid, userData,
                request.nonce().orElse(null), additional);
        return new ExchangeFile(arcb.raw(), ExchangeEntry.of(measurement),
                additional.length == 0 ? null : ExchangeEntry.of(additional),
                userData.length == 0 ? null : ExchangeEntry.of(userData), ExchangeEntry.of(cuid)).encode();
    }

    private byte[] unwrap(Arcb arcb, Keyslot slot) throws UvCallException {
        try {
            byte[] c = arcb.customerPublicKey();
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp521r1"));
            ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOf(c, 80)), new BigInteger(1, Arrays.copyOfRange(c, 80, 160)));
            ECPublicKey customer = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(w, p.getParameterSpec(ECParameterSpec.class)));
            byte[] kek = KeyWrapping.kek(hostKey.getPrivate(), customer);
            byte[] wrapped = new byte[48];
            System.arraycopy(slot.wrappedKey(), 0, wrapped, 0, 32);
            System.arraycopy(slot.tag(), 0, wrapped, 32, 16);
            return KeyWrapping.unwrap(kek, wrapped);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UvCallException(UvReturnCode.CANNOT_DECRYPT.code(), 0);
        }
    }

    private byte[] additionalData(Arcb arcb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (arcb.flags().contains(AttestationFlags.IMAGE_PHKH)) {
            out.writeBytes(imagePhkh);
        }
        if (arcb.flags().contains(AttestationFlags.ATTESTATION_PHKH)) {
            out.writeBytes(phkh);
        }
        if (arcb.flags().contains(AttestationFlags.SECRET_STORE_HASH)) {
            out.writeBytes(SecretStoreHash.of(List.of(), false));
        }
        if (arcb.flags().contains(AttestationFlags.FIRMWARE_STATE)) {
            out.writeBytes(new byte[320]);
        }
        return out.toByteArray();
    }
}
