package io.tee4j.cca;

import static io.tee4j.cca.TestCbor.array;
import static io.tee4j.cca.TestCbor.bstr;
import static io.tee4j.cca.TestCbor.cat;
import static io.tee4j.cca.TestCbor.head;
import static io.tee4j.cca.TestCbor.legacy;
import static io.tee4j.cca.TestCbor.map;
import static io.tee4j.cca.TestCbor.sign1;
import static io.tee4j.cca.TestCbor.tag;
import static io.tee4j.cca.TestCbor.tstr;
import static io.tee4j.cca.TestCbor.uint;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.cca.abi.PlatformClaims;
import io.tee4j.cca.abi.SecurityLifecycle;
import io.tee4j.core.MalformedEvidenceException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hostile CBOR is refused quickly, with a typed error, without allocating by declared lengths. */
class HostileCborTest {
    private static final byte[] PLATFORM = platform(new byte[0]);
    private static final byte[] REALM = realm(new byte[0]);

    static byte[] platform(byte[] extraEntries) {
        int extra = countEntries(extraEntries);
        return cat(head(5, 9 + extra),
                uint(265), tstr("http://arm.com/CCA-SSD/1.0.0"),
                uint(10), bstr(new byte[32]),
                uint(2396), bstr(new byte[32]),
                uint(256), bstr(cat(new byte[] {1}, new byte[32])),
                uint(2401), bstr(new byte[4]),
                uint(2395), uint(0x3000),
                uint(2402), tstr("sha-256"),
                uint(2399), array(map(uint(2), bstr(new byte[32]), uint(5), bstr(new byte[32]))),
                uint(2400), tstr("x"),
                extraEntries);
    }

    static byte[] realm(byte[] extraEntries) {
        byte[] point = new byte[97];
        point[0] = 4;
        int extra = countEntries(extraEntries);
        return cat(head(5, 7 + extra),
                uint(10), bstr(new byte[64]),
                uint(44235), bstr(new byte[64]),
                uint(44238), bstr(new byte[32]),
                uint(44239), array(bstr(new byte[32]), bstr(new byte[32]), bstr(new byte[32]), bstr(new byte[32])),
                uint(44236), tstr("sha-256"),
                uint(44237), bstr(point),
                uint(44240), tstr("sha-256"),
                extraEntries);
    }

