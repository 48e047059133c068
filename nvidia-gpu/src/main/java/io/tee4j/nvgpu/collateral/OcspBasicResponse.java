package io.tee4j.nvgpu.collateral;

import java.util.List;

/**
 * A successful basic OCSP response as {@link OcspResponseReader} read it: the exact
 * tbsResponseData bytes the signature covers, the signature algorithm and value, the certificates
 * it carries (DER, not yet parsed), the nonce extension's value if any, and its single responses.
 * Nothing in it is verified: the signer's authority, the nonce and the status are judged by
 * {@link OcspResponderAuthority}, {@link OcspMessages} and {@link OcspChecker}.
 *
 * @param tbsResponseData the signed bytes, as received
 * @param signatureAlgorithm the signature algorithm's OID
 * @param signatureParametersAbsentOrNull whether the algorithm identifier has no parameters or NULL
 * @param signature the BIT STRING value of the signature (no unused bits)
 * @param certificates the DER of each certificate in {@code certs}
 * @param nonce the extnValue OCTETs of the id-pkix-ocsp-nonce response extension, or null when absent
 * @param responses the single responses, in order
 */
record OcspBasicResponse(byte[] tbsResponseData, String signatureAlgorithm, boolean signatureParametersAbsentOrNull,
        byte[] signature, List<byte[]> certificates, byte[] nonce, List<OcspSingleResponse> responses) {
}
