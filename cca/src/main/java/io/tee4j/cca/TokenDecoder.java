package io.tee4j.cca;

import io.tee4j.cca.internal.CborReader;
import io.tee4j.cca.internal.CoseSign1;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.crypto.EcCurve;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Decodes the CCA token envelope and both claim sets. Not API. */
final class TokenDecoder {
    static final long KEY_PLATFORM = 44234;
    static final long KEY_REALM = 44241;
    static final long CMW_CONTENT_FORMAT_EAT_CWT = 263;
    /** COSE's EdDSA identifier, named in errors only: CCA keys are ECDSA keys. */
    static final long COSE_EDDSA = -8;

    static final int MAX_TOKEN_BYTES = 64 * 1024;
    static final int MAX_TEXT_BYTES = 1024;
    static final int MAX_COMPONENTS = 256;
    static final int MAX_CONFIG_BYTES = 4096;

    // Platform claim keys.
    static final long P_PROFILE = 265;
    static final long P_CHALLENGE = 10;
    static final long P_IMPLEMENTATION_ID = 2396;
    static final long P_INSTANCE_ID = 256;
    static final long P_CONFIG = 2401;
    static final long P_LIFECYCLE = 2395;
    static final long P_HASH_ALGORITHM = 2402;
    static final long P_SW_COMPONENTS = 2399;
    static final long P_VERIFICATION_SERVICE = 2400;
    static final long P_MANUFACTURING_CONFIG = 2403;
    static final long P_CLIENT_ID = 2394;
    static final long P_EXTENSION = 2404;

    // Realm claim keys.
    static final long R_CHALLENGE = 10;
    static final long R_PROFILE = 265;
    static final long R_INSTANCE_ID = 256;
    static final long R_PERSONALIZATION = 44235;
    static final long R_HASH_ALGORITHM = 44236;
    static final long R_PUBLIC_KEY = 44237;
    static final long R_INITIAL_MEASUREMENT = 44238;
    static final long R_EXTENSIBLE_MEASUREMENTS = 44239;
    static final long R_PUBLIC_KEY_HASH_ALGORITHM = 44240;
    static final long R_MEC_POLICY = 44243;
    static final long R_LFA_POLICY = 44244;
    static final long R_DEVICES_TOKEN_HASH = 44257;

    private TokenDecoder() {
    }

    static CcaToken decode(byte[] token) throws MalformedEvidenceException {
        if (token.length > MAX_TOKEN_BYTES) {
            throw new MalformedEvidenceException("CCA token of " + token.length + " bytes is larger than the "
                    + MAX_TOKEN_BYTES + " accepted");
        }
        CborReader r = CborReader.over(token, "CCA token");
        if (r.peekMajor() != CborReader.MAJOR_TAG) {
            throw r.fail("expected tag 399 (legacy) or 907 (CMW collection) at the top level");
        }
        long tag = r.readTag();
        CcaTokenFormat format;
        if (tag == CcaTokenFormat.LEGACY_TAG_399.tag()) {
            format = CcaTokenFormat.LEGACY_TAG_399;
        } else if (tag == CcaTokenFormat.CMW_COLLECTION_TAG_907.tag()) {
            format = CcaTokenFormat.CMW_COLLECTION_TAG_907;
        } else {
            throw r.fail("unknown top-level tag " + Long.toUnsignedString(tag) + "; expected 399 or 907");
        }
        int entries = r.readMapHeader();
        if (entries != 2) {
            throw r.fail("expected a map of exactly 2 entries (44234 platform, 44241 realm), found " + entries);
        }
        int[] platform = null;
        int[] realm = null;
        for (int i = 0; i < entries; i++) {
            long key = r.readInt();
            int[] member = readMember(r, format, key);
            if (key == KEY_PLATFORM && platform == null) {
                platform = member;
            } else if (key == KEY_REALM && realm == null) {
                realm = member;
            } else if (key == KEY_PLATFORM || key == KEY_REALM) {
                throw r.fail("duplicate key " + key);
            } else {
                throw r.fail("unexpected key " + key + "; expected 44234 and 44241");
            }
        }
        r.requireEnd();
        if (platform == null || realm == null) {
            throw r.fail("missing the " + (platform == null ? "platform (44234)" : "realm (44241)") + " token");
        }
        CoseSign1 platformCose = CoseSign1.decode(token, platform[0], platform[1], "platform token");
        CoseSign1 realmCose = CoseSign1.decode(token, realm[0], realm[1], "realm token");
        CoseAlgorithm platformAlg = algorithm(platformCose, "platform token");
        CoseAlgorithm realmAlg = algorithm(realmCose, "realm token");
        PlatformClaims pc = decodePlatform(platformCose.payloadUnsafe());
        RealmClaims rc = decodeRealm(realmCose.payloadUnsafe(), pc.profile());
        // The RAK decides the realm algorithm: a COSE_Key's own alg already had to fit its curve.
        if (rc.publicKey().curve() != realmAlg.curve()) {
            throw new MalformedEvidenceException("realm token: signed with " + realmAlg + " but the RAK is on "
                    + rc.publicKey().curve().curveName() + " (" + CoseAlgorithm.forCurve(rc.publicKey().curve())
                    + " keys)");
        }
        return new CcaToken(token, format, platformCose, realmCose, platformAlg, realmAlg, pc, rc);
    }

