package io.tee4j.tdx;

import io.tee4j.tdx.abi.IntelTcbStatus;
import io.tee4j.tdx.collateral.QeIdentity;
import io.tee4j.tdx.collateral.TcbInfo;
import io.tee4j.tdx.collateral.TdxCollateral;
import io.tee4j.tdx.validate.TdxPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The real collateral sets of the vectors, with times inside their windows (see PROVENANCE.md). */
public final class Collaterals {
    public static final Instant PHALA_AT = Instant.parse("2025-07-04T10:24:00Z");
    public static final Instant TRUSTEE_AT = Instant.parse("2025-11-10T00:00:00Z");
    public static final Instant GTG_AT = Instant.parse("2023-07-01T01:00:00Z");
    /** Inside the PCK validity of every quote vector. */
    public static final Instant ANY_PCK_AT = Instant.parse("2026-02-03T01:00:00Z");

    private Collaterals() {
    }

    public static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    public static TdxCollateral phala() throws Exception {
        return TdxCollateral.fromBundle(Vectors.bytes("phala-dcap-qvl/tdx_quote_collateral.json"));
    }

    /** trustee TCB info + QE identity, signed by the renewed (2025-2032) TCB Signing certificate; no CRLs. */
    public static TdxCollateral trustee() throws Exception {
        byte[] chain = Vectors.bytes("phala-dcap-qvl/tcb_signing_issuer_chain_2025-2032.pem");
        return TdxCollateral.builder()
                .tcbInfo(TcbInfo.fromPcsResponse(Vectors.bytes("trustee/tcbInfo.json")), chain)
                .qeIdentity(QeIdentity.fromPcsResponse(Vectors.bytes("trustee/enclaveIdentity.json")), chain)
                .build();
    }

    /** go-tdx-guest's 2023 collateral for FMSPC 50806f000000, with both CRLs. */
    public static TdxCollateral gtg() throws Exception {
        byte[] chain = Vectors.bytes("go-tdx-guest/tcb_signing_issuer_chain_2018-2025.pem");
        return TdxCollateral.builder()
                .tcbInfo(TcbInfo.fromPcsResponse(Vectors.bytes("go-tdx-guest/sample_tcbInfo_response")), chain)
                .qeIdentity(QeIdentity.fromPcsResponse(Vectors.bytes("go-tdx-guest/sample_qeIdentity_response")), chain)
                .pckCrl(Vectors.bytes("go-tdx-guest/pckcrl"))
                .rootCaCrl(Vectors.bytes("go-tdx-guest/rootcrl.der"))
                .build();
    }

    /** A policy that accepts every Intel TCB status a quote may be accepted with (all but Revoked and NotSupported). */
    public static TdxPolicy everyAcceptableStatus() {
        TdxPolicy.Builder b = TdxPolicy.builder();
        for (IntelTcbStatus s : IntelTcbStatus.values()) {
            if (s != IntelTcbStatus.REVOKED && s != IntelTcbStatus.NOT_SUPPORTED) {
                b.acceptTcbStatus(s);
            }
        }
        return b.build();
    }
}
