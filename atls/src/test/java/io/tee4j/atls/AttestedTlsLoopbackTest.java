package io.tee4j.atls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.atls.AttestedTlsException.Reason;
import io.tee4j.atls.cert.Bindings;
import io.tee4j.atls.cert.EvidenceFormat;
import io.tee4j.atls.cert.Freshness;
import io.tee4j.atls.cert.MediaTypes;
import io.tee4j.atls.cert.Tee4jWrapper;
import io.tee4j.core.FailureClass;
import io.tee4j.core.PolicyViolationException;
import io.tee4j.core.TeeType;
import io.tee4j.core.VerificationFailedException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Attested TLS over loopback sockets with the simulated SEV-SNP and TDX attesters and the uniform
 * verifiers: the handshake succeeds with matching evidence and policy, and every man in the middle
 * or mismatch aborts it with an alert on the server's side and a typed cause on the client's.
 */
class AttestedTlsLoopbackTest {

    private static AtlsPolicy policy(TeeType tee) {
        return AtlsPolicy.builder(tee).build();
    }

    private static SSLContext client(TeeType tee, boolean withRoot, AtlsPolicy policy) throws Exception {
        return AttestedTls.client(SimulatedTees.get().verifier(tee, withRoot), policy);
    }

    private static Loopback attestedServer(TeeType tee) throws Exception {
        return new Loopback(AttestedTls.server(SimulatedTees.get().attester(tee), AtlsServerOptions.defaults()));
    }

