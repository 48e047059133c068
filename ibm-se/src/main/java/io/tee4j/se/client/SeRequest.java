package io.tee4j.se.client;

import io.tee4j.core.SecretBytes;
import io.tee4j.se.verify.VerifiedHkd;
import java.util.List;

/**
 * A request made by {@link SeRequestBuilder}: the pvattest exchange-format request to hand to the
 * guest, and the ARPK that alone can verify the answer. The ARPK never appears in
 * {@link #toString()}; keep it only until the response is verified, then {@linkplain
 * SecretBytes#destroy() destroy} it.
 *
 * @param exchangeRequest the exchange file (ARCB and expected measurement/additional sizes)
 * @param arpk the 32-byte attestation-request protection key
 * @param hkds the verified host-key documents the request is addressed to
 * @since 0.3
 */
public record SeRequest(byte[] exchangeRequest, SecretBytes arpk, List<VerifiedHkd> hkds) {
    public SeRequest {
        exchangeRequest = exchangeRequest.clone();
        hkds = List.copyOf(hkds);
    }

    @Override
    public byte[] exchangeRequest() {
        return exchangeRequest.clone();
    }

    @Override
    public String toString() {
        return "SeRequest[" + exchangeRequest.length + " bytes, " + hkds.size() + " host keys, arpk=<secret>]";
    }
}
