package io.tee4j.se.verify;

import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.CommonClaims;
import io.tee4j.core.TcbStatus;
import io.tee4j.core.TeeType;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationInfo;
import io.tee4j.se.abi.AdditionalData;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.HeaderTags;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A verified IBM Secure Execution response: the request decrypted with the ARPK, the measurement
 * matched one allowed image's header tags, and the policy held. What it proves rests on the HKDs
 * the request was encrypted for having been verified when it was built: tee4j cannot tell from
 * the response alone which machine answered, only which host-key hashes the request addressed.
 *
 * <p>{@link #commonClaims()}: report data is the user data; measurement {@code se_header_tag};
 * debug false (SE has no debug attribute in the measurement); TCB status {@code NOT_EVALUATED};
 * platform id the hex CUID. {@link #explicitTrustAnchors()} is true: the ARPK is the caller's.
 *
 * @param cuid the Ultravisor's 16-byte configuration unique id
 * @param userData the user data the guest supplied
 * @param nonce the request's nonce, if any
 * @param flags the request's flags
 * @param additional the additional data split by the flags
 * @param headerTags the allowed image whose tags the measurement matched
 * @param requestPhkhs the host-key hashes the request's keyslots address
 * @param measurement the verified 64-byte measurement
 * @param warnings warnings, one line each
 * @param verifiedAt the verification instant
 * @since 0.3
 */
public record SeAttestationResult(byte[] cuid, byte[] userData, Optional<byte[]> nonce, Set<AttestationFlags> flags,
        AdditionalData additional, HeaderTags headerTags, List<byte[]> requestPhkhs, byte[] measurement,
        List<String> warnings, Instant verifiedAt) implements AttestationResult {
    private static final HexFormat HEX = HexFormat.of();

    public SeAttestationResult {
        cuid = cuid.clone();
        userData = userData.clone();
        measurement = measurement.clone();
        warnings = List.copyOf(warnings);
        requestPhkhs = requestPhkhs.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] cuid() {
        return cuid.clone();
    }

    @Override
    public byte[] userData() {
        return userData.clone();
    }

    @Override
    public byte[] measurement() {
        return measurement.clone();
    }

    @Override
    public TeeType tee() {
        return TeeType.IBM_SE;
    }

    @Override
    public CommonClaims commonClaims() {
        return CommonClaims.builder(TeeType.IBM_SE).reportData(userData).measurement("se_header_tag", headerTags.tag())
                .debug(false).tcbStatus(TcbStatus.NOT_EVALUATED).platformId(HEX.formatHex(cuid)).build();
    }

    @Override
    public Claims claims() {
        Claims.Builder c = Claims.builder().put("cuid", HEX.formatHex(cuid)).put("user_data", HEX.formatHex(userData))
                .put("se_header_tag", HEX.formatHex(headerTags.tag()))
                .put("flags", flags.stream().map(AttestationFlags::id).toList())
                .put("request_phkhs", requestPhkhs.stream().map(HEX::formatHex).toList())
                .put("measurement", HEX.formatHex(measurement));
        nonce.ifPresent(n -> c.put("nonce", HEX.formatHex(n)));
        additional.imagePhkh().ifPresent(v -> c.put("image_phkh", HEX.formatHex(v)));
        additional.attestationPhkh().ifPresent(v -> c.put("attestation_phkh", HEX.formatHex(v)));
        additional.secretStoreHash().ifPresent(v -> c.put("secret_store_hash", HEX.formatHex(v)));
        additional.firmwareState().ifPresent(v -> c.put("firmware_state", HEX.formatHex(v)));
        if (additional.unrecognized().length > 0) {
            c.put("unrecognized_additional_data", HEX.formatHex(additional.unrecognized()));
        }
        return c.build();
    }

    @Override
    public boolean explicitTrustAnchors() {
        return true;
    }

    /**
     * Explicit anchors (the caller's ARPK); revocation not checked here (the host-key documents'
     * CRLs were checked when the request was built, not when the response is verified).
     */
    @Override
    public VerificationInfo verification() {
        return new VerificationInfo(verifiedAt, TrustAnchors.Origin.EXPLICIT, false, commonClaims().tcbStatus(),
                warnings);
    }

    @Override
    public String toString() {
        return "SeAttestationResult[cuid=" + HEX.formatHex(cuid) + ", flags=" + flags + "]";
    }
}
