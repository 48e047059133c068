package io.tee4j.cca.abi;

import static io.tee4j.cca.abi.ClaimReader.MAX_TEXT_BYTES;
import static io.tee4j.cca.abi.ClaimReader.bounded;
import static io.tee4j.cca.abi.ClaimReader.exact;
import static io.tee4j.cca.abi.ClaimReader.hash;
import static io.tee4j.cca.abi.ClaimReader.hashAlgorithm;
import static io.tee4j.cca.abi.ClaimReader.profileClaim;
import static io.tee4j.cca.abi.ClaimReader.readKey;
import static io.tee4j.cca.abi.ClaimReader.require;
import static io.tee4j.cca.abi.ClaimReader.ueid;

import io.tee4j.core.MalformedEvidenceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Decodes the platform claims map (the payload of the platform token) by its profile's rules. Not API. */
final class PlatformClaimsDecoder {
    static final int MAX_COMPONENTS = 256;
    static final int MAX_CONFIG_BYTES = 4096;

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

    private PlatformClaimsDecoder() {
    }

    /**
     * Decodes the platform claims. The profile is read first: it decides which claims exist (the
     * 2024 claims client id, manufacturing config and extension, and the software-component keys 7
     * and 8, mean nothing in older profiles, so there they are skipped like any unknown claim).
     */
    static PlatformClaims decode(byte[] payload) throws MalformedEvidenceException {
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
            if (key == ClaimReader.PROFILE) {
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
                extension = Arrays.copyOfRange(payload, range[0], range[0] + range[1]);
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
    static String verificationService(CborReader r) throws MalformedEvidenceException {
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
    static List<SoftwareComponent> components(CborReader r, boolean v2) throws MalformedEvidenceException {
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
}