    @Test
    void snpHandshakeSucceedsAndThePeerIsReadable() throws Exception {
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            SSLContext ctx = client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP));
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
                s.startHandshake();
                AttestedPeer peer = AttestedTls.peer(s.getSession()).orElseThrow();
                assertEquals(TeeType.SEV_SNP, peer.result().tee());
                assertEquals(EvidenceFormat.TEE4J_CMW, peer.format());
                assertEquals(Freshness.CLIENT_NONCE, peer.freshness());
                assertEquals("TLSv1.3", s.getSession().getProtocol());
                String greeting = new String(s.getInputStream().readNBytes(Loopback.GREETING.length()),
                        StandardCharsets.US_ASCII);
                assertEquals(Loopback.GREETING, greeting);
            }
            assertEquals("ok", server.nextOutcome());
        }
    }

    @Test
    void tdxHandshakeSucceeds() throws Exception {
        try (Loopback server = attestedServer(TeeType.TDX)) {
            assertEquals(Loopback.GREETING, server.fetch(client(TeeType.TDX, true, policy(TeeType.TDX))
                    .getSocketFactory()));
        }
    }

    @Test
    void eachHandshakeGetsItsOwnNonceAndCertificate() throws Exception {
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            SSLContext ctx = client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP));
            byte[] first;
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
                s.startHandshake();
                first = s.getSession().getPeerCertificates()[0].getEncoded();
            }
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
                s.startHandshake();
                assertTrue(AttestedTls.peer(s.getSession()).isPresent(), "a second handshake is attested afresh");
                assertTrue(!java.util.Arrays.equals(first, s.getSession().getPeerCertificates()[0].getEncoded()));
            }
        }
    }

    /** Runs a handshake expected to fail; returns the client's typed cause after checking the server saw an alert. */
    private static AttestedTlsException refused(Loopback server, SSLContext client) throws Exception {
        SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
                () -> server.fetch(client.getSocketFactory()));
        Object serverSide = server.nextOutcome();
        assertInstanceOf(java.io.IOException.class, serverSide, "the server sees the handshake fail");
        if (serverSide instanceof SSLHandshakeException) {
            // Otherwise the client's close reset the connection before the server read the alert.
            assertTrue(((Exception) serverSide).getMessage().contains("certificate_unknown"),
                    "the client sent a certificate alert: " + serverSide);
        }
        return AttestedTls.failureOf(e).orElseThrow(() -> new AssertionError("no typed cause in " + e));
    }

    @Test
    void certificateWithoutEvidenceIsRefused() throws Exception {
        try (Loopback mitm = Loopback.withKeyManager(new ForgingKeyManager((nonce, spki) -> null))) {
            AttestedTlsException e = refused(mitm, client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP)));
            assertEquals(Reason.NO_EVIDENCE, e.reason());
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
        }
    }

    @Test
    void genuineEvidenceBoundToAnotherKeyIsRefused() throws Exception {
        // The man in the middle relays the client's nonce to a genuine TEE, which binds its own key.
        SimulatedTees sims = SimulatedTees.get();
        byte[] genuineKey = AttestedTls.keyManager(sims.attester(TeeType.SEV_SNP), AtlsServerOptions.defaults())
                .subjectPublicKeyInfo();
        ForgingKeyManager relay = new ForgingKeyManager((nonce, spki) -> Tee4jWrapper.write(
                sims.attester(TeeType.SEV_SNP).attest(Bindings.sha512(genuineKey, nonce.orElseThrow())),
                MediaTypes.NONCE, nonce.orElseThrow()));
        try (Loopback mitm = Loopback.withKeyManager(relay)) {
            AttestedTlsException e = refused(mitm, client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP)));
            assertEquals(Reason.KEY_BINDING_MISMATCH, e.reason());
        }
    }

    @Test
    void evidenceReplayedFromAnotherHandshakeIsRefusedAsStale() throws Exception {
        // A host that holds the key replays the certificate of an earlier handshake (nonce `old`).
        SimulatedTees sims = SimulatedTees.get();
        byte[] old = new byte[45];
        new SecureRandom().nextBytes(old);
        byte[][] recorded = new byte[1][];
        ForgingKeyManager replayer = new ForgingKeyManager((nonce, spki) -> {
            if (recorded[0] == null) {
                recorded[0] = Tee4jWrapper.write(sims.attester(TeeType.SEV_SNP).attest(Bindings.sha512(spki, old)),
                        MediaTypes.NONCE, old);
            }
            return recorded[0];
        });
        try (Loopback mitm = Loopback.withKeyManager(replayer)) {
            AttestedTlsException e = refused(mitm, client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP)));
            assertEquals(Reason.STALE_NONCE, e.reason());
        }
    }

    @Test
    void evidenceFromAnotherTeeThanThePolicyNamesIsRefused() throws Exception {
        try (Loopback server = attestedServer(TeeType.TDX)) {
            AttestedTlsException e = refused(server, client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP)));
            assertEquals(Reason.WRONG_TEE, e.reason());
            assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        }
    }

    @Test
    void evidenceFailingThePolicyIsRefused() throws Exception {
        AtlsPolicy strict = AtlsPolicy.builder(TeeType.SEV_SNP)
                .backendPolicyJson(("{\"measurements\":[\"" + "ab".repeat(48) + "\"]}").getBytes(StandardCharsets.UTF_8))
                .build();
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            AttestedTlsException e = refused(server, client(TeeType.SEV_SNP, true, strict));
            assertEquals(Reason.EVIDENCE_REJECTED, e.reason());
            assertInstanceOf(PolicyViolationException.class, e.getCause());
            assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        }
    }

    @Test
    void simulatedEvidenceWithoutItsRootIsRefused() throws Exception {
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            AttestedTlsException e = refused(server, client(TeeType.SEV_SNP, false, policy(TeeType.SEV_SNP)));
            assertEquals(Reason.EVIDENCE_REJECTED, e.reason());
            assertInstanceOf(VerificationFailedException.class, e.getCause());
            assertEquals(FailureClass.VERIFICATION_FAILED, e.failureClass());
        }
    }

    /** A client that sends no nonce (a plain context with the trust manager, SNI = the host name). */
    private static SSLContext noNonceClient(AtlsPolicy policy) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new TrustManager[] {AttestedTls.trustManager(SimulatedTees.get().verifier(policy.tee(), true),
                policy)}, null);
        return ctx;
    }

    @Test
    void timeWindowEvidenceIsRefusedByDefault() throws Exception {
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            AttestedTlsException e = refused(server, noNonceClient(policy(TeeType.SEV_SNP)));
            assertEquals(Reason.NO_NONCE, e.reason());
            assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        }
    }

    @Test
    void timeWindowEvidenceIsAcceptedWhenThePolicySaysSo() throws Exception {
        AtlsPolicy lenient = AtlsPolicy.builder(TeeType.SEV_SNP).acceptTimeWindowEvidence(Duration.ofMinutes(15)).build();
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            try (SSLSocket s = (SSLSocket) noNonceClient(lenient).getSocketFactory().createSocket("localhost",
                    server.port())) {
                s.startHandshake();
                assertEquals(Freshness.TIME_WINDOW, AttestedTls.peer(s.getSession()).orElseThrow().freshness());
            }
        }
        AtlsPolicy tooShort = AtlsPolicy.builder(TeeType.SEV_SNP).acceptTimeWindowEvidence(Duration.ofMinutes(5)).build();
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            assertEquals(Reason.WINDOW_REFUSED, refused(server, noNonceClient(tooShort)).reason());
        }
    }

    @Test
    void theServerBindsTheNonceTheClientSent() throws Exception {
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            SSLContext ctx = client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP));
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", server.port())) {
                String label = ((javax.net.ssl.SNIHostName) s.getSSLParameters().getServerNames().get(0)).getAsciiName();
                assertEquals(60, label.length());
                s.startHandshake();
                byte[] spki = s.getSession().getPeerCertificates()[0].getPublicKey().getEncoded();
                byte[] reportData = AttestedTls.peer(s.getSession()).orElseThrow().result().commonClaims().reportData();
                assertArrayEquals(Bindings.sha512(spki, java.util.Base64.getDecoder().decode(label)), reportData);
            }
        }
    }

    @Test
    void hostnameVerificationIsAvailableInAddition() throws Exception {
        AtlsPolicy withHost = AtlsPolicy.builder(TeeType.SEV_SNP).verifyHostname(true).build();
        AtlsServerOptions named = AtlsServerOptions.builder().dnsNames(java.util.List.of("localhost")).build();
        try (Loopback server = new Loopback(AttestedTls.server(SimulatedTees.get().attester(TeeType.SEV_SNP), named))) {
            assertEquals(Loopback.GREETING, server.fetch(client(TeeType.SEV_SNP, true, withHost).getSocketFactory()));
        }
        try (Loopback server = attestedServer(TeeType.SEV_SNP)) {
            assertEquals(Reason.HOSTNAME_MISMATCH, refused(server, client(TeeType.SEV_SNP, true, withHost)).reason());
        }
    }

    @Test
    void aFailingAttesterFailsTheHandshakeOnTheServer() throws Exception {
        io.tee4j.core.Attester broken = new io.tee4j.core.Attester() {
            @Override
            public TeeType type() {
                return TeeType.SEV_SNP;
            }

            @Override
            public io.tee4j.core.Evidence attest(byte[] reportData) throws io.tee4j.core.TeeUnavailableException {
                throw new io.tee4j.core.TeeUnavailableException("the device is gone");
            }
        };
        AttestedKeyManager km = AttestedTls.keyManager(broken, AtlsServerOptions.defaults());
        try (Loopback server = Loopback.withKeyManager(km)) {
            assertThrows(SSLHandshakeException.class, () -> server.fetch(
                    client(TeeType.SEV_SNP, true, policy(TeeType.SEV_SNP)).getSocketFactory()));
            assertInstanceOf(io.tee4j.core.TeeUnavailableException.class, km.lastFailure().orElseThrow());
        }
    }

    @Test
    void verifierAndPolicyForDifferentTeesAreAProgrammingError() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> AttestedTls.client(
                SimulatedTees.get().verifier(TeeType.TDX, true), policy(TeeType.SEV_SNP)));
        assertEquals(Optional.empty(), AttestedTls.failureOf(new RuntimeException("unrelated")));
    }
}
