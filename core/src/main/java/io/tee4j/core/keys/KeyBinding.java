package io.tee4j.core.keys;

/**
 * What a hardware-derived sealing key can be bound to. Each {@link SealingKeySource} says which
 * of these it supports; mixing one in means a workload that differs in it derives a different key.
 * The names follow SEV-SNP's {@code GUEST_FIELD_SELECT}, the only TEE with a hardware sealing key
 * for whole VMs today.
 *
 * @since 0.1
 */
public enum KeyBinding {
    /** The guest policy (SNP): debug, migration, SMT... A debug guest never derives the production key. */
    POLICY,
    /** The launch measurement: any change to firmware, kernel or command line changes the key. */
    MEASUREMENT,
    /** The ID block's image id (not secret: bind together with MEASUREMENT or POLICY). */
    IMAGE_ID,
    /** The ID block's family id (not secret: bind together with MEASUREMENT or POLICY). */
    FAMILY_ID,
    /** The guest security version number, recorded so older blobs can still be opened. */
    GUEST_SVN,
    /** The platform TCB version, recorded so older blobs can still be opened after an update. */
    TCB_VERSION,
    /** The privilege level the key is requested at (SNP VMPL). */
    PRIVILEGE_LEVEL,
    /** The launch mitigation vector (SNP, message version 2). */
    LAUNCH_MITIGATION_VECTOR
}
