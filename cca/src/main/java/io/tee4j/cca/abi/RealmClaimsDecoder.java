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
import io.tee4j.core.crypto.EcCurve;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes the realm claims map (the payload of the realm token) by the rules of its profile generation.
 * Not API.
 */
final class RealmClaimsDecoder {
    static final long R_CHALLENGE = 10;
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

    private RealmClaimsDecoder() {
    }

    /**
     * Decodes the realm claims by the rules of the realm's profile, or, when the realm token has no
     * profile claim (it is optional), of the platform's: an RMM 1.0 platform means a raw P-384 RAK;
     * a 2023 platform a COSE_Key RAK; a 2024 platform a COSE_Key RAK, realm instance id and MEC
     * policy. A realm profile of another generation than the platform's is refused: no conformant
     * RMM pairs them, and either side's rules would then be wrong for the other.
     */
    static RealmClaims decode(byte[] payload, CcaProfile platformProfile) throws MalformedEvidenceException {
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
            if (key == ClaimReader.PROFILE) {
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
        RealmPublicKey key = generation == 1 ? rawPoint(rak) : CoseKeyDecoder.decode(rak);
        return new RealmClaims(profile, generation, challenge, rpv, rim, rems, hashAlg, key, rakHashAlg, instanceId,
                mec, lfa, devicesHash, unknown);
    }

    /** The realm profile of the same generation as a 2023 or 2024 platform profile. */
    static CcaProfile realmProfileOf(CcaProfile platformProfile) {
        return platformProfile == CcaProfile.PLATFORM_2024 ? CcaProfile.REALM_2024 : CcaProfile.REALM_2023;
    }

    static MecPolicy mecPolicy(CborReader r) throws MalformedEvidenceException {
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
    static RealmPublicKey rawPoint(byte[] rak) throws MalformedEvidenceException {
        int expected = 1 + 2 * EcCurve.P384.fieldBytes();
        if (rak.length != expected || rak[0] != 0x04) {
            throw new MalformedEvidenceException("realm claims: an RMM 1.0 realm token (no realm profile, platform"
                    + " profile " + CcaProfile.PLATFORM_CCA_SSD_1_0.uri() + ") must carry the RAK as a raw"
                    + " uncompressed SEC1 point on P-384 (04 || X || Y, " + expected + " bytes); found " + rak.length
                    + " bytes" + (rak.length > 0 ? " starting 0x" + String.format("%02x", rak[0]) : ""));
        }
        return new RealmPublicKey(RealmPublicKey.Encoding.SEC1_POINT, rak, EcCurve.P384, rak);
    }

}
