/**
 * Internals of tee4j attested TLS: the SNI nonce, the certificate minter (bcprov ASN.1, no
 * bcpkix) and the client context that puts a fresh nonce into every engine and socket. Not API:
 * other modules must not use this package.
 */
package io.tee4j.atls.internal;
