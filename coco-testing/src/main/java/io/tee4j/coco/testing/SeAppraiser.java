package io.tee4j.coco.testing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.envelope.SerdeJson;
import io.tee4j.json.Json;
import io.tee4j.se.abi.AdditionalData;
import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.client.SeRequest;
import io.tee4j.se.client.SeRequestBuilder;
import io.tee4j.se.verify.ArcbDecryption;
import io.tee4j.se.verify.DecryptedArcb;
import io.tee4j.se.verify.MeasurementCheck;
import io.tee4j.se.verify.SeAttestationResult;
import io.tee4j.se.verify.VerifiedHkd;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;

/**
 * The fake KBS's IBM SE verifier, as trustee's ({@code deps/verifier/src/se/ibmse.rs}): the
 * challenge is an {@code SeAttestationRequest} whose measurement key and request nonce are
 * RSA-PKCS#1-encrypted to this KBS's own key (so the KBS keeps no per-session secret); the evidence,
 * trustee's {@code SeAttestationResponse}, is checked by decrypting both, requiring USER_DATA to start
 * with the runtime-data digest, recomputing the Ultravisor's HMAC-SHA512 over the response's header
 * tags, CUID, user data, nonce and additional data, and requiring both host-key hashes in the
 * additional data. As in trustee, the image is whatever header tags the response names (a policy
 * would pin them); evidence of other TEEs goes to {@code others}. NOT secure: tests and demos only.
 */
public final class SeAppraiser implements EvidenceAppraiser {
    private static final Set<AttestationFlags> FLAGS = EnumSet.of(AttestationFlags.NONCE, AttestationFlags.IMAGE_PHKH,
            AttestationFlags.ATTESTATION_PHKH);
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final List<VerifiedHkd> hkds;
    private final HeaderTags imageTags;
    private final EvidenceAppraiser others;
    private final KeyPair kbsKey;

    /** A verifier that asks the hosts of {@code hkds} to attest an image with {@code imageTags}. */
    public SeAppraiser(List<VerifiedHkd> hkds, HeaderTags imageTags, EvidenceAppraiser others) {
        this.hkds = List.copyOf(hkds);
        this.imageTags = imageTags;
        this.others = others;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.kbsKey = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh challenge nonce: the serialized {@code SeAttestationRequest} (trustee's generate_supplemental_challenge). */
    public String challenge() throws AttestationException {
        try {
            SeRequest req = SeRequestBuilder.withDefaultRandom().createRequest(hkds, FLAGS, null);
            byte[] arcb = ExchangeFile.parse(req.exchangeRequest()).arcb();
            DecryptedArcb d = ArcbDecryption.decrypt(Arcb.parse(arcb), req.arpk());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("request_blob", B64.encodeToString(arcb));
            m.put("measurement_size", MeasurementCheck.MEASUREMENT_SIZE);
            m.put("additional_size", AttestationFlags.additionalSize(FLAGS));
            m.put("encr_measurement_key", B64.encodeToString(rsa(Cipher.ENCRYPT_MODE,
                    d.measurementKey().toByteArray(SecretAccess.INSECURE))));
            m.put("encr_request_nonce", B64.encodeToString(rsa(Cipher.ENCRYPT_MODE, d.nonce().orElseThrow())));
            m.put("image_hdr_tags", B64.encodeToString(imageTags.toBytes()));
            return new String(SerdeJson.write(m), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an SE attestation request: " + e.getMessage(), e);
        }
    }

    @Override
    public AttestationResult appraise(Evidence evidence, byte[] expectedReportData) throws AttestationException,
            PolicyFormatException {
        if (evidence.type() != TeeType.IBM_SE) {
            return others.appraise(evidence, expectedReportData);
        }
        Map<String, Object> m;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = (Map<String, Object>) Json.parse(evidence.raw());
            m = parsed;
        } catch (Json.JsonException | ClassCastException e) {
            throw new MalformedEvidenceException("se evidence is not an SeAttestationResponse: " + e.getMessage());
        }
        byte[] key = decrypt(member(m, "encr_measurement_key"), "measurement key");
        byte[] nonce = decrypt(member(m, "encr_request_nonce"), "request nonce");
        if (nonce.length != 16) {
            throw new VerificationFailedException(Reason.BINDING, "the request nonce is " + nonce.length + " bytes, not 16");
        }
        byte[] userData = member(m, "user_data");
        if (userData.length < expectedReportData.length
                || !MessageDigest.isEqual(Arrays.copyOf(userData, expectedReportData.length), expectedReportData)) {
            throw new VerificationFailedException(Reason.BINDING, "USER_DATA does not start with the runtime-data digest");
        }
        HeaderTags tags = HeaderTags.of(member(m, "image_hdr_tags"));
        byte[] cuid = member(m, "cuid");
        byte[] additional = member(m, "additional_data");
        byte[] measurement = member(m, "measurement");
        try (SecretBytes k = SecretBytes.copyOf(key, SecretAccess.INSECURE)) {
            if (!MessageDigest.isEqual(measurement, MeasurementCheck.compute(k, tags, cuid, userData, nonce, additional))) {
                throw new VerificationFailedException(Reason.SIGNATURE, "SE measurement verification failed: the "
                        + "HMAC does not match these header tags, CUID, user data, nonce and additional data");
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        AdditionalData add = AdditionalData.split(additional, FLAGS);
        if (add.imagePhkh().isEmpty() || add.attestationPhkh().isEmpty()) {
            throw new MalformedEvidenceException("se additional data lacks the image or attestation host-key hash");
        }
        return new SeAttestationResult(cuid, userData, Optional.of(nonce), FLAGS, add, tags, List.of(), measurement,
                List.of(), Instant.now());
    }

    /** Other TEEs' init-data goes to {@code others}; trustee's SE verifier takes no init-data, so SE refuses it. */
    @Override
    public AttestationResult appraise(Evidence evidence, byte[] expectedReportData, byte[] initDataDigest)
            throws AttestationException, PolicyFormatException {
        if (evidence.type() != TeeType.IBM_SE) {
            return others.appraise(evidence, expectedReportData, initDataDigest);
        }
        return EvidenceAppraiser.super.appraise(evidence, expectedReportData, initDataDigest);
    }

    private static byte[] member(Map<String, Object> m, String key) throws MalformedEvidenceException {
        if (!(m.get(key) instanceof String s)) {
            throw new MalformedEvidenceException("se evidence: $." + key + " missing");
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedEvidenceException("se evidence: $." + key + " is not base64");
        }
    }

    private byte[] decrypt(byte[] c, String what) throws VerificationFailedException {
        try {
            return rsa(Cipher.DECRYPT_MODE, c);
        } catch (GeneralSecurityException e) {
            throw new VerificationFailedException(Reason.BINDING, "cannot decrypt the " + what + ": not this KBS's");
        }
    }

    private byte[] rsa(int mode, byte[] data) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(mode, mode == Cipher.ENCRYPT_MODE ? kbsKey.getPublic() : kbsKey.getPrivate());
        return c.doFinal(data);
    }
}
