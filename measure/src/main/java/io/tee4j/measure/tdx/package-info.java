/**
 * Intel TDX measured identity: MRTD from a TDVF image in either page-add order
 * ({@link io.tee4j.measure.tdx.Mrtd}), the RTMR events derivable from build inputs for a QEMU
 * direct boot ({@link io.tee4j.measure.tdx.DirectBoot}, {@link io.tee4j.measure.tdx.Rtmr0Model}),
 * td-shim payload digests, and replay of a CC event log with per-event attribution
 * ({@link io.tee4j.measure.tdx.EventLogReplay}). Follows td-shim's and dstack-mr's tools.
 */
package io.tee4j.measure.tdx;
