/** Implementation details of the NVIDIA GPU backend; not API. */
package io.tee4j.nvgpu.internal;
