/**
 * Byte layouts of IBM Secure Execution attestation: the attestation request control block (ARCB
 * v1) and its keyslots, the SE image header v1 and its 208 bytes of boot-header tags, pvattest's
 * exchange format v1, the additional-data fields, the measurement (HMAC-SHA512) input and the
 * secret-store hash. Parsers check lengths, magic values and versions and throw
 * {@link io.tee4j.core.MalformedEvidenceException}; nothing here decrypts or authenticates
 * anything (the verify package does).
 */
package io.tee4j.se.abi;
