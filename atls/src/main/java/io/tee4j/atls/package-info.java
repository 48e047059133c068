/**
 * Attested TLS for Java on the JDK's TLS stack: {@link io.tee4j.atls.AttestedTls} makes server and
 * client {@code SSLContext}s (and the raw key and trust managers), {@link io.tee4j.atls.AtlsPolicy}
 * says what a client accepts, {@link io.tee4j.atls.AttestedTlsException} says why a peer was
 * refused. See {@link io.tee4j.atls.AttestedTls} for what is and is not protected.
 */
package io.tee4j.atls;
