package io.tee4j.tpm.eventlog;

import java.util.Optional;

/**
 * The TCG PC Client event types users reason about (TCG PC Client Platform Firmware Profile,
 * "Event Types"), by value. Events of other types are kept with their number.
 *
 * @since 0.1
 */
public enum EventType {
    /** 0x0: pre-boot. */
    EV_PREBOOT_CERT(0x0),
    /** 0x1: a firmware component (POST code or blob description). */
    EV_POST_CODE(0x1),
    /** 0x3: not extended into any PCR (the Spec ID event, StartupLocality). */
    EV_NO_ACTION(0x3),
    /** 0x4: the boundary between pre-OS and OS-present measurements. */
    EV_SEPARATOR(0x4),
    /** 0x5: an action string. */
    EV_ACTION(0x5),
    /** 0x6: a tagged event (Linux EFI stub initrd and load options; CoCo AAEL). */
    EV_EVENT_TAG(0x6),
    /** 0x7: the S-CRTM contents. */
    EV_S_CRTM_CONTENTS(0x7),
    /** 0x8: the S-CRTM version string (UTF-16). */
    EV_S_CRTM_VERSION(0x8),
    /** 0x9: CPU microcode. */
    EV_CPU_MICROCODE(0x9),
    /** 0xA: platform configuration flags. */
    EV_PLATFORM_CONFIG_FLAGS(0xA),
    /** 0xB: a table of devices. */
    EV_TABLE_OF_DEVICES(0xB),
    /** 0xC: compact hash. */
    EV_COMPACT_HASH(0xC),
    /** 0xD: initial program loader data (GRUB commands and files, shim's MOK lists). */
    EV_IPL(0xD),
    /** 0xE: IPL partition data. */
    EV_IPL_PARTITION_DATA(0xE),
    /** 0xF: non-host code. */
    EV_NONHOST_CODE(0xF),
    /** 0x10: non-host configuration. */
    EV_NONHOST_CONFIG(0x10),
    /** 0x11: non-host information (GCE: the confidential technology). */
    EV_NONHOST_INFO(0x11),
    /** 0x12: omitted boot device events. */
    EV_OMIT_BOOT_DEVICE_EVENTS(0x12),
    /** 0x80000001: a Secure Boot configuration variable (SecureBoot, PK, KEK, db, dbx). */
    EV_EFI_VARIABLE_DRIVER_CONFIG(0x80000001L),
    /** 0x80000002: a boot variable (BootOrder, Boot####). */
    EV_EFI_VARIABLE_BOOT(0x80000002L),
    /** 0x80000003: a UEFI boot-services application (shim, GRUB, a UKI), its Authenticode hash. */
    EV_EFI_BOOT_SERVICES_APPLICATION(0x80000003L),
    /** 0x80000004: a boot-services driver. */
    EV_EFI_BOOT_SERVICES_DRIVER(0x80000004L),
    /** 0x80000005: a runtime-services driver. */
    EV_EFI_RUNTIME_SERVICES_DRIVER(0x80000005L),
    /** 0x80000006: the GPT. */
    EV_EFI_GPT_EVENT(0x80000006L),
    /** 0x80000007: an EFI action string. */
    EV_EFI_ACTION(0x80000007L),
    /** 0x80000008: a firmware volume. */
    EV_EFI_PLATFORM_FIRMWARE_BLOB(0x80000008L),
    /** 0x80000009: handoff tables. */
    EV_EFI_HANDOFF_TABLES(0x80000009L),
    /** 0x8000000A: a firmware volume with a description. */
    EV_EFI_PLATFORM_FIRMWARE_BLOB2(0x8000000AL),
    /** 0x8000000B: handoff tables with a description. */
    EV_EFI_HANDOFF_TABLES2(0x8000000BL),
    /** 0x800000E0: the certificate that authorised an image. */
    EV_EFI_VARIABLE_AUTHORITY(0x800000E0L);

    private final long value;

    EventType(long value) {
        this.value = value;
    }

    /** The numeric type. */
    public long value() {
        return value;
    }

    /** The type with this value, if it is one of the above. */
    public static Optional<EventType> of(long value) {
        for (EventType t : values()) {
            if (t.value == value) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type's name, or its value in hex. */
    public static String nameOf(long value) {
        return of(value).map(Enum::name).orElse(String.format("0x%x", value));
    }
}
