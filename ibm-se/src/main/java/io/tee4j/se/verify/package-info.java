/**
 * Verification of IBM Secure Execution attestation: host-key documents to IBM's signing key and
 * its CA chain with CRLs (before a request is built), and an Ultravisor response by decrypting
 * the request with the ARPK (AES-GCM authenticates it) and recomputing the HMAC-SHA512
 * measurement over the expected image's header tags. There is no hardware signature: a response is
 * genuine only because the measurement key reached nothing but an Ultravisor holding a verified
 * host key.
 */
package io.tee4j.se.verify;
