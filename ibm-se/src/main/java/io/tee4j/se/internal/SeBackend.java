package io.tee4j.se.internal;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.Claims;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.TypedPreparedVerifier;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.core.util.CollateralFiles;
import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.abi.Keyslot;
import io.tee4j.se.abi.SeHeader;
import io.tee4j.se.abi.SeImages;
import io.tee4j.se.validate.SePolicy;
import io.tee4j.se.verify.SeVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The IBM Secure Execution backend of the {@code tee4j} command and sidecar.
 *
 * <p>Inputs: the evidence is a pvattest exchange-format response; its {@linkplain Evidence#auxBlob()
 * aux blob} must carry the request's 32-byte ARPK (only the party that built the request can
 * verify the answer). {@code --collateral} files are SE header files ({@code IBMSecEx}, from
 * {@code pvextract-hdr}), whole SE images (the header found as pvattest finds it), 208-byte tag
 * sets, or at most one exchange-format request, which the response must answer. The policy
 * ({@link SePolicy#fromDocument}) may add {@code headerTags}. No trust roots or certificates are
 * taken here: HKDs are verified when the request is built ({@code tee4j se request}); the
 * revocation mode does not apply to a response.
 */
public final class SeBackend implements TeeBackend {
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public TeeType type() {
        return TeeType.IBM_SE;
    }

    /**
     * {@code --nonce} is the guest's user data ({@code userData}): 1 to 64 bytes here, compared
     * exactly, with no padding (the guest passes it to the Ultravisor as given).
     */
    @Override
    public Optional<NonceBinding> nonceBinding() {
        return Optional.of(NonceBinding.upTo("userData", 64));
    }

    @Override
    public Evidence readEvidence(byte[] content) throws MalformedEvidenceException {
        ExchangeFile.parse(content).requireResponse();
        return Evidence.of(TeeType.IBM_SE, content);
    }

    @Override
    public Claims describe(Evidence evidence) throws MalformedEvidenceException {
        ExchangeFile f = ExchangeFile.parse(evidence.raw()).requireResponse();
        Arcb arcb = Arcb.parse(f.arcb());
        return Claims.builder().put("verified", false).put("cuid", HEX.formatHex(f.cuid().data()))
                .put("user_data", HEX.formatHex(f.userDataBytes()))
                .put("measurement", HEX.formatHex(f.measurement().data()))
                .put("additional_data", HEX.formatHex(f.additionalBytes()))
                .put("flags", arcb.flags().stream().map(a -> a.id()).toList())
                .put("request_phkhs", arcb.keyslots().stream().map(Keyslot::phkh).map(HEX::formatHex).toList())
                .build();
    }

    @Override
    public PreparedVerifier prepare(VerifierConfiguration config) throws AttestationException, PolicyFormatException {
        if (!config.trustRoots().isEmpty() || !config.rimTrustRoots().isEmpty()) {
            throw new PolicyFormatException("--trust-root", "ibm-se responses take no trust roots: the HKDs are "
                    + "verified when the request is built (tee4j se request)");
        }
        List<HeaderTags> tags = new ArrayList<>();
        byte[] request = null;
        for (Path file : CollateralFiles.expand(config.collateral())) {
            byte[] content = CollateralFiles.read(file);
            if (startsWith(content, SeHeader.MAGIC)) {
                tags.add(SeHeader.parse(content).tags());
            } else if (startsWith(content, ExchangeFile.MAGIC)) {
                if (request != null) {
                    throw new PolicyFormatException("--collateral " + file, "at most one SE request may be given");
                }
                request = content;
            } else if (content.length == HeaderTags.SIZE) {
                tags.add(HeaderTags.of(content));
            } else {
                tags.add(imageHeader(file, content));
            }
        }
        return TypedPreparedVerifier.of(TeeType.IBM_SE, SePolicy.builder().build(), SePolicy::fromDocument,
                new ResponseCheck(List.copyOf(tags), request));
    }

    private static HeaderTags imageHeader(Path file, byte[] content) throws PolicyFormatException {
        try {
            return SeImages.header(content).tags();
        } catch (MalformedEvidenceException e) {
            throw new PolicyFormatException("--collateral " + file,
                    "not an SE header, an SE image, a 208-byte tag set or an exchange-format request");
        }
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(Arrays.copyOf(content, magic.length), magic);
    }

    /** The verification of one response against the expected images' tags and the request, read once. */
    private static final class ResponseCheck implements TypedPreparedVerifier.TypedVerification<SePolicy> {
        private final List<HeaderTags> tags;
        private final byte[] request;

        ResponseCheck(List<HeaderTags> tags, byte[] request) {
            this.tags = tags;
            this.request = request;
        }

        @Override
        public AttestationResult verify(Evidence evidence, List<byte[]> certificates, SePolicy policy, Instant at)
                throws AttestationException, PolicyFormatException {
            if (!certificates.isEmpty()) {
                throw new PolicyFormatException("--cert", "ibm-se responses take no certificates");
            }
            byte[] arpk = evidence.auxBlob().orElseThrow(() -> new PolicyFormatException("--arpk",
                    "verifying an ibm-se response needs the request's ARPK (32 bytes)"));
            if (arpk.length != 32) {
                throw new PolicyFormatException("--arpk", "an ARPK is 32 bytes, not " + arpk.length);
            }
            try (SecretBytes key = SecretBytes.copyOf(arpk, SecretAccess.INSECURE)) {
                SeVerifier verifier = new SeVerifier(Clock.fixed(at, ZoneOffset.UTC));
                return verifier.verify(evidence.raw(), request, key, tags, policy);
            } finally {
                Arrays.fill(arpk, (byte) 0);
            }
        }
    }
}