    /** The platform claims with the legacy profile string replaced by another. */
    static byte[] withProfile(byte[] platform, String uri) {
        byte[] legacyProfile = tstr("http://arm.com/CCA-SSD/1.0.0");
        int at = indexOf(platform, legacyProfile);
        return cat(Arrays.copyOfRange(platform, 0, at), tstr(uri),
                Arrays.copyOfRange(platform, at + legacyProfile.length, platform.length));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    /** Extra claims are passed as exactly one pre-encoded key/value entry, or none. */
    private static int countEntries(byte[] extra) {
        return extra.length == 0 ? 0 : 1;
    }

    private static void refused(byte[] token, String messagePart) {
        MalformedEvidenceException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(MalformedEvidenceException.class, () -> CcaToken.decode(token)));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void lifecycleOutsideTheRangesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SecurityLifecycle.of(0x7000));
        assertThrows(IllegalArgumentException.class, () -> SecurityLifecycle.of(0x10000));
        assertTrue(SecurityLifecycle.of(0x4001).isDebug());
    }

    @Test
    void theBaselineDecodes() {
        assertDoesNotThrow(() -> CcaToken.decode(legacy(PLATFORM, REALM)));
    }

    @Test
    void deepNestingInAnUnknownClaimIsRefused() {
        byte[] deep = new byte[50_000];
        Arrays.fill(deep, (byte) 0x81); // [[[[...
        byte[] entry = cat(uint(9999), deep, uint(0));
        refused(legacy(platform(entry), REALM), "nesting deeper");
    }

    @Test
    void hugeDeclaredLengthsAreRefusedBeforeAllocation() {
        byte[] hugeBytes = cat(new byte[] {0x5b}, new byte[] {0x7f, -1, -1, -1, -1, -1, -1, -1});
        refused(cat(head(6, 399), head(5, 2), uint(44234), hugeBytes), "declares");
        refused(legacy(platform(cat(uint(9999), head(4, 0xffffffffL))), REALM), "declares");
        refused(legacy(platform(cat(uint(9999), head(5, 1L << 40))), REALM), "declares");
        refused(legacy(platform(cat(uint(9999), head(3, Long.MAX_VALUE))), REALM), "declares");
        refused(cat(head(6, 399), head(5, Integer.MAX_VALUE)), "declares");
        refused(new byte[CcaToken.MAX_TOKEN_BYTES + 1], "larger than");
        // Lengths of 2^63 and more (negative as a Java long), found by Jazzer.
        byte[] top = {-1, -1, -1, -1, -1, -1, -1, -1};
        for (int major : new int[] {2, 3, 4, 5}) {
            byte[] item = cat(new byte[] {(byte) ((major << 5) | 27)}, top);
            refused(legacy(platform(cat(uint(9999), item)), REALM), "declares");
        }
        refused(cat(head(6, 399), head(5, 2), uint(44234), new byte[] {0x5b}, top), "declares");
    }

    @Test
    void duplicateKeysAreRefused() {
        refused(legacy(platform(cat(uint(2400), tstr("y"))), REALM), "duplicate key 2400");
        refused(legacy(PLATFORM, realm(cat(uint(10), bstr(new byte[64])))), "duplicate key 10");
        // Inside a skipped unknown claim too.
        refused(legacy(platform(cat(uint(9999), map(uint(1), uint(1), uint(1), uint(2)))), REALM), "duplicate map key");
        // At the top level.
        refused(tag(399, map(uint(44234), bstr(sign1(PLATFORM)), uint(44234), bstr(sign1(REALM)))), "duplicate key");
        // In the COSE protected header.
        byte[] prot = map(uint(1), uint(-35), uint(1), uint(-35));
        byte[] cose = tag(18, array(bstr(prot), map(), bstr(PLATFORM), bstr(new byte[96])));
        refused(tag(399, map(uint(44234), bstr(cose), uint(44241), bstr(sign1(REALM)))), "duplicate header label");
    }

    @Test
    void trailingBytesAreRefused() {
        refused(cat(legacy(PLATFORM, REALM), new byte[] {0}), "trailing");
        refused(legacy(cat(PLATFORM, new byte[] {0}), REALM), "trailing");
        byte[] cose = cat(sign1(PLATFORM), new byte[] {0});
        refused(tag(399, map(uint(44234), bstr(cose), uint(44241), bstr(sign1(REALM)))), "trailing");
    }

    @Test
    void indefiniteLengthsAreRefused() {
        refused(legacy(platform(cat(uint(9999), new byte[] {0x5f, 0x41, 0, (byte) 0xff})), REALM), "indefinite");
        refused(legacy(platform(cat(uint(9999), new byte[] {(byte) 0x9f, (byte) 0xff})), REALM), "indefinite");
        refused(cat(head(6, 399), new byte[] {(byte) 0xbf, (byte) 0xff}), "indefinite");
    }

    @Test
    void wrongTypesAndShapesAreRefused() {
        // The client id is a 2024 claim: read (and type-checked) only in a 2024 platform token.
        refused(legacy(withProfile(platform(cat(uint(2394), tstr("one"))), "tag:arm.com,2024:cca_platform#2.0.0"),
                REALM), "expected an integer");
        // In an older profile it is an unknown claim: skipped, its value unread, and listed.
        PlatformClaims older = assertDoesNotThrow(() -> CcaToken.decode(legacy(platform(cat(uint(2394),
                tstr("one"))), REALM))).platformClaims();
        assertTrue(older.clientId().isEmpty());
        assertTrue(older.unknownClaimKeys().contains(2394L), older.unknownClaimKeys().toString());
        refused(legacy(platform(cat(tstr("10"), bstr(new byte[32]))), REALM), "keys must be integers");
        refused(tag(400, map()), "unknown top-level tag");
        refused(map(), "expected tag 399");
        refused(tag(907, map(uint(44234), array(uint(262), bstr(sign1(PLATFORM))), uint(44241),
                array(uint(263), bstr(sign1(REALM))))), "content format 262");
        // A realm token without a profile must carry a raw point, not a COSE_Key.
        byte[] keyAsMap = map(uint(1), uint(2), uint(-1), uint(2), uint(-2), bstr(new byte[48]), uint(-3),
                bstr(new byte[48]));
        byte[] realmWithCoseKey = Arrays.copyOf(REALM, REALM.length);
        int at = indexOf(realmWithCoseKey, bstr(cat(new byte[] {4}, new byte[96])));
        refused(legacy(PLATFORM, cat(Arrays.copyOfRange(realmWithCoseKey, 0, at), bstr(keyAsMap),
                Arrays.copyOfRange(realmWithCoseKey, at + 99, realmWithCoseKey.length))), "uncompressed SEC1 point");
        // Untagged COSE_Sign1.
        byte[] untagged = array(bstr(map(uint(1), uint(-35))), map(), bstr(PLATFORM), bstr(new byte[96]));
        refused(tag(399, map(uint(44234), bstr(untagged), uint(44241), bstr(sign1(REALM)))), "expected a tag");
        // Unsupported algorithm and crit.
        byte[] rs1 = tag(18, array(bstr(map(uint(1), uint(-8))), map(), bstr(PLATFORM), bstr(new byte[64])));
        refused(tag(399, map(uint(44234), bstr(rs1), uint(44241), bstr(sign1(REALM)))), "unsupported COSE algorithm");
        byte[] crit = tag(18, array(bstr(map(uint(1), uint(-35), uint(2), array(uint(99)))), map(), bstr(PLATFORM),
                bstr(new byte[96])));
        refused(tag(399, map(uint(44234), bstr(crit), uint(44241), bstr(sign1(REALM)))), "crit");
        // Unknown profile.
        refused(legacy(cat(head(5, 9), uint(265), tstr("http://arm.com/CCA-SSD/9.9.9"),
                Arrays.copyOfRange(PLATFORM, 1 + tstr("http://arm.com/CCA-SSD/1.0.0").length + 3, PLATFORM.length)),
                REALM), "unsupported platform profile");
    }
}
