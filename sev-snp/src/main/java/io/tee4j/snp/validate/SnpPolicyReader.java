package io.tee4j.snp.validate;

import io.tee4j.core.NamedReferenceValues;
import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbComponents;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an {@link SnpPolicy} from its JSON document (the keys are listed on {@link SnpPolicy}).
 * Unknown keys, wrong types and bad lengths fail with the JSON path of the key; a minimum TCB that
 * is empty or all zero, and an explicit {@code requireIdBlock} false beside trusted key digests,
 * are refused.
 */
final class SnpPolicyReader {
    private SnpPolicyReader() {
    }

    /**
     * Reads a policy from a JSON document (keys in the class description). Unknown keys, wrong
     * types and bad lengths fail with the JSON path of the key.
     */
    static SnpPolicy read(PolicyDocument d) throws PolicyFormatException {
        Objects.requireNonNull(d, "document");
        d.refuseUnknown(SnpPolicy.KEYS);
        SnpPolicyBuilder b = SnpPolicy.builder();
        readGuestPolicy(d, b);
        readLaunchIdentity(d, b);
        readFirmware(d, b);
        readLaunchAuthority(d, b);
        readMitigationsAndReportKind(d, b);
        b.referenceManifest(NamedReferenceValues.read(d, "referenceManifest", Map.of("measurement", 48),
                Set.of("measurement")));
        d.finish();
        return b.build();
    }

    /** Reads the guest-policy keys and the minimum ABI. */
    private static void readGuestPolicy(PolicyDocument d, SnpPolicyBuilder b) throws PolicyFormatException {
        d.bool("allowDebug").ifPresent(b::allowDebug);
        d.bool("allowMigrationAgent").ifPresent(b::allowMigrationAgent);
        d.bool("allowSmt").ifPresent(b::allowSmt);
        d.bool("allowCxl").ifPresent(b::allowCxl);
        d.bool("permitUnknownGuestPolicyBits").ifPresent(b::permitUnknownGuestPolicyBits);
        d.bool("requireSingleSocket").ifPresent(b::requireSingleSocket);
        d.bool("requireAes256Xts").ifPresent(b::requireAes256Xts);
        d.bool("requireRaplDisabled").ifPresent(b::requireRaplDisabled);
        d.bool("requireCiphertextHiding").ifPresent(b::requireCiphertextHiding);
        d.bool("requirePageSwapDisabled").ifPresent(b::requirePageSwapDisabled);
        Optional<PolicyDocument> abi = d.object("minimumAbi");
        if (abi.isPresent()) {
            int[] mm = majorMinor(abi.get());
            b.minimumAbi(mm[0], mm[1]);
        }
    }

    /** Reads the minimum guest SVN, the exact values and the measurements. */
    private static void readLaunchIdentity(PolicyDocument d, SnpPolicyBuilder b) throws PolicyFormatException {
        d.unsigned("minimumGuestSvn", 0xFFFFFFFFL).ifPresent(b::minimumGuestSvn);
        d.hex("reportData", 64).ifPresent(b::reportData);
        d.hex("hostData", 32).ifPresent(b::hostData);
        d.hex("imageId", 16).ifPresent(b::imageId);
        d.hex("familyId", 16).ifPresent(b::familyId);
        d.hex("reportId", 32).ifPresent(b::reportId);
        d.hex("reportIdMa", 32).ifPresent(b::reportIdMa);
        for (byte[] m : d.hexList("measurements", 48)) {
            b.addMeasurement(m);
        }
        d.hex("chipId", 64).ifPresent(b::chipId);
    }

    /** Reads the firmware minimums, provisional firmware and platform-info bits. */
    private static void readFirmware(PolicyDocument d, SnpPolicyBuilder b) throws PolicyFormatException {
        d.unsigned("minimumBuild", 255).ifPresent(x -> b.minimumBuild(x.intValue()));
        Optional<PolicyDocument> api = d.object("minimumApiVersion");
        if (api.isPresent()) {
            int[] mm = majorMinor(api.get());
            b.minimumApiVersion(mm[0], mm[1]);
        }
        Optional<PolicyDocument> tcb = d.object("minimumTcb");
        if (tcb.isPresent()) {
            b.minimumTcb(minimum(d, "minimumTcb", tcb.get()));
        }
        Optional<PolicyDocument> launch = d.object("minimumLaunchTcb");
        if (launch.isPresent()) {
            b.minimumLaunchTcb(minimum(d, "minimumLaunchTcb", launch.get()));
        }
        d.bool("permitProvisionalFirmware").ifPresent(b::permitProvisionalFirmware);
        d.unsigned64("allowedPlatformInfoBits").ifPresent(b::allowedPlatformInfoBits);
        d.unsigned64("requiredPlatformInfoBits").ifPresent(b::requiredPlatformInfoBits);
    }

