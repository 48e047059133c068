/**
 * The evidence extension of attested TLS certificates: the RATS Conceptual Message Wrapper
 * (RFC 9999) in {@code id-pe-cmw}, tee4j's wrapper layout and report-data bindings, and read-only
 * decoders for Gramine RA-TLS, Edgeless Contrast and Constellation certificates.
 *
 * <p>Everything here decodes; nothing verifies. The trust manager in {@code io.tee4j.atls} hands
 * the evidence to the TEE's verifier and compares the verified report data with the binding.
 */
package io.tee4j.atls.cert;
