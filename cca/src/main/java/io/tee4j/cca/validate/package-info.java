/**
 * What a verified CCA token is checked against: {@link io.tee4j.cca.validate.CcaPolicy} (read from a
 * policy document), reference values and the per-claim appraisal.
 */
package io.tee4j.cca.validate;
