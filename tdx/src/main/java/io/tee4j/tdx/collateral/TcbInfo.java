package io.tee4j.tdx.collateral;

import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.json.Json;
import io.tee4j.json.Json.JsonException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Intel TDX TCB info (id {@code TDX}, version 3), as Intel PCS v4 serves it for one FMSPC: the TDX
 * module's signer and attributes, the TDX module identities of TDX 1.5 ({@code TDX_01},
 * {@code TDX_03}, ...), and the TCB levels with their status, date and advisory IDs.
 *
 * <p>Keeps the exact bytes of the signed {@code tcbInfo} object and its raw r||s signature; it is
 * parsed, not verified — {@code TdxVerifier} checks the signature by the Intel TCB Signing chain
 * and the validity window. Parsing is strict and follows what Intel's Quote Verification Library
 * (QVL) refuses: every field used in TCB evaluation must be present with the right type, platform
 * level statuses must be Intel's, duplicated platform levels (same SGX components, PCESVN and TDX
 * components), duplicated module levels (same ISVSVN), an empty {@code tdxModuleIdentities} array
 * and SGX TCB info (id {@code SGX}) or other versions are refused. Levels are kept in QVL's order
 * (highest first), which is the order they are matched in — never the document's.
 *
 * @since 0.1
 */
public final class TcbInfo extends SignedTcbDocument {
    /** Largest TCB info document accepted. */
    public static final int MAX_BYTES = SignedTcbDocument.MAX_BYTES;
    private static final String WHAT = "TCB info";

    private final byte[] fmspc;
    private final byte[] pceId;
    private final int tcbType;
    private final long tcbEvaluationDataNumber;
    private final TdxModule tdxModule;
    private final List<TdxModuleIdentity> tdxModuleIdentities;
    private final List<TcbLevel> tcbLevels;

    /** The TDX module's expected signer and attributes (the {@code tdxModule} object). */
    public static final class TdxModule {
        final byte[] mrSigner;
        final byte[] attributes;
        final byte[] attributesMask;

        TdxModule(byte[] mrSigner, byte[] attributes, byte[] attributesMask) {
            this.mrSigner = mrSigner;
            this.attributes = attributes;
            this.attributesMask = attributesMask;
        }

        public byte[] mrSigner() {
            return mrSigner.clone();
        }

        public byte[] attributes() {
            return attributes.clone();
        }

        public byte[] attributesMask() {
            return attributesMask.clone();
        }
    }

    /** A TDX module identity ({@code TDX_%02X}) with its own TCB levels. */
    public static final class TdxModuleIdentity {
        final String id;
        final TdxModule module;
        final List<ModuleTcbLevel> levels;

        TdxModuleIdentity(String id, TdxModule module, List<ModuleTcbLevel> levels) {
            this.id = id;
            this.module = module;
            this.levels = List.copyOf(levels);
        }

        public String id() {
            return id;
        }

        public TdxModule module() {
            return module;
        }

        public List<ModuleTcbLevel> tcbLevels() {
            return levels;
        }
    }

    /**
     * A TCB level of a module identity or a QE identity: ISVSVN, date, status, advisories. The
     * status is kept as the collateral spells it ({@link #statusName()}): Intel's QVL reads a module
     * identity's status only when that level is the one matched, and refuses it then unless it is
     * UpToDate, OutOfDate or Revoked, so an odd status on a level that never matches is harmless.
     */
    public static final class ModuleTcbLevel {
        final int isvSvn;
        final Instant tcbDate;
        final String statusName;
        final IntelTcbStatus status;
        final List<String> advisoryIds;

        ModuleTcbLevel(int isvSvn, Instant tcbDate, String statusName, List<String> advisoryIds) {
            this.isvSvn = isvSvn;
            this.tcbDate = tcbDate;
            this.statusName = statusName;
            this.status = IntelTcbStatus.fromIntelName(statusName).filter(IntelTcbStatus::inCollateral).orElse(null);
            this.advisoryIds = List.copyOf(advisoryIds);
        }

        public int isvSvn() {
            return isvSvn;
        }

