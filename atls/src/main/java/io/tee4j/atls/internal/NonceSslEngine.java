package io.tee4j.atls.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An engine that sends its nonce label in SNI whatever server names the caller sets, and speaks
 * TLS 1.3 only (see {@link NonceSslContexts}). Everything else is the inner JDK engine's: the
 * trust manager receives the inner engine, whose parameters carry the nonce.
 */
final class NonceSslEngine extends SSLEngine {
    private final SSLEngine inner;
    private final String label;

    /** Wraps {@code inner}, made with the label as its peer host; {@code host} is the one the caller named. */
    NonceSslEngine(SSLEngine inner, String label, String host, int port) {
        super(host, port);
        this.inner = inner;
        this.label = label;
        inner.setUseClientMode(true);
        inner.setSSLParameters(NonceSslContexts.withNonce(inner.getSSLParameters(), label));
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        inner.setSSLParameters(NonceSslContexts.withNonce(copy(params), label));
    }

    private static SSLParameters copy(SSLParameters p) {
        SSLParameters c = new SSLParameters(p.getCipherSuites(), p.getProtocols());
        c.setAlgorithmConstraints(p.getAlgorithmConstraints());
        c.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
        c.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
        c.setEnableRetransmissions(p.getEnableRetransmissions());
        c.setMaximumPacketSize(p.getMaximumPacketSize());
        c.setApplicationProtocols(p.getApplicationProtocols());
        if (p.getNeedClientAuth()) {
            c.setNeedClientAuth(true);
        } else if (p.getWantClientAuth()) {
            c.setWantClientAuth(true);
        }
        if (p.getSNIMatchers() != null) {
            c.setSNIMatchers(p.getSNIMatchers());
        }
        return c;
    }

    @Override
    public SSLParameters getSSLParameters() {
        return inner.getSSLParameters();
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        return inner.wrap(srcs, offset, length, dst);
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        return inner.unwrap(src, dsts, offset, length);
    }

    @Override
    public Runnable getDelegatedTask() {
        return inner.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        inner.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return inner.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        inner.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return inner.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return inner.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return inner.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        inner.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return inner.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return inner.getEnabledProtocols();
    }

    /** Only TLS 1.3 stays enabled, whatever is asked for. */
    @Override
    public void setEnabledProtocols(String[] protocols) {
        inner.setEnabledProtocols(NonceSslContexts.TLS13.clone());
    }

    @Override
    public SSLSession getSession() {
        return inner.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return inner.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
        inner.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
        return inner.getHandshakeStatus();
    }

    /** Always a client: the nonce is a client's. */
    @Override
    public void setUseClientMode(boolean mode) {
        if (!mode) {
            throw new IllegalArgumentException("an attested TLS client engine cannot be put in server mode");
        }
    }

    @Override
    public boolean getUseClientMode() {
        return true;
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        inner.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return inner.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        inner.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return inner.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        inner.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return inner.getEnableSessionCreation();
    }

    @Override
    public String getApplicationProtocol() {
        return inner.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return inner.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        inner.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return inner.getHandshakeApplicationProtocolSelector();
    }
}
