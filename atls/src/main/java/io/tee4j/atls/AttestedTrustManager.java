package io.tee4j.atls;

import io.tee4j.atls.internal.NonceSslContexts;
import io.tee4j.atls.internal.SniNonce;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The attested client's trust manager: during the handshake, before any application byte is
 * sent, it decodes the server certificate's evidence, verifies it with the TEE's prepared
 * verifier and the {@link AtlsPolicy}, and checks that the verified report data binds the
 * certificate's key and the nonce this connection sent in SNI. A refusal aborts the handshake
 * with an alert; the {@link AttestedTlsException} is the cause of the {@link CertificateException}
 * (see {@link AttestedTls#failureOf(Throwable)}). On success the {@link AttestedPeer} is stored in
 * the handshake session ({@link AttestedTls#peer(javax.net.ssl.SSLSession)}).
 *
 * <p>What it verifies: everything the TEE's verifier verifies (signatures, chain to the
 * verifier's roots, collateral, revocation, TCB, the backend policy), the TEE type, the key and
 * nonce binding. What it does not: a certificate chain to any CA (the certificate is self-signed
 * and minted per handshake; TLS's CertificateVerify proves the server holds its key), and the host
 * name unless the policy asks. The two-argument {@code checkServerTrusted} has no connection and
 * hence no nonce: only time-window evidence can pass it. Client certificates are refused (mutual
 * attestation is not built).
 */
public final class AttestedTrustManager extends X509ExtendedTrustManager {
    private final PeerAppraisal appraisal;

    AttestedTrustManager(PeerAppraisal appraisal) {
        this.appraisal = appraisal;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (!(socket instanceof SSLSocket)) {
            check(chain, null, Optional.empty(), null);
            return;
        }
        SSLSocket s = (SSLSocket) socket;
        check(chain, s.getSSLParameters(), NonceSslContexts.peerHost(s), s.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        if (engine == null) {
            check(chain, null, Optional.empty(), null);
            return;
        }
        check(chain, engine.getSSLParameters(), NonceSslContexts.peerHost(engine), engine.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null, Optional.empty(), null);
    }

    /**
     * Appraises the leaf with the nonce in the connection's SNI (none without parameters) and the
     * host the application named; stores the peer in the handshake session.
     */
    private void check(X509Certificate[] chain, SSLParameters params, Optional<String> host, SSLSession handshake)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        Optional<byte[]> nonce = params == null ? Optional.empty() : SniNonce.parse(params.getServerNames());
        try {
            AttestedPeer peer = appraisal.appraise(chain[0], nonce, host);
            if (handshake != null) {
                handshake.putValue(AttestedTls.PEER_SESSION_KEY, peer);
            }
        } catch (AttestedTlsException e) {
            throw new CertificateException("attested TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("attested TLS: client attestation is not supported by this trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
