package io.tee4j.se;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.FailureClass;
import io.tee4j.core.SecretAccess;
import io.tee4j.core.SecretBytes;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.se.abi.HeaderTags;
import io.tee4j.se.abi.SeHeader;
import io.tee4j.se.verify.ArcbAuthenticationException;
import io.tee4j.se.verify.MeasurementMismatchException;
import io.tee4j.se.verify.SeAttestationResult;
import io.tee4j.se.verify.SeVerifier;
import io.tee4j.se.validate.SePolicy;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** composite-1/expected.json: the response verifies and its four tampered copies do not. */
class CompositeVectorTest {
    private static final SeVerifier VERIFIER = SeVerifier.systemClock();

    static SecretBytes arpk() {
        return SecretBytes.copyOf(Vectors.bytes("composite-1/arpk.bin"), SecretAccess.INSECURE);
    }

    static List<HeaderTags> tags() throws Exception {
        return List.of(SeHeader.parse(Vectors.bytes("s390tools-secure_guest.hdr")).tags());
    }

    @Test
    void compositeResponseVerifies() throws Exception {
        SeAttestationResult r = VERIFIER.verify(Vectors.bytes("composite-1/response.bin"),
                Vectors.bytes("composite-1/request.bin"), arpk(), tags(), SePolicy.builder().build());
        HexFormat hex = HexFormat.of();
        assertEquals("6acf8cfb987d23eb4f9151e8c2e58357", hex.formatHex(r.cuid()));
        assertEquals("782966a6298f6f5968780c3134ca4c55958d2dbca5292f59e9f5d2670befaf2f",
                hex.formatHex(r.additional().imagePhkh().orElseThrow()));
        assertEquals("415c25a5d19c381e619733e1c1b7fbd88bdd1c31d882d5ade04b97043c5010f0",
                hex.formatHex(r.additional().attestationPhkh().orElseThrow()));
        assertEquals("c962e67934e97c3f32bb5d82a425a8b3ad4738a77a9b0f5309b3c535b5dcd1ae377266bb547045eb9e931c9648b16fb5830132d095e1712337648b6767adfc32",
                hex.formatHex(r.userData()));
        assertEquals("4f5ae0cf43485e2442c06f6787988821d6b0a3820c874739941fe01007297f8015fde3db16192d83b521a293abf0f3c4684227253edeca84dc019fd8817c4f63",
                hex.formatHex(r.measurement()));
        assertEquals("92309d4589b9a85b427f8753171d1520", r.claims().get("se_header_tag"));
        assertArrayEquals(Vectors.hex("415c25a5d19c381e619733e1c1b7fbd88bdd1c31d882d5ade04b97043c5010f0"), r.requestPhkhs().get(0));
    }

    @Test
    void fourTamperedResponsesAreMeasurementMismatches() throws Exception {
        for (String bad : List.of("measurement", "additional", "user", "cuid")) {
            byte[] resp = Vectors.bytes("composite-1/response-bad-" + bad + ".bin");
            MeasurementMismatchException e = assertThrows(MeasurementMismatchException.class,
                    () -> VERIFIER.verify(resp, null, arpk(), tags(), SePolicy.builder().build()), bad);
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
        }
    }

    @Test
    void wrongArpkIsAnAuthenticationFailure() {
        SecretBytes wrong = SecretBytes.copyOf(Vectors.fill(0x18, 32), SecretAccess.INSECURE);
        assertThrows(ArcbAuthenticationException.class,
                () -> VERIFIER.verify(Vectors.bytes("composite-1/response.bin"), null, wrong, tags(), SePolicy.builder().build()));
    }

    @Test
    void anotherHeaderTagOrPldIsAMeasurementMismatch() throws Exception {
        for (int at : new int[] {0, 207}) {
            byte[] t = tags().get(0).toBytes();
            t[at] ^= 1;
            List<HeaderTags> other = List.of(HeaderTags.of(t));
            assertThrows(MeasurementMismatchException.class,
                    () -> VERIFIER.verify(Vectors.bytes("composite-1/response.bin"), null, arpk(), other, SePolicy.builder().build()));
        }
    }

    @Test
    void responseToAnotherRequestIsRefused() throws Exception {
        byte[] otherRequest = Vectors.bytes("composite-1/request.bin");
        otherRequest[otherRequest.length - 1] ^= 1;
        VerificationFailedException e = assertThrows(VerificationFailedException.class,
                () -> VERIFIER.verify(Vectors.bytes("composite-1/response.bin"), otherRequest, arpk(), tags(), SePolicy.builder().build()));
        assertEquals(VerificationFailedException.Reason.BINDING, e.reason());
    }

    @Test
    void everySingleBitFlipOfTheResponseIsRejected() throws Exception {
        byte[] good = Vectors.bytes("composite-1/response.bin");
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] resp = good.clone();
                resp[i] ^= (byte) (1 << bit);
                int at = i;
                assertThrows(io.tee4j.core.AttestationException.class,
                        () -> VERIFIER.verify(resp, null, arpk(), tags(), SePolicy.builder().build()), "byte " + at);
            }
        }
    }
}
