package io.tee4j.vtpm.azure;

import io.tee4j.core.Claims;
import io.tee4j.tpm.abi.TpmHash;
import io.tee4j.tpm.verify.PcrValues;
import io.tee4j.tpm.verify.VerifiedQuote;
import java.util.HexFormat;
import java.util.Map;

/**
 * A verified quote as claims: extraData, clock info, firmware version, the selection, and the
 * quoted PCR values per bank ({@code pcrs.sha256."0"}), the shape the {@code pcrs} policy key uses.
 *
 * @since 0.1
 */
public final class QuoteClaims {
    private QuoteClaims() {
    }

    /** The claims of one quote. */
    public static Claims.Builder of(VerifiedQuote q) {
        return Claims.builder()
                .put("extraData", q.attest().extraData())
                .put("signature", q.signature().toString())
                .put("clock", q.attest().clock())
                .put("resetCount", q.attest().resetCount())
                .put("restartCount", q.attest().restartCount())
                .put("firmwareVersion", String.format("0x%016x", q.attest().firmwareVersion()))
                .put("pcrSelection", q.attest().pcrSelection().toString())
                .put("pcrs", pcrs(q.pcrs()));
    }

    /** PCR values per bank, as hex strings keyed by index. */
    public static Claims.Builder pcrs(PcrValues values) {
        Claims.Builder banks = Claims.builder();
        for (TpmHash bank : values.bankSet()) {
            Claims.Builder b = Claims.builder();
            for (Map.Entry<Integer, byte[]> e : values.bank(bank).entrySet()) {
                b.put(Integer.toString(e.getKey()), HexFormat.of().formatHex(e.getValue()));
            }
            banks.put(bank.label(), b);
        }
        return banks;
    }
}