    private static int[] readMember(CborReader r, CcaTokenFormat format, long key) throws MalformedEvidenceException {
        if (format == CcaTokenFormat.LEGACY_TAG_399) {
            return r.readBytesRange();
        }
        int n = r.readArrayHeader();
        if (n != 2) {
            throw r.fail("CMW record for key " + key + " must be [content-format, bytes], found " + n + " items");
        }
        long contentFormat = r.readInt();
        if (contentFormat != CMW_CONTENT_FORMAT_EAT_CWT) {
            throw r.fail("CMW record for key " + key + " has content format " + contentFormat
                    + "; expected 263 (application/eat+cwt)");
        }
        return r.readBytesRange();
    }

    private static CoseAlgorithm algorithm(CoseSign1 cose, String what) throws MalformedEvidenceException {
        return CoseAlgorithm.fromId(cose.algorithm()).orElseThrow(() -> new MalformedEvidenceException(
                what + ": unsupported COSE algorithm " + cose.algorithm() + "; expected ES256, ES384 or ES512"));
    }

    // ---- platform ----

    /**
     * Decodes the platform claims. The profile is read first: it decides which claims exist (the
     * 2024 claims client id, manufacturing config and extension, and the software-component keys 7
     * and 8, mean nothing in older profiles, so there they are skipped like any unknown claim).
     */
    static PlatformClaims decodePlatform(byte[] payload) throws MalformedEvidenceException {
        String profileUri = profileClaim(payload, "platform claims");
        CborReader r = CborReader.over(payload, "platform claims");
        if (profileUri == null) {
            throw r.fail("mandatory claim profile (265) is missing");
        }
        CcaProfile profile = CcaProfile.fromUri(profileUri).filter(CcaProfile::isPlatform).orElseThrow(
                () -> r.fail("unsupported platform profile \"" + profileUri + "\""));
        boolean v2 = profile == CcaProfile.PLATFORM_2024;
        int n = r.readMapHeader();
        Set<Long> seen = new HashSet<>();
        List<Long> unknown = new ArrayList<>();
        byte[] challenge = null;
        byte[] implId = null;
        byte[] instId = null;
        byte[] config = null;
        Long lifecycle = null;
        String hashAlg = null;
        List<SoftwareComponent> components = null;
        String vsi = null;
        byte[] mfgConfig = null;
        Long clientId = null;
        byte[] extension = null;
        for (int i = 0; i < n; i++) {
            long key = readKey(r, seen);
            if (key == P_PROFILE) {
                r.skip();
            } else if (key == P_CHALLENGE) {
                challenge = hash(r, "challenge (10)");
            } else if (key == P_IMPLEMENTATION_ID) {
                implId = exact(r, 32, "implementation id (2396)");
            } else if (key == P_INSTANCE_ID) {
                instId = ueid(r, "instance id (256)");
            } else if (key == P_CONFIG) {
                config = bounded(r, MAX_CONFIG_BYTES, "config (2401)");
            } else if (key == P_LIFECYCLE) {
                lifecycle = r.readInt();
            } else if (key == P_HASH_ALGORITHM) {
                hashAlg = hashAlgorithm(r, "hash algorithm (2402)");
            } else if (key == P_SW_COMPONENTS) {
                components = components(r, v2);
            } else if (key == P_VERIFICATION_SERVICE) {
                vsi = verificationService(r);
            } else if (v2 && key == P_MANUFACTURING_CONFIG) {
                mfgConfig = bounded(r, MAX_CONFIG_BYTES, "manufacturing config (2403)");
            } else if (v2 && key == P_CLIENT_ID) {
                clientId = r.readInt();
            } else if (v2 && key == P_EXTENSION) {
                if (r.peekMajor() != CborReader.MAJOR_ARRAY) {
                    throw r.fail("platform extension (2404) must be an array");
                }
                int[] range = r.skip();
                extension = java.util.Arrays.copyOfRange(payload, range[0], range[0] + range[1]);
            } else {
                r.skip();
                unknown.add(key);
            }
        }
        r.requireEnd();
        require(challenge, "challenge (10)", r);
        require(implId, "implementation id (2396)", r);
        require(instId, "instance id (256)", r);
        require(config, "config (2401)", r);
        require(lifecycle, "lifecycle (2395)", r);
        require(hashAlg, "hash algorithm (2402)", r);
        require(components, "software components (2399)", r);
        if (v2) {
            require(clientId, "client id (2394)", r);
            if (clientId != 1) {
                throw r.fail("client id (2394) must be 1 (Realm Management Security Domain), found " + clientId);
            }
        }
        SecurityLifecycle lc;
        try {
            lc = SecurityLifecycle.of(lifecycle);
        } catch (IllegalArgumentException e) {
            throw r.fail(e.getMessage());
        }
        return new PlatformClaims(profile, challenge, implId, instId, config, lc, hashAlg, components, vsi, mfgConfig,
                clientId, extension, unknown);
    }

