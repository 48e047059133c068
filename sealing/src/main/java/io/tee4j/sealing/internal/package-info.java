/**
 * Not API: HKDF, the AES-GCM wrapper and the sealing of blobs and segments with them. May change
 * in any release. The byte layout they seal is in {@code io.tee4j.sealing.format}.
 */
package io.tee4j.sealing.internal;