        public Instant tcbDate() {
            return tcbDate;
        }

        /** The status string exactly as the collateral has it. */
        public String statusName() {
            return statusName;
        }

        /** The status, when {@link #statusName()} is one of Intel's collateral statuses. */
        public Optional<IntelTcbStatus> status() {
            return Optional.ofNullable(status);
        }

        public List<String> advisoryIds() {
            return advisoryIds;
        }
    }

    /** A platform TCB level: 16 SGX components, PCESVN, 16 TDX components, date, status, advisories. */
    public static final class TcbLevel {
        /**
         * Intel's order of platform levels, highest first: QVL keeps them in a
         * {@code std::set<TcbLevel, std::greater>} whose {@code TcbLevel::operator>} compares the SGX
         * components lexicographically, then PCESVN, then the TDX components lexicographically.
         * Two levels equal under this order are duplicates.
         */
        static final Comparator<TcbLevel> HIGHEST_FIRST = ((Comparator<TcbLevel>) (a, b) -> {
            int c = Arrays.compare(a.sgxComponents, b.sgxComponents);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.pceSvn, b.pceSvn);
            return c != 0 ? c : Arrays.compare(a.tdxComponents, b.tdxComponents);
        }).reversed();

        final int[] sgxComponents;
        final int pceSvn;
        final int[] tdxComponents;
        final Instant tcbDate;
        final IntelTcbStatus status;
        final List<String> advisoryIds;

        TcbLevel(int[] sgx, int pceSvn, int[] tdx, Instant tcbDate, IntelTcbStatus status, List<String> advisoryIds) {
            this.sgxComponents = sgx;
            this.pceSvn = pceSvn;
            this.tdxComponents = tdx;
            this.tcbDate = tcbDate;
            this.status = status;
            this.advisoryIds = List.copyOf(advisoryIds);
        }

        public int[] sgxComponents() {
            return sgxComponents.clone();
        }

        public int pceSvn() {
            return pceSvn;
        }

        public int[] tdxComponents() {
            return tdxComponents.clone();
        }

        public Instant tcbDate() {
            return tcbDate;
        }

        public IntelTcbStatus status() {
            return status;
        }

