/**
 * What a relying party requires of a verified IBM Secure Execution response ({@link
 * io.tee4j.se.validate.SePolicy}): the expected image header tags, allowed host-key hashes,
 * secret-store hash, user data and nonce; violations carry the policy JSON key as rule id.
 */
package io.tee4j.se.validate;
