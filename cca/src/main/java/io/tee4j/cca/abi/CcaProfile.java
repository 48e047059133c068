package io.tee4j.cca.abi;

import java.util.Optional;

/**
 * The EAT profiles of CCA platform and realm tokens that tee4j recognises (claim 265). A token
 * naming any other profile is refused as malformed: its claims could mean something else.
 *
 * <p>A realm token without a profile claim follows the RMM 1.0 rules (RAK as a raw SEC1 point);
 * {@link RealmClaims#profile()} is then empty.
 *
 * @since 0.1
 */
public enum CcaProfile {
    /** RMM 1.0 platform profile, {@code http://arm.com/CCA-SSD/1.0.0} (describes the realm token too). */
    PLATFORM_CCA_SSD_1_0("http://arm.com/CCA-SSD/1.0.0", true, 1),
    /** draft-ffm-rats-cca-token-00 platform profile, {@code tag:arm.com,2023:cca_platform#1.0.0}. */
    PLATFORM_2023("tag:arm.com,2023:cca_platform#1.0.0", true, 2),
    /** RMM 1.1/2.0 platform profile, {@code tag:arm.com,2024:cca_platform#2.0.0} (client id, manufacturing config). */
    PLATFORM_2024("tag:arm.com,2024:cca_platform#2.0.0", true, 3),
    /** draft-ffm-rats-cca-token-00 realm profile, {@code tag:arm.com,2023:realm#1.0.0} (RAK as COSE_Key). */
    REALM_2023("tag:arm.com,2023:realm#1.0.0", false, 2),
    /** RMM 1.1/2.0 realm profile, {@code tag:arm.com,2024:realm#2.0.0} (realm instance id, MEC policy). */
    REALM_2024("tag:arm.com,2024:realm#2.0.0", false, 3);

    private final String uri;
    private final boolean platform;
    private final int generation;

    CcaProfile(String uri, boolean platform, int generation) {
        this.uri = uri;
        this.platform = platform;
        this.generation = generation;
    }

    /** The profile string exactly as carried in claim 265. */
    public String uri() {
        return uri;
    }

    /** Whether this is a platform-token profile. */
    public boolean isPlatform() {
        return platform;
    }

    /** 1 for RMM 1.0, 2 for the 2023 profiles, 3 for the 2024 (v2) profiles. */
    public int generation() {
        return generation;
    }

    /** The profile with this exact string, if recognised. */
    public static Optional<CcaProfile> fromUri(String uri) {
        for (CcaProfile p : values()) {
            if (p.uri.equals(uri)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