        public List<String> advisoryIds() {
            return advisoryIds;
        }
    }

    private TcbInfo(byte[] signedBytes, byte[] signature, Map<String, Object> m) throws JsonException {
        super(signedBytes, signature, m, "tcbInfo", "TCB info id", "TDX", 3, "TDX TCB info version 3");
        String p = "tcbInfo";
        fmspc = Json.hex(m, "fmspc", p, 6);
        pceId = Json.hex(m, "pceId", p, 2);
        tcbType = (int) Json.integer(m, "tcbType", p, 255);
        if (tcbType != 0) {
            throw new JsonException("tcbInfo.tcbType " + tcbType + " is not supported (0: compare SVNs component-wise)");
        }
        tcbEvaluationDataNumber = Json.integer(m, "tcbEvaluationDataNumber", p, 0xFFFFFFFFL);
        tdxModule = TcbInfoFields.module(Json.object(Json.member(m, "tdxModule", p), p + ".tdxModule"), p + ".tdxModule");
        List<TdxModuleIdentity> ids = new ArrayList<>();
        if (m.containsKey("tdxModuleIdentities")) {
            List<Object> arr = Json.array(m, "tdxModuleIdentities", p);
            if (arr.isEmpty()) {
                // QVL: "Number of parsed [tdxModuleIdentities] should not be 0".
                throw new JsonException(p + ".tdxModuleIdentities: empty (leave the key out instead)");
            }
            for (int i = 0; i < arr.size(); i++) {
                String ip = p + ".tdxModuleIdentities[" + i + "]";
                Map<String, Object> im = Json.object(arr.get(i), ip);
                ids.add(new TdxModuleIdentity(Json.string(im, "id", ip), TcbInfoFields.module(im, ip), TcbInfoFields.moduleLevels(im, ip)));
            }
        }
        tdxModuleIdentities = List.copyOf(ids);
        List<TcbLevel> levels = new ArrayList<>();
        List<Object> la = Json.array(m, "tcbLevels", p);
        if (la.isEmpty()) {
            throw new JsonException(p + ".tcbLevels: empty");
        }
        for (int j = 0; j < la.size(); j++) {
            String lp = p + ".tcbLevels[" + j + "]";
            Map<String, Object> lm = Json.object(la.get(j), lp);
            Map<String, Object> tcb = Json.object(Json.member(lm, "tcb", lp), lp + ".tcb");
            int[] sgx = TcbInfoFields.components(tcb, "sgxtcbcomponents", lp + ".tcb");
            int pcesvn = (int) Json.integer(tcb, "pcesvn", lp + ".tcb", 65535);
            int[] tdx = TcbInfoFields.components(tcb, "tdxtcbcomponents", lp + ".tcb");
            levels.add(new TcbLevel(sgx, pcesvn, tdx, TcbInfoFields.instant(lm, "tcbDate", lp), TcbInfoFields.status(lm, lp), TcbInfoFields.advisories(lm, lp)));
        }
        levels.sort(TcbLevel.HIGHEST_FIRST);
        for (int j = 1; j < levels.size(); j++) {
            if (TcbLevel.HIGHEST_FIRST.compare(levels.get(j - 1), levels.get(j)) == 0) {
                // QVL: "Detected duplicated TCB levels" (the set refuses the second insert).
                throw new JsonException(p + ".tcbLevels: duplicated TCB levels (same SGX components, PCESVN and "
                        + "TDX components)");
            }
        }
        tcbLevels = List.copyOf(levels);
    }

    /**
     * Reads a PCS v4 TCB info response body, {@code {"tcbInfo": {...}, "signature": "hex"}}; the
     * signed bytes are the exact bytes of the {@code tcbInfo} value in {@code body}.
     */
    public static TcbInfo fromPcsResponse(byte[] body) throws CollateralUnavailableException {
        Objects.requireNonNull(body, "body");
        checkSize(WHAT, body.length);
        try {
            int[] span = Json.memberSpan(body, "tcbInfo");
            Map<String, Object> root = Json.object(Json.parse(body), "$");
            byte[] sig = Json.hex(root, "signature", "$", 64);
            byte[] signed = Arrays.copyOfRange(body, span[0], span[1]);
            return new TcbInfo(signed, sig, Json.object(root.get("tcbInfo"), "tcbInfo"));
        } catch (JsonException e) {
            throw malformed(WHAT, e);
        }
    }

    /** Reads the signed {@code tcbInfo} object itself (exact bytes) and its 64-byte r||s signature. */
    public static TcbInfo of(byte[] tcbInfoJson, byte[] signature) throws CollateralUnavailableException {
        Objects.requireNonNull(tcbInfoJson, "tcbInfoJson");
        Objects.requireNonNull(signature, "signature");
        checkSize(WHAT, tcbInfoJson.length);
        checkSignature(WHAT, signature);
        try {
            return new TcbInfo(tcbInfoJson.clone(), signature.clone(),
                    Json.object(Json.parse(tcbInfoJson), "tcbInfo"));
        } catch (JsonException e) {
            throw malformed(WHAT, e);
        }
    }

    public byte[] fmspc() {
        return fmspc.clone();
    }

    public byte[] pceId() {
        return pceId.clone();
    }

    public int tcbType() {
        return tcbType;
    }

    public long tcbEvaluationDataNumber() {
        return tcbEvaluationDataNumber;
    }

    public TdxModule tdxModule() {
        return tdxModule;
    }

    public List<TdxModuleIdentity> tdxModuleIdentities() {
        return tdxModuleIdentities;
    }

    /** The platform TCB levels in Intel's order, highest first (see {@link TcbLevel}), not document order. */
    public List<TcbLevel> tcbLevels() {
        return tcbLevels;
    }

    @Override
    public String toString() {
        return "TcbInfo[TDX v3, fmspc " + HexFormat.of().formatHex(fmspc) + ", eval " + tcbEvaluationDataNumber + ", " + issueDate()
                + " .. " + nextUpdate() + "]";
    }
}
