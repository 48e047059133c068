/**
 * The CCA verifier as a pipeline of named steps (platform signature with a CPAK, realm signature with
 * the RAK, RAK binding, challenge, appraisal, policy) and the CPAK trust anchors it uses.
 */
package io.tee4j.cca.verify;
