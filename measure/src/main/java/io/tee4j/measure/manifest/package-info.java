/**
 * Reference manifests: named entries of build artifacts and launch parameters from which the
 * SEV-SNP {@code MEASUREMENT}, TDX {@code MRTD}/RTMRs and CCA RIM a guest should report are derived,
 * so a policy pins values under a release's name rather than opaque hex. Reading a manifest checks
 * its shape and keeps every artifact read inside the manifest's folder; it does not establish where
 * the artifacts came from.
 */
package io.tee4j.measure.manifest;
