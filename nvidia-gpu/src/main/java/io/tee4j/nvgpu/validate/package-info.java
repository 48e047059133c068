/** The NVIDIA GPU policy, its JSON reader and the measurement appraisal against RIM reference values; every violation names its policy JSON key. */
package io.tee4j.nvgpu.validate;
