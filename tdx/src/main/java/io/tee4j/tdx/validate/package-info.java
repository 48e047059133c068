/**
 * What a relying party requires of an authentic TDX quote ({@link io.tee4j.tdx.validate.TdxPolicy}),
 * and its JSON reader. Applied by {@code TdxVerifier} after every check.
 */
package io.tee4j.tdx.validate;
