/**
 * Clients of AMD's Key Distribution Service (VCEKs, certificate chains, CRLs) and its URL scheme.
 *
 * @since 0.1
 */
package io.tee4j.snp.collateral;
