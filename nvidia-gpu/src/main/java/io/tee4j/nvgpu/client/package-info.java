/** Device access through NVML: the attester that fetches reports and certificate chains from the GPU, and a probe of the NVML path. */
package io.tee4j.nvgpu.client;
