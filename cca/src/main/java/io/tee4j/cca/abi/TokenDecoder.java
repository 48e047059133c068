package io.tee4j.cca.abi;

import io.tee4j.core.MalformedEvidenceException;

/**
 * Decodes the CCA token envelope (tag 399 or the tag 907 CMW collection holding the platform and realm
 * COSE_Sign1 messages) and hands each payload to its claims decoder. Not API.
 */
final class TokenDecoder {
    static final long KEY_PLATFORM = 44234;
    static final long KEY_REALM = 44241;
    static final long CMW_CONTENT_FORMAT_EAT_CWT = 263;

    static final int MAX_TOKEN_BYTES = 64 * 1024;

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
        PlatformClaims pc = PlatformClaimsDecoder.decode(platformCose.payloadUnsafe());
        RealmClaims rc = RealmClaimsDecoder.decode(realmCose.payloadUnsafe(), pc.profile());
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
}
