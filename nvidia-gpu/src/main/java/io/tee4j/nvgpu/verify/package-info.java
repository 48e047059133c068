/** The NVIDIA GPU verifier as a pipeline of named steps (device chain, report binding, revocation, RIMs, appraisal), its result and trust anchors. */
package io.tee4j.nvgpu.verify;
