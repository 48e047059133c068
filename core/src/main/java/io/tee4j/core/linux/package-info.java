/**
 * Linux plumbing shared by the TEE backends: ioctls on guest device files and the configfs-tsm
 * report interface.
 *
 * <ul>
 *   <li>ioctls: {@link io.tee4j.core.linux.IoctlNumbers} computes request numbers as the kernel's
 *       {@code _IOWR} does; {@link io.tee4j.core.linux.NativeBuffer} holds structs marshalled by
 *       hand (little-endian); {@link io.tee4j.core.linux.Devices} opens a
 *       {@link io.tee4j.core.linux.DeviceFile}, whose ioctls fail with
 *       {@link io.tee4j.core.linux.IoctlException} (errno and its name).
 *       {@link io.tee4j.core.linux.NativeDevices} is the JNA direct-mapped implementation on libc
 *       or on a named library (a fake driver in tests); {@link io.tee4j.core.linux.Backoff}
 *       retries transient failures.</li>
 *   <li>configfs-tsm: {@link io.tee4j.core.linux.TsmReportClient} turns a
 *       {@link io.tee4j.core.linux.TsmRequest} into a {@link io.tee4j.core.linux.TsmReport} or a
 *       {@link io.tee4j.core.linux.TsmException} with a reason; it reaches the tree through
 *       {@link io.tee4j.core.linux.TsmFileSystem}, which simulators replace.</li>
 * </ul>
 *
 * <p>Supported platforms: 64-bit Linux on x86-64 and arm64.
 *
 * @since 0.1
 */
package io.tee4j.core.linux;
