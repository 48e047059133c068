package io.tee4j.cca;

import static io.tee4j.cca.Vectors.hex;
import static io.tee4j.cca.Vectors.load;
import static io.tee4j.cca.Vectors.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.abi.CcaProfile;
import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.CcaTokenFormat;
import io.tee4j.cca.abi.CoseAlgorithm;
import io.tee4j.cca.abi.PlatformClaims;
import io.tee4j.cca.abi.RealmClaims;
import io.tee4j.cca.abi.RealmPublicKey;
import io.tee4j.cca.abi.SecurityLifecycle;
import io.tee4j.cca.abi.SoftwareComponent;
import io.tee4j.core.Claims;
import io.tee4j.core.crypto.EcCurve;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shared token decodes to the claims PROVENANCE.md gives. */
class CcaTokenDecodeTest {
    private static final byte[] TFRMM_IMPL = hex("7f454c4602010100000000000000000003003e00010000005058000000000000");
    private static final byte[] TFRMM_INST = hex("0107060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918");
    private static final byte[] SEQ32 = hex("07060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918");

    @ParameterizedTest
    @ValueSource(strings = {Vectors.TFRMM_399, Vectors.TFRMM_907})
    void tfrmmTokenClaims(String name) throws Exception {
        CcaToken t = CcaToken.decode(load(name));
        assertEquals(name.contains("399") ? CcaTokenFormat.LEGACY_TAG_399 : CcaTokenFormat.CMW_COLLECTION_TAG_907,
                t.format());
        PlatformClaims p = t.platformClaims();
        assertEquals(CcaProfile.PLATFORM_CCA_SSD_1_0, p.profile());
        assertEquals(CoseAlgorithm.ES384, t.platformAlgorithm());
        assertEquals("b5973cb68baa9fc55558786b7ec67f69e40df5ba5aa921cd0c27f40587a011ea", hex(p.challenge()));
        assertArrayEquals(TFRMM_IMPL, p.implementationId());
        assertArrayEquals(TFRMM_INST, p.instanceId());
        assertArrayEquals(TFRMM_INST, p.config());
        assertEquals(12291, p.lifecycle().value());
        assertEquals(SecurityLifecycle.State.SECURED, p.lifecycle().state());
        assertEquals("sha-256", p.hashAlgorithm());
        assertEquals("whatever.com", p.verificationService().orElseThrow());
        List<SoftwareComponent> c = p.softwareComponents();
        assertEquals(4, c.size());
        String[][] expected = {{"BL", "3.4.2"}, {"M1", "1.2"}, {"M2", "1.2.3"}, {"M3", "1"}};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i][0], c.get(i).type().orElseThrow());
            assertEquals(expected[i][1], c.get(i).version().orElseThrow());
            assertArrayEquals(SEQ32, c.get(i).measurement());
            assertArrayEquals(SEQ32, c.get(i).signerId());
        }
        assertEquals("sha-256", c.get(0).hashAlgorithm().orElseThrow());
        assertTrue(c.get(1).hashAlgorithm().isEmpty());

        RealmClaims r = t.realmClaims();
        assertTrue(r.profile().isEmpty());
        assertEquals(CoseAlgorithm.ES384, t.realmAlgorithm());
        assertArrayEquals(repeat(0xab, 64), r.challenge());
        assertEquals("The quick brown fox jumps over 13 lazy dogs.The quick brown fox ",
                new String(r.personalizationValue(), StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[32], r.initialMeasurement());
        assertEquals(4, r.extensibleMeasurements().size());
        r.extensibleMeasurements().forEach(m -> assertArrayEquals(new byte[32], m));
        assertEquals("sha-256", r.hashAlgorithm());
        assertEquals("sha-256", r.publicKeyHashAlgorithm());
        assertEquals(RealmPublicKey.Encoding.SEC1_POINT, r.publicKey().encoding());
        assertEquals(97, r.publicKey().encoded().length);
        assertEquals(EcCurve.P384, r.publicKey().curve());
        assertTrue(r.instanceId().isEmpty() && r.mecPolicy().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {Vectors.VERAISON_399, Vectors.VERAISON_907})
    void veraisonSyntheticClaims(String name) throws Exception {
        CcaToken t = CcaToken.decode(load(name));
        PlatformClaims p = t.platformClaims();
        assertEquals(CcaProfile.PLATFORM_2023, p.profile());
        assertEquals(CoseAlgorithm.ES256, t.platformAlgorithm());
        assertEquals(64, p.challenge().length);
        assertArrayEquals(new byte[32], p.implementationId());
        assertArrayEquals(hex("01" + "02".repeat(32)), p.instanceId());
        assertArrayEquals(hex("010203"), p.config());
        assertEquals(12288, p.lifecycle().value());
        assertEquals("https://veraison.example/v1/challenge-response", p.verificationService().orElseThrow());
        assertEquals(1, p.softwareComponents().size());
        assertArrayEquals(repeat(3, 32), p.softwareComponents().get(0).measurement());
        assertArrayEquals(repeat(4, 32), p.softwareComponents().get(0).signerId());
        assertTrue(p.softwareComponents().get(0).type().isEmpty());

        RealmClaims r = t.realmClaims();
        assertEquals(CcaProfile.REALM_2023, r.profile().orElseThrow());
        assertEquals("AB".repeat(32), new String(r.challenge(), StandardCharsets.US_ASCII));
        assertEquals("AD".repeat(32), new String(r.personalizationValue(), StandardCharsets.US_ASCII));
        assertEquals("C".repeat(64), new String(r.initialMeasurement(), StandardCharsets.US_ASCII));
        r.extensibleMeasurements().forEach(m -> assertEquals("C".repeat(64), new String(m, StandardCharsets.US_ASCII)));
        assertEquals(RealmPublicKey.Encoding.COSE_KEY, r.publicKey().encoding());
        assertEquals(EcCurve.P384, r.publicKey().curve());
        assertEquals("sha-512", r.publicKeyHashAlgorithm());
    }

    @Test
    void veraisonFormatsCarryTheSameMessages() throws Exception {
        CcaToken a = CcaToken.decode(load(Vectors.VERAISON_399));
        CcaToken b = CcaToken.decode(load(Vectors.VERAISON_907));
        assertArrayEquals(a.platformMessage().toBeSigned(), b.platformMessage().toBeSigned());
        assertArrayEquals(a.realmMessage().toBeSigned(), b.realmMessage().toBeSigned());
    }

    @Test
    void draftFfm00Claims() throws Exception {
        CcaToken t = CcaToken.decode(load(Vectors.FFM00));
        assertEquals(CcaTokenFormat.LEGACY_TAG_399, t.format());
        PlatformClaims p = t.platformClaims();
        assertEquals(CcaProfile.PLATFORM_2023, p.profile());
        assertEquals("0d22e08a98469058486318283489bdb36f09dbefeb1864df433fa6e54ea2d711", hex(p.challenge()));
        assertArrayEquals(hex("cfcfcfcf"), p.config());
        assertEquals(13, p.softwareComponents().size());
        assertEquals("RSE_BL1_2", p.softwareComponents().get(0).type().orElseThrow());
        assertEquals("SOC_FW_CONFIG", p.softwareComponents().get(12).type().orElseThrow());
        RealmClaims r = t.realmClaims();
        assertEquals(CcaProfile.REALM_2023, r.profile().orElseThrow());
        assertEquals("311314ab73620350cf758834ae5c65d9e8c2dc7febe6e7d9654bbe864e300d49", hex(r.initialMeasurement()));
        assertTrue(hex(r.extensibleMeasurements().get(0)).startsWith("24d5b0a2"));
        assertTrue(hex(r.extensibleMeasurements().get(1)).startsWith("788fc090"));
        assertTrue(hex(r.extensibleMeasurements().get(2)).startsWith("dac46a58"));
        assertTrue(hex(r.extensibleMeasurements().get(3)).startsWith("32c6afc6"));
        assertEquals(RealmPublicKey.Encoding.COSE_KEY, r.publicKey().encoding());
    }

    @Test
    void token02AndBug33Claims() throws Exception {
        CcaToken t = CcaToken.decode(load(Vectors.TOKEN_02));
        assertEquals(CcaProfile.PLATFORM_CCA_SSD_1_0, t.platformClaims().profile());
        assertEquals(CoseAlgorithm.ES256, t.platformAlgorithm());
        assertEquals("sha-512", t.realmClaims().publicKeyHashAlgorithm());
        CcaToken b = CcaToken.decode(load(Vectors.BUG_33));
        assertEquals("07060504030201000f0e0d0c0b0a090817161514131211101f1e1d1c1b1a1918",
                hex(b.platformClaims().challenge()));
        assertEquals(16, b.platformClaims().softwareComponents().size());
        assertEquals("sha-512", b.realmClaims().hashAlgorithm());
    }

    @ParameterizedTest
    @ValueSource(strings = {Vectors.TFRMM_399, Vectors.TFRMM_907, Vectors.VERAISON_399, Vectors.VERAISON_907,
            Vectors.FFM00, Vectors.TOKEN_02, Vectors.BUG_33})
    void claimsTreeHasEveryPart(String name) throws Exception {
        Claims c = CcaToken.decode(load(name)).toClaims();
        Map<String, Object> m = c.asMap();
        assertTrue(m.containsKey("format"));
        Claims platform = (Claims) m.get("platform");
        Claims realm = (Claims) m.get("realm");
        assertTrue(platform.asMap().containsKey("softwareComponents"));
        assertTrue(realm.asMap().containsKey("publicKey"));
        assertFalse(platform.asMap().containsKey("unknownClaimKeys"));
    }
}
