package io.tee4j.se.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.json.Json;
import io.tee4j.se.Vectors;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** expected.json "hkd_verification_offline" and "signing_key_chain_openssl" over IBM's fake PKI. */
class HkdVectorTest {
    static final Instant AT = Instant.parse("2026-10-01T00:00:00Z");

    static X509Certificate cert(String name) throws Exception {
        return Certificates.parseOne(Vectors.bytes(name));
    }

    static X509CRL crl(String name) throws Exception {
        return Certificates.parseCrl(Vectors.bytes(name));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> expected(String section) throws Exception {
        return (Map<String, Object>) ((Map<String, Object>) Json.parse(Vectors.bytes("expected.json"))).get(section);
    }

    @SuppressWarnings("unchecked")
    static List<X509CRL> crls(Object names) throws Exception {
        List<X509CRL> out = new ArrayList<>();
        for (Object n : (List<Object>) names) {
            out.add(crl((String) n));
        }
        return out;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOfflineHkdCaseReproduces() throws Exception {
        Map<String, Object> section = expected("hkd_verification_offline");
        int n = 0;
        for (Object o : (List<Object>) section.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String label = c.toString();
            String want = (String) c.get("result");
            try {
                HkdChecks.check(cert((String) c.get("hkd")), cert((String) c.get("signing_key")), crls(c.get("crls")), AT);
                assertEquals("OK", want, label);
            } catch (HkdRejectedException e) {
                assertEquals(want, e.problem().name(), label);
                assertEquals(FailureClass.COLLATERAL_UNAVAILABLE, e.failureClass());
            } catch (HkdRevocationUnavailableException e) {
                assertEquals(want, e.problem().name(), label);
                assertEquals(FailureClass.REVOCATION_UNAVAILABLE, e.failureClass());
            }
            n++;
        }
        assertEquals(22, n); // every row of expected.json (PROVENANCE counts 21 HKD files)
    }

    @Test
    @SuppressWarnings("unchecked")
    void signingKeyRecognitionMatches() throws Exception {
        Map<String, Object> want = (Map<String, Object>) expected("hkd_verification_offline").get("is_ibm_signing_key");
        for (Map.Entry<String, Object> e : want.entrySet()) {
            assertEquals(e.getValue(), IbmSigningKeys.isSigningKey(cert("cert/" + e.getKey())), e.getKey());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyChainCaseReproduces() throws Exception {
        Map<String, Object> section = expected("signing_key_chain_openssl");
        TrustAnchors anchors = SeTrustAnchors.explicit(List.of(cert((String) section.get("anchor"))));
        int n = 0;
        for (Object o : (List<Object>) section.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            String want = (String) c.get("result");
            List<X509Certificate> untrusted = new ArrayList<>();
            for (Object u : (List<Object>) c.get("untrusted")) {
                untrusted.add(cert((String) u));
            }
            String got;
            try {
                SigningKeyChain.validate(cert((String) c.get("leaf")), untrusted, anchors, crls(c.get("crls")), AT);
                got = "OK";
            } catch (HkdRejectedException e) {
                got = e.problem().name();
            } catch (HkdRevocationUnavailableException e) {
                got = e.problem().name();
            }
            assertEquals(chainVerdict(want), got, c.toString());
            n++;
        }
        assertEquals(11, n);
    }

    /** expected.json's OpenSSL verdicts in this backend's terms. */
    private static String chainVerdict(String openssl) {
        if (openssl.startsWith("OK")) {
            return "OK";
        }
        if (openssl.startsWith("REVOKED")) {
            return "SIGNING_KEY_REVOKED";
        }
        if (openssl.startsWith("NO CRL") || openssl.startsWith("CRL EXPIRED") || openssl.startsWith("NO USABLE CRL")) {
            return "NO_VALID_CRL";
        }
        return "SIGNING_KEY_CHAIN"; // EXPIRED (10), NO ISSUER (20)
    }

    @Test
    void fullVerifierAcceptsTheFakePkiAndReturnsThePhkh() throws Exception {
        HkdVerifier v = HkdVerifier.of(SeTrustAnchors.explicit(List.of(cert("cert/root_ca.crt"))),
                List.of(cert("cert/ibm.crt"), cert("cert/inter_ca.crt")),
                List.of(crl("cert/ibm.crl"), crl("cert/inter_ca.crl"), crl("cert/root_ca.crl")),
                Clock.fixed(AT, ZoneOffset.UTC));
        List<VerifiedHkd> ok = v.verify(List.of(cert("cert/host.crt"), cert("cert/host2.crt")));
        assertArrayEquals(Vectors.hex("24933f75ee107c806fe602a7da7b610e54369af96a847f2dcc4fcfdbd81fbc05"), ok.get(0).phkh());
        HkdRejectedException rev = assertThrows(HkdRejectedException.class, () -> v.verify(List.of(cert("cert/host_rev.crt"))));
        assertEquals(HkdProblem.REVOKED, rev.problem());
    }

    @Test
    void fullVerifierNeedsExactlyOneSigningKeyAndTheBundledRootRejectsTheFakePki() throws Exception {
        List<X509CRL> crls = List.of(crl("cert/ibm.crl"), crl("cert/inter_ca.crl"), crl("cert/root_ca.crl"));
        Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
        TrustAnchors fakeRoot = SeTrustAnchors.explicit(List.of(cert("cert/root_ca.crt")));
        expectProblem(HkdProblem.NO_SIGNING_KEY, HkdVerifier.of(fakeRoot, List.of(cert("cert/inter_ca.crt")), crls, clock));
        expectProblem(HkdProblem.NO_SIGNING_KEY, HkdVerifier.of(fakeRoot,
                List.of(cert("cert/ibm.crt"), cert("cert/ibm_armonk.crt"), cert("cert/inter_ca.crt")), crls, clock));
        expectProblem(HkdProblem.SIGNING_KEY_CHAIN, HkdVerifier.of(SeTrustAnchors.bundled(),
                List.of(cert("cert/ibm.crt"), cert("cert/inter_ca.crt")), crls, clock));
    }

    private static void expectProblem(HkdProblem want, HkdVerifier v) throws Exception {
        try {
            v.verify(List.of(cert("cert/host.crt")));
            fail("verified");
        } catch (HkdRejectedException e) {
            assertEquals(want, e.problem(), e.getMessage());
        } catch (AttestationException e) {
            fail(e);
        }
    }
}
