package io.tee4j.se.client;

import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.ExchangeEntry;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.MeasurementInput;
import io.tee4j.se.verify.VerifiedHkd;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Creates an attestation request for verified host-key documents, as {@code pvattest create}
 * does: a fresh P-521 customer key pair, a random 32-byte ARPK, 64-byte measurement key, 12-byte
 * IV and 16-byte nonce (the nonce flag is always set), one keyslot per HKD. Only
 * {@link VerifiedHkd}s are taken, so a request is never encrypted for an unverified host key.
 *
 * @since 0.3
 */
public final class SeRequestBuilder {
    private final SecureRandom random;

    public SeRequestBuilder(SecureRandom random) {
        this.random = random;
    }

    /** A builder drawing from a new {@link SecureRandom}. */
    public static SeRequestBuilder withDefaultRandom() {
        return new SeRequestBuilder(new SecureRandom());
    }

    /**
     * Builds the request; {@code userData} (at most 256 bytes, may be {@code null}) is carried in
     * the exchange file as a suggestion to the guest, which chooses the user data it attests.
     */
    public SeRequest createRequest(List<VerifiedHkd> hkds, Set<AttestationFlags> flags, byte[] userData)
            throws GeneralSecurityException {
        if (userData != null && userData.length > MeasurementInput.MAX_USER_DATA) {
            throw new IllegalArgumentException("user data is at most 256 bytes");
        }
        Set<AttestationFlags> all = AttestationFlags.parseList("");
        all.addAll(flags);
        byte[] arpk = bytes(32);
        byte[] measurementKey = bytes(64);
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp521r1"), random);
            KeyPair customer = gen.generateKeyPair();
            List<ECPublicKey> hosts = hkds.stream().map(VerifiedHkd::hostKey).toList();
            byte[] arcb = ArcbWriter.write(customer, hosts, arpk, bytes(12), measurementKey, bytes(16),
                    AttestationFlags.encode(all));
            int additional = AttestationFlags.additionalSize(all);
            ExchangeFile file = new ExchangeFile(arcb, ExchangeEntry.expectedSize(64),
                    additional == 0 ? null : ExchangeEntry.expectedSize(additional),
                    userData == null || userData.length == 0 ? null : ExchangeEntry.of(userData), null);
            return new SeRequest(file.encode(), SecretBytes.copyOf(arpk, SecretAccess.INSECURE), hkds);
        } finally {
            Arrays.fill(arpk, (byte) 0);
            Arrays.fill(measurementKey, (byte) 0);
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
