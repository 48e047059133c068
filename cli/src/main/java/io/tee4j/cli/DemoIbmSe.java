package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.AttestationResult;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PerCallInputs;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.se.abi.AttestationFlags;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.client.SeRequest;
import io.tee4j.se.client.SeRequestBuilder;
import io.tee4j.se.simulator.SimulatedIbmPki;
import io.tee4j.se.simulator.UltravisorSimulator;
import io.tee4j.se.verify.HkdVerifier;
import io.tee4j.se.verify.SeTrustAnchors;
import io.tee4j.se.verify.VerifiedHkd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo's IBM Secure Execution step: HKD verified against a simulated IBM PKI, request built by
 * tee4j ({@code tee4j se request}), answered by the simulated Ultravisor ({@code tee4j attest
 * --tee ibm-se}), verified through the backend ({@code tee4j verify --tee ibm-se}); then the same
 * response with one bit flipped, which must be rejected.
 */
final class DemoIbmSe {
    private static final String SECTION = "Simulated TEEs: attest, then verify with the simulator's root passed explicitly";

    private DemoIbmSe() {
    }

    /** The simulated IBM PKI, made by the first step and reused by the second (RSA key generation is slow). */
    private static final class State {
        SimulatedIbmPki pki;

        SimulatedIbmPki pki(Instant now, SecureRandom random) throws Exception {
            if (pki == null) {
                pki = SimulatedIbmPki.create(now, random);
            }
            return pki;
        }
    }

    static List<DemoStep> steps() {
        State state = new State();
        return List.of(new DemoStep(SECTION, "ibm-se", "request, simulated Ultravisor, verify", step -> run(step, state, false)),
                new DemoStep(SECTION, "ibm-se", "response, one bit flipped", step -> run(step, state, true)));
    }

    private static DemoStep.Outcome run(DemoStep step, State state, boolean tamper) throws Exception {
        TeeBackend backend = Backends.all().get(TeeType.IBM_SE);
        if (backend == null) {
            return step.outcome("NOT IN THIS BUILD", "the ibm-se backend is missing", false);
        }
        SecureRandom random = new SecureRandom();
        Instant now = Instant.now();
        SimulatedIbmPki pki = state.pki(now, random);
        List<VerifiedHkd> hkds = HkdVerifier.of(SeTrustAnchors.explicit(List.of(pki.root())), pki.certificates(), pki.crls(),
                Clock.systemUTC()).verify(List.of(pki.hkd()));
        SeRequest request = SeRequestBuilder.withDefaultRandom().createRequest(hkds,
                EnumSet.of(AttestationFlags.IMAGE_PHKH, AttestationFlags.ATTESTATION_PHKH), null);
        byte[] tags = new byte[HeaderTags.SIZE];
        random.nextBytes(tags);
        byte[] cuid = new byte[16];
        random.nextBytes(cuid);
        byte[] user = "tee4j demo".getBytes(StandardCharsets.US_ASCII);
        byte[] response = new UltravisorSimulator(pki.hostKey(), HeaderTags.of(tags), cuid).attest(request.exchangeRequest(), user);
        if (tamper) {
            response[response.length - 1] ^= 1;
        }
        Path dir = Files.createTempDirectory("tee4j-demo-se");
        try {
            Path header = Files.write(dir.resolve("tags.bin"), tags);
            Path req = Files.write(dir.resolve("req.bin"), request.exchangeRequest());
            VerifierConfiguration config = VerifierConfiguration.builder().addCollateral(header).addCollateral(req).build();
            PerCallInputs inputs = PerCallInputs.builder().policy(VerifyCommand.parsePolicy(("{\"userData\": \""
                    + HexFormat.of().formatHex(user) + "\"}").getBytes(StandardCharsets.UTF_8))).build();
            AttestationResult r = backend.prepare(config).verify(backend.readEvidence(response).toBuilder()
                    .auxBlob(request.arpk().toByteArray(SecretAccess.INSECURE)).build(), inputs);
            return step.outcome("VERIFIED (simulated)", "HKD to explicit anchors (simulator), cuid="
                    + String.valueOf(r.claims().get("cuid")).substring(0, 8) + "…; nonce matched (user data)", !tamper);
        } catch (AttestationException e) {
            return step.outcome("REJECTED (" + e.failureClass().name().toLowerCase().replace('_', ' ') + ")",
                    e.getMessage(), tamper);
        } finally {
            request.arpk().destroy();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