    /** The verification-service indicator (2400): any text but the empty string (psatoken's {@code ValidateVSI}). */
    private static String verificationService(CborReader r) throws MalformedEvidenceException {
        String vsi = r.readText(MAX_TEXT_BYTES);
        if (vsi.isEmpty()) {
            throw r.fail("verification service indicator (2400) must not be empty");
        }
        return vsi;
    }

    /**
     * The software components (2399). Each component map is closed, as rust-ccatoken reads it:
     * keys 1 (type), 2 (measurement), 4 (version), 5 (signer id), 6 (hash algorithm), and in the
     * 2024 profile 7 (live firmware activation) and 8 (countersigners); any other key is refused.
     */
    private static List<SoftwareComponent> components(CborReader r, boolean v2) throws MalformedEvidenceException {
        int n = r.readArrayHeader();
        if (n == 0) {
            throw r.fail("software components (2399) must not be empty");
        }
        if (n > MAX_COMPONENTS) {
            throw r.fail("more than " + MAX_COMPONENTS + " software components");
        }
        List<SoftwareComponent> out = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            if (r.peekMajor() != CborReader.MAJOR_MAP) {
                throw r.fail("software component " + c + " must be a map");
            }
            int entries = r.readMapHeader();
            Set<Long> seen = new HashSet<>();
            String type = null;
            byte[] measurement = null;
            String version = null;
            byte[] signer = null;
            String alg = null;
            Boolean lfa = null;
            List<byte[]> countersigners = new ArrayList<>();
            for (int i = 0; i < entries; i++) {
                long key = readKey(r, seen);
                String what = "software component " + c + " key " + key;
                if (key == 1) {
                    type = r.readText(MAX_TEXT_BYTES);
                } else if (key == 2) {
                    measurement = hash(r, what + " (measurement)");
                } else if (key == 4) {
                    version = r.readText(MAX_TEXT_BYTES);
                } else if (key == 5) {
                    signer = hash(r, what + " (signer id)");
                } else if (key == 6) {
                    alg = hashAlgorithm(r, what + " (hash algorithm)");
                } else if (v2 && key == 7) {
                    lfa = r.readBool();
                } else if (v2 && key == 8) {
                    int m = r.readArrayHeader();
                    if (m == 0) {
                        throw r.fail(what + ": countersigner list must not be empty");
                    }
                    for (int j = 0; j < m; j++) {
                        countersigners.add(hash(r, what + " (countersigner id)"));
                    }
                } else {
                    throw r.fail("software component " + c + ": unknown key " + key + " (the component map is closed:"
                            + " keys 1, 2, 4, 5, 6" + (v2 ? ", 7, 8" : "") + ")");
                }
            }
            require(measurement, "software component " + c + " measurement (2)", r);
            require(signer, "software component " + c + " signer id (5)", r);
            out.add(new SoftwareComponent(type, measurement, version, signer, alg, lfa, countersigners));
        }
        return out;
    }

    // ---- realm ----

    /**
     * Decodes the realm claims by the rules of the realm's profile, or, when the realm token has no
     * profile claim (it is optional), of the platform's: an RMM 1.0 platform means a raw P-384 RAK;
     * a 2023 platform a COSE_Key RAK; a 2024 platform a COSE_Key RAK, realm instance id and MEC
     * policy. A realm profile of another generation than the platform's is refused: no conformant
     * RMM pairs them, and either side's rules would then be wrong for the other.
     */
    static RealmClaims decodeRealm(byte[] payload, CcaProfile platformProfile) throws MalformedEvidenceException {
        String profileUri = profileClaim(payload, "realm claims");
        CborReader r = CborReader.over(payload, "realm claims");
        CcaProfile profile = null;
        if (profileUri != null) {
            profile = CcaProfile.fromUri(profileUri).filter(x -> !x.isPlatform()).orElseThrow(
                    () -> r.fail("unsupported realm profile \"" + profileUri + "\""));
            if (profile.generation() != platformProfile.generation()) {
                throw r.fail("realm profile \"" + profile.uri() + "\" does not belong with platform profile \""
                        + platformProfile.uri() + "\"" + (platformProfile.generation() == 1
                        ? " (an RMM 1.0 platform's realm token carries no profile)"
                        : " (expected \"" + realmProfileOf(platformProfile).uri() + "\" or none)"));
            }
        }
        int generation = platformProfile.generation();
        boolean v2 = generation == 3;
        int n = r.readMapHeader();
        Set<Long> seen = new HashSet<>();
        List<Long> unknown = new ArrayList<>();
        byte[] challenge = null;
        byte[] rpv = null;
        byte[] rim = null;
        List<byte[]> rems = null;
        String hashAlg = null;
        byte[] rak = null;
        String rakHashAlg = null;
        byte[] instanceId = null;
        MecPolicy mec = null;
        Boolean lfa = null;
        byte[] devicesHash = null;
        for (int i = 0; i < n; i++) {
            long key = readKey(r, seen);
            if (key == R_PROFILE) {
                r.skip();
            } else if (key == R_CHALLENGE) {
                challenge = exact(r, 64, "challenge (10)");
            } else if (key == R_PERSONALIZATION) {
                rpv = exact(r, 64, "personalization value (44235)");
            } else if (key == R_INITIAL_MEASUREMENT) {
                rim = hash(r, "initial measurement (44238)");
            } else if (key == R_EXTENSIBLE_MEASUREMENTS) {
                int m = r.readArrayHeader();
                if (m != 4) {
                    throw r.fail("extensible measurements (44239) must hold 4 measurements, found " + m);
                }
                rems = new ArrayList<>(4);
                for (int j = 0; j < 4; j++) {
                    rems.add(hash(r, "extensible measurement " + j));
                }
            } else if (key == R_HASH_ALGORITHM) {
                hashAlg = hashAlgorithm(r, "hash algorithm (44236)");
            } else if (key == R_PUBLIC_KEY) {
                rak = bounded(r, 1024, "public key (44237)");
            } else if (key == R_PUBLIC_KEY_HASH_ALGORITHM) {
                rakHashAlg = hashAlgorithm(r, "public key hash algorithm (44240)");
            } else if (v2 && key == R_INSTANCE_ID) {
                instanceId = ueid(r, "realm instance id (256)");
            } else if (v2 && key == R_MEC_POLICY) {
                mec = mecPolicy(r);
            } else if (v2 && key == R_LFA_POLICY) {
                long v = r.readInt();
                if (v != 0 && v != 1) {
                    throw r.fail("LFA policy (44244) must be 0 or 1, found " + v);
                }
                lfa = v == 1;
            } else if (v2 && key == R_DEVICES_TOKEN_HASH) {
                devicesHash = hash(r, "devices token hash (44257)");
            } else {
                r.skip();
                unknown.add(key);
            }
        }
        r.requireEnd();
        require(challenge, "challenge (10)", r);
        require(rpv, "personalization value (44235)", r);
        require(rim, "initial measurement (44238)", r);
        require(rems, "extensible measurements (44239)", r);
        require(hashAlg, "hash algorithm (44236)", r);
        require(rak, "public key (44237)", r);
        require(rakHashAlg, "public key hash algorithm (44240)", r);
        if (v2) {
            String why = profile == null ? " (the platform's profile is the 2024 one)" : "";
            require(instanceId, "realm instance id (256)" + why, r);
            require(mec, "MEC policy (44243)" + why, r);
        }
        RealmPublicKey key = generation == 1 ? rawPoint(rak) : coseKey(rak);
        return new RealmClaims(profile, generation, challenge, rpv, rim, rems, hashAlg, key, rakHashAlg, instanceId,
                mec, lfa, devicesHash, unknown);
    }

    /** The realm profile of the same generation as a 2023 or 2024 platform profile. */
    private static CcaProfile realmProfileOf(CcaProfile platformProfile) {
        return platformProfile == CcaProfile.PLATFORM_2024 ? CcaProfile.REALM_2024 : CcaProfile.REALM_2023;
    }

    /**
     * The profile claim (265) of a claims map, read ahead of the other claims because it decides
     * how they are read (as rust-ccatoken reads the realm profile first); null when absent. A
     * duplicate profile is left for the full decoding to report.
     */
    private static String profileClaim(byte[] payload, String what) throws MalformedEvidenceException {
        CborReader r = CborReader.over(payload, what);
        int n = r.readMapHeader();
        for (int i = 0; i < n; i++) {
            int major = r.peekMajor();
            if (major != CborReader.MAJOR_UNSIGNED && major != CborReader.MAJOR_NEGATIVE) {
                throw r.fail("map keys must be integers");
            }
            if (r.readInt() == P_PROFILE) {
                return r.readText(MAX_TEXT_BYTES);
            }
            r.skip();
        }
        return null;
    }

    /** A hash-algorithm claim: text, and one of the names {@link HashAlgorithms} allows. */
    private static String hashAlgorithm(CborReader r, String what) throws MalformedEvidenceException {
        String name = r.readText(MAX_TEXT_BYTES);
        if (!HashAlgorithms.isAllowed(name)) {
            throw r.fail(what + " must be " + HashAlgorithms.allowed() + ", found \"" + name + "\"");
        }
        return name;
    }

    private static MecPolicy mecPolicy(CborReader r) throws MalformedEvidenceException {
        if (r.peekMajor() == CborReader.MAJOR_TEXT) {
            String s = r.readText(MAX_TEXT_BYTES);
            if (s.equals("shared")) {
                return MecPolicy.SHARED;
            }
            if (s.equals("private")) {
                return MecPolicy.PRIVATE;
            }
            throw r.fail("MEC policy (44243) must be \"shared\" or \"private\", found \"" + s + "\"");
        }
        long v = r.readInt();
        if (v == 0) {
            return MecPolicy.SHARED;
        }
        if (v == 1) {
            return MecPolicy.PRIVATE;
        }
        throw r.fail("MEC policy (44243) must be 0 (shared) or 1 (private), found " + v);
    }

    /**
     * The RAK of an RMM 1.0 realm token: a raw uncompressed P-384 point, exactly 97 bytes, as both
     * veraison references require (rust-ccatoken's {@code set_rak}, ccatoken's
     * {@code ValidateRealmPubKey}); the RMM signs realm tokens with ES384 only.
     */
    private static RealmPublicKey rawPoint(byte[] rak) throws MalformedEvidenceException {
        int expected = 1 + 2 * EcCurve.P384.fieldBytes();
        if (rak.length != expected || rak[0] != 0x04) {
            throw new MalformedEvidenceException("realm claims: an RMM 1.0 realm token (no realm profile, platform"
                    + " profile " + CcaProfile.PLATFORM_CCA_SSD_1_0.uri() + ") must carry the RAK as a raw"
                    + " uncompressed SEC1 point on P-384 (04 || X || Y, " + expected + " bytes); found " + rak.length
                    + " bytes" + (rak.length > 0 ? " starting 0x" + String.format("%02x", rak[0]) : ""));
        }
        return new RealmPublicKey(RealmPublicKey.Encoding.SEC1_POINT, rak, EcCurve.P384, rak);
    }

    /**
     * Parses a COSE_Key (RFC 9053 EC2): kty 2, crv 1/2/3, x and y of the curve's size; optional kid
     * (a byte string), key_ops (an array) and alg. An alg, when present, must be the ECDSA algorithm
     * of the key's curve (ES256 for P-256, ES384 for P-384, ES512 for P-521), as go-cose's key
     * validation requires; anything else (EdDSA, ES256 on a P-384 key) contradicts the key.
     */
    static RealmPublicKey coseKey(byte[] rak) throws MalformedEvidenceException {
        CborReader r = CborReader.over(rak, "realm public key (COSE_Key)");
        if (r.peekMajor() != CborReader.MAJOR_MAP) {
            throw r.fail("a realm token of the 2023 or 2024 profile must carry the RAK as a COSE_Key map");
        }
        int n = r.readMapHeader();
        Set<Long> seen = new HashSet<>();
        Long kty = null;
        Long crv = null;
        Long alg = null;
        byte[] x = null;
        byte[] y = null;
        for (int i = 0; i < n; i++) {
            long label = readKey(r, seen);
            if (label == 1) {
                kty = r.readInt();
            } else if (label == -1) {
                crv = r.readInt();
            } else if (label == -2) {
                x = bounded(r, 66, "x (-2)");
            } else if (label == -3) {
                if (r.peekMajor() != CborReader.MAJOR_BYTES) {
                    throw r.fail("compressed points (y as a boolean) are not supported");
                }
                y = bounded(r, 66, "y (-3)");
            } else if (label == 3) {
                int major = r.peekMajor();
                if (major != CborReader.MAJOR_UNSIGNED && major != CborReader.MAJOR_NEGATIVE) {
                    throw r.fail("alg (3) must be an integer COSE algorithm identifier");
                }
                alg = r.readInt();
            } else if (label == 2) {
                bounded(r, 1024, "kid (2)");
            } else if (label == 4) {
                if (r.peekMajor() != CborReader.MAJOR_ARRAY) {
                    throw r.fail("key_ops (4) must be an array");
                }
                r.skip();
            } else {
                throw r.fail("unexpected COSE_Key parameter " + label);
            }
        }
        r.requireEnd();
        if (kty == null || kty != 2) {
            throw r.fail("kty must be 2 (EC2), found " + kty);
        }
        EcCurve curve;
        if (crv == null) {
            throw r.fail("crv missing");
        } else if (crv == 1) {
            curve = EcCurve.P256;
        } else if (crv == 2) {
            curve = EcCurve.P384;
        } else if (crv == 3) {
            curve = EcCurve.P521;
        } else {
            throw r.fail("unsupported crv " + crv);
        }
        if (x == null || y == null || x.length != curve.fieldBytes() || y.length != curve.fieldBytes()) {
            throw r.fail("x and y must be present with " + curve.fieldBytes() + " bytes each");
        }
        CoseAlgorithm curveAlg = CoseAlgorithm.forCurve(curve);
        if (alg != null && alg != curveAlg.id()) {
            throw r.fail("alg (3) " + algorithmName(alg) + " contradicts the key's curve " + curve.curveName()
                    + " (only " + curveAlg + " signs with it)");
        }
        byte[] point = new byte[1 + 2 * curve.fieldBytes()];
        point[0] = 0x04;
        System.arraycopy(x, 0, point, 1, x.length);
        System.arraycopy(y, 0, point, 1 + x.length, y.length);
        return new RealmPublicKey(RealmPublicKey.Encoding.COSE_KEY, rak, curve, point);
    }

    private static String algorithmName(long id) {
        if (id == COSE_EDDSA) {
            return "EdDSA (" + id + ")";
        }
        return CoseAlgorithm.fromId(id).map(a -> a + " (" + id + ")").orElse(String.valueOf(id));
    }

    // ---- helpers ----

    private static long readKey(CborReader r, Set<Long> seen) throws MalformedEvidenceException {
        int major = r.peekMajor();
        if (major != CborReader.MAJOR_UNSIGNED && major != CborReader.MAJOR_NEGATIVE) {
            throw r.fail("map keys must be integers");
        }
        long key = r.readInt();
        if (!seen.add(key)) {
            throw r.fail("duplicate key " + key);
        }
        return key;
    }

    private static byte[] hash(CborReader r, String what) throws MalformedEvidenceException {
        byte[] b = bounded(r, 64, what);
        if (b.length != 32 && b.length != 48 && b.length != 64) {
            throw r.fail(what + " must be 32, 48 or 64 bytes, found " + b.length);
        }
        return b;
    }

    private static byte[] exact(CborReader r, int length, String what) throws MalformedEvidenceException {
        byte[] b = bounded(r, length, what);
        if (b.length != length) {
            throw r.fail(what + " must be " + length + " bytes, found " + b.length);
        }
        return b;
    }

    private static byte[] ueid(CborReader r, String what) throws MalformedEvidenceException {
        byte[] b = exact(r, 33, what);
        if (b[0] != 0x01) {
            throw r.fail(what + " must start with 0x01 (random UEID), found 0x" + String.format("%02x", b[0]));
        }
        return b;
    }

    private static byte[] bounded(CborReader r, int max, String what) throws MalformedEvidenceException {
        if (r.peekMajor() != CborReader.MAJOR_BYTES) {
            throw r.fail(what + " must be a byte string");
        }
        int[] range = r.readBytesRange();
        if (range[1] > max) {
            throw r.fail(what + " is " + range[1] + " bytes, more than the " + max + " allowed");
        }
        return java.util.Arrays.copyOfRange(r.data(), range[0], range[0] + range[1]);
    }

    private static void require(Object value, String what, CborReader r) throws MalformedEvidenceException {
        if (value == null) {
            throw r.fail("mandatory claim " + what + " is missing");
        }
    }
}