    /** Reads the VMPL, host-requested reports and the ID-block keys. */
    private static void readLaunchAuthority(PolicyDocument d, SnpPolicyBuilder b) throws PolicyFormatException {
        d.unsigned("vmpl", 3).ifPresent(b::vmpl);
        d.bool("allowHostRequestedReports").ifPresent(b::allowHostRequestedReports);
        d.bool("requireAuthorKey").ifPresent(b::requireAuthorKey);
        Optional<Boolean> requireIdBlock = d.bool("requireIdBlock");
        requireIdBlock.ifPresent(b::requireIdBlock);
        List<byte[]> authorHashes = d.hexList("trustedAuthorKeyHashes", 48);
        List<byte[]> idHashes = d.hexList("trustedIdKeyHashes", 48);
        if (requireIdBlock.isPresent() && !requireIdBlock.get() && !(authorHashes.isEmpty() && idHashes.isEmpty())) {
            throw d.invalid("requireIdBlock", "is false but trusted key digests are listed, which require an ID block "
                    + "signed by one of them; drop requireIdBlock or the digests");
        }
        for (byte[] h : authorHashes) {
            b.addTrustedAuthorKeyHash(h);
        }
        for (byte[] h : idHashes) {
            b.addTrustedIdKeyHash(h);
        }
    }

    /** Reads the mitigation vectors, signing keys, report version and product lines. */
    private static void readMitigationsAndReportKind(PolicyDocument d, SnpPolicyBuilder b) throws PolicyFormatException {
        d.unsigned64("requiredLaunchMitigations").ifPresent(b::requiredLaunchMitigations);
        d.unsigned64("requiredCurrentMitigations").ifPresent(b::requiredCurrentMitigations);
        if (d.has("allowedSigningKeys")) {
            List<String> keys = d.strings("allowedSigningKeys");
            Set<SigningKey> set = EnumSet.noneOf(SigningKey.class);
            for (String k : keys) {
                String u = k.toUpperCase(Locale.ROOT);
                if (!u.equals("VCEK") && !u.equals("VLEK")) {
                    throw d.invalid("allowedSigningKeys", "unknown signing key '" + k + "' (VCEK or VLEK)");
                }
                set.add(SigningKey.valueOf(u));
            }
            if (set.isEmpty()) {
                throw d.invalid("allowedSigningKeys", "must name at least one signing key");
            }
            b.allowedSigningKeys(set);
        }
        Optional<Long> minimumVersion = d.unsigned("minimumReportVersion", AttestationReport.MAX_VERSION);
        if (minimumVersion.isPresent()) {
            if (minimumVersion.get() < AttestationReport.MIN_VERSION) {
                throw d.invalid("minimumReportVersion", "report versions are " + AttestationReport.MIN_VERSION + ".."
                        + AttestationReport.MAX_VERSION + ", got " + minimumVersion.get());
            }
            b.minimumReportVersion(minimumVersion.get().intValue());
        }
        if (d.has("productLines")) {
            Set<ProductLine> set = EnumSet.noneOf(ProductLine.class);
            for (String p : d.strings("productLines")) {
                set.add(ProductLine.fromName(p).orElseThrow(
                        () -> d.invalid("productLines", "unknown product line '" + p + "' (Milan, Genoa or Turin)")));
            }
            if (set.isEmpty()) {
                throw d.invalid("productLines", "must name at least one product line");
            }
            b.productLines(set);
        }
    }

    private static int[] majorMinor(PolicyDocument o) throws PolicyFormatException {
        int major = o.unsigned("major", 255).orElse(0L).intValue();
        int minor = o.unsigned("minor", 255).orElse(0L).intValue();
        o.finish();
        return new int[] {major, minor};
    }

    /** A minimum TCB object; one that is empty or all zero would evaluate nothing and is refused. */
    private static TcbComponents minimum(PolicyDocument parent, String key, PolicyDocument o)
            throws PolicyFormatException {
        TcbComponents c = components(o);
        if (c.equals(SnpPolicy.ZERO_TCB)) {
            throw parent.invalid(key, "is empty or all zero, so it would evaluate nothing; set the SPLs to require "
                    + "(e.g. {\"snp\": 24, \"microcode\": 219}) or leave the key out");
        }
        return c;
    }

    private static TcbComponents components(PolicyDocument o) throws PolicyFormatException {
        TcbComponents c = new TcbComponents(o.unsigned("fmc", 255).orElse(0L).intValue(),
                o.unsigned("bootloader", 255).orElse(0L).intValue(), o.unsigned("tee", 255).orElse(0L).intValue(),
                o.unsigned("snp", 255).orElse(0L).intValue(), o.unsigned("microcode", 255).orElse(0L).intValue());
        o.finish();
        return c;
    }
}
