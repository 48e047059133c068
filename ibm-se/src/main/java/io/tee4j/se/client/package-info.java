/**
 * The requesting side of IBM Secure Execution attestation: building an attestation request for
 * verified host-key documents ({@link io.tee4j.se.client.SeRequestBuilder}), the P-521 key
 * wrapping it uses, storing the ARPK, and the guest-side attester over {@code /dev/uv}.
 */
package io.tee4j.se.client;
