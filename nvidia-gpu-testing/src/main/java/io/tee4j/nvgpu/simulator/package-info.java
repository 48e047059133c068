/**
 * A simulated NVIDIA H100 for tests: device chain, signed reports, matching signed RIMs, OCSP and
 * RIM services, and a fake NVML. Its roots are trusted only when passed explicitly.
 */
package io.tee4j.nvgpu.simulator;
