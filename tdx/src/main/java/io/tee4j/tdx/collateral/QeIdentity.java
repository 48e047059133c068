package io.tee4j.tdx.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TcbInfo.ModuleTcbLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Intel's identity of the TD Quoting Enclave (id {@code TD_QE}, version 2): expected MISCSELECT and
 * attributes (with masks), MRSIGNER, ISVPRODID and the TCB levels by ISVSVN, kept in document order
 * (Intel's QVL keeps them in a vector and takes the first level at or below the QE's ISVSVN). Level
 * statuses must be ones QVL's identity parser knows (UpToDate, ConfigurationNeeded, OutOfDate,
 * OutOfDateConfigurationNeeded, Revoked); any other string is refused as QVL refuses the identity.
 *
 * <p>Keeps the exact bytes of the signed {@code enclaveIdentity} object and its raw r||s
 * signature; parsed, not verified ({@code TdxVerifier} checks the signature and validity window).
 * SGX QE identities ({@code QE}, {@code QVE}) are refused.
 *
 * @since 0.1
 */
public final class QeIdentity extends SignedTcbDocument {
    private static final String WHAT = "QE identity";
    private final long tcbEvaluationDataNumber;
    private final byte[] miscSelect;
    private final byte[] miscSelectMask;
    private final byte[] attributes;
    private final byte[] attributesMask;
    private final byte[] mrSigner;
    private final int isvProdId;
    private final List<ModuleTcbLevel> tcbLevels;

    private QeIdentity(byte[] signedBytes, byte[] signature, Map<String, Object> m) throws JsonException {
        super(signedBytes, signature, m, "enclaveIdentity", "enclave identity", "TD_QE", 2, "TD_QE version 2");
        String p = "enclaveIdentity";
        tcbEvaluationDataNumber = Json.integer(m, "tcbEvaluationDataNumber", p, 0xFFFFFFFFL);
        miscSelect = Json.hex(m, "miscselect", p, 4);
        miscSelectMask = Json.hex(m, "miscselectMask", p, 4);
        attributes = Json.hex(m, "attributes", p, 16);
        attributesMask = Json.hex(m, "attributesMask", p, 16);
        mrSigner = Json.hex(m, "mrsigner", p, 32);
        isvProdId = (int) Json.integer(m, "isvprodid", p, 65535);
        List<ModuleTcbLevel> levels = new ArrayList<>();
        List<Object> la = Json.array(m, "tcbLevels", p);
        if (la.isEmpty()) {
            throw new JsonException(p + ".tcbLevels: empty");
        }
        for (int j = 0; j < la.size(); j++) {
            String lp = p + ".tcbLevels[" + j + "]";
            Map<String, Object> lm = Json.object(la.get(j), lp);
            Map<String, Object> tcb = Json.object(Json.member(lm, "tcb", lp), lp + ".tcb");
            levels.add(new ModuleTcbLevel((int) Json.integer(tcb, "isvsvn", lp + ".tcb", 65535),
                    TcbInfoFields.instant(lm, "tcbDate", lp), qeStatus(lm, lp), TcbInfoFields.advisories(lm, lp)));
        }
        tcbLevels = List.copyOf(levels);
    }

    /**
     * The statuses QVL's enclave identity parser knows ({@code parseStringToTcbStatus}); any other
     * string, SWHardeningNeeded included, makes the whole identity unreadable
     * (STATUS_UNSUPPORTED_QE_IDENTITY_FORMAT), whether or not its level would match.
     */
    private static final Set<String> QE_STATUSES = Set.of("UpToDate", "ConfigurationNeeded", "OutOfDate",
            "OutOfDateConfigurationNeeded", "Revoked");

    private static String qeStatus(Map<String, Object> lm, String lp) throws JsonException {
        String s = Json.string(lm, "tcbStatus", lp);
        if (!QE_STATUSES.contains(s)) {
            throw new JsonException(lp + ".tcbStatus: " + s + " is not a QE identity status (Intel's QVL knows "
                    + "UpToDate, ConfigurationNeeded, OutOfDate, OutOfDateConfigurationNeeded and Revoked)");
        }
        return s;
    }

    /** Reads a PCS v4 response body, {@code {"enclaveIdentity": {...}, "signature": "hex"}}. */
    public static QeIdentity fromPcsResponse(byte[] body) throws CollateralUnavailableException {
        Objects.requireNonNull(body, "body");
        checkSize(WHAT, body.length);
        try {
            int[] span = Json.memberSpan(body, "enclaveIdentity");
            Map<String, Object> root = Json.object(Json.parse(body), "$");
            byte[] sig = Json.hex(root, "signature", "$", 64);
            return new QeIdentity(Arrays.copyOfRange(body, span[0], span[1]), sig,
                    Json.object(root.get("enclaveIdentity"), "enclaveIdentity"));
        } catch (JsonException e) {
            throw malformed(WHAT, e);
        }
    }

    /** Reads the signed {@code enclaveIdentity} object itself (exact bytes) and its 64-byte signature. */
    public static QeIdentity of(byte[] identityJson, byte[] signature) throws CollateralUnavailableException {
        Objects.requireNonNull(identityJson, "identityJson");
        Objects.requireNonNull(signature, "signature");
        checkSize(WHAT, identityJson.length);
        checkSignature(WHAT, signature);
        try {
            return new QeIdentity(identityJson.clone(), signature.clone(),
                    Json.object(Json.parse(identityJson), "enclaveIdentity"));
        } catch (JsonException e) {
            throw malformed(WHAT, e);
        }
    }

    public long tcbEvaluationDataNumber() {
        return tcbEvaluationDataNumber;
    }

    /**
     * MISCSELECT as the 4 bytes of Intel's hex, in the order written. Intel's QVL reads them as the
     * report's own little-endian bytes ({@code vectorToUint32} swaps them), so they compare byte by
     * byte with the QE report's MISCSELECT field.
     */
    public byte[] miscSelect() {
        return miscSelect.clone();
    }

    public byte[] miscSelectMask() {
        return miscSelectMask.clone();
    }

    public byte[] attributes() {
        return attributes.clone();
    }

    public byte[] attributesMask() {
        return attributesMask.clone();
    }

    public byte[] mrSigner() {
        return mrSigner.clone();
    }

    public int isvProdId() {
        return isvProdId;
    }

    public List<ModuleTcbLevel> tcbLevels() {
        return tcbLevels;
    }

    @Override
    public String toString() {
        return "QeIdentity[TD_QE v2, eval " + tcbEvaluationDataNumber + ", " + issueDate() + " .. " + nextUpdate() + "]";
    }
}
