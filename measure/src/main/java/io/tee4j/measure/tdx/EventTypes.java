package io.tee4j.measure.tdx;

import java.util.Map;

/** Names of the TCG PC Client and UEFI event types (TCG PC Client PFP, section on event types). */
final class EventTypes {
    static final long EV_NO_ACTION = 0x3;
    private static final long EFI = 0x80000000L;
    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(0x0L, "EV_PREBOOT_CERT"), Map.entry(0x1L, "EV_POST_CODE"), Map.entry(0x3L, "EV_NO_ACTION"),
            Map.entry(0x4L, "EV_SEPARATOR"), Map.entry(0x5L, "EV_ACTION"), Map.entry(0x6L, "EV_EVENT_TAG"),
            Map.entry(0x7L, "EV_S_CRTM_CONTENTS"), Map.entry(0x8L, "EV_S_CRTM_VERSION"),
            Map.entry(0x9L, "EV_CPU_MICROCODE"), Map.entry(0xAL, "EV_PLATFORM_CONFIG_FLAGS"),
            Map.entry(0xBL, "EV_TABLE_OF_DEVICES"), Map.entry(0xCL, "EV_COMPACT_HASH"), Map.entry(0xDL, "EV_IPL"),
            Map.entry(0xEL, "EV_IPL_PARTITION_DATA"), Map.entry(0xFL, "EV_NONHOST_CODE"),
            Map.entry(0x10L, "EV_NONHOST_CONFIG"), Map.entry(0x11L, "EV_NONHOST_INFO"),
            Map.entry(0x12L, "EV_OMIT_BOOT_DEVICE_EVENTS"),
            Map.entry(EFI + 0x1, "EV_EFI_VARIABLE_DRIVER_CONFIG"), Map.entry(EFI + 0x2, "EV_EFI_VARIABLE_BOOT"),
            Map.entry(EFI + 0x3, "EV_EFI_BOOT_SERVICES_APPLICATION"), Map.entry(EFI + 0x4, "EV_EFI_BOOT_SERVICES_DRIVER"),
            Map.entry(EFI + 0x5, "EV_EFI_RUNTIME_SERVICES_DRIVER"), Map.entry(EFI + 0x6, "EV_EFI_GPT_EVENT"),
            Map.entry(EFI + 0x7, "EV_EFI_ACTION"), Map.entry(EFI + 0x8, "EV_EFI_PLATFORM_FIRMWARE_BLOB"),
            Map.entry(EFI + 0x9, "EV_EFI_HANDOFF_TABLES"), Map.entry(EFI + 0xA, "EV_EFI_PLATFORM_FIRMWARE_BLOB2"),
            Map.entry(EFI + 0xB, "EV_EFI_HANDOFF_TABLES2"), Map.entry(EFI + 0xC, "EV_EFI_VARIABLE_BOOT2"),
            Map.entry(EFI + 0xD, "EV_EFI_GPT_EVENT2"), Map.entry(EFI + 0x10, "EV_EFI_HCRTM_EVENT"),
            Map.entry(EFI + 0xE0, "EV_EFI_VARIABLE_AUTHORITY"), Map.entry(EFI + 0xE1, "EV_EFI_SPDM_FIRMWARE_BLOB"),
            Map.entry(EFI + 0xE2, "EV_EFI_SPDM_FIRMWARE_CONFIG"));

    private EventTypes() {
    }

    static String name(long type) {
        String n = NAMES.get(type);
        return n != null ? n : String.format("0x%08x", type);
    }
}
