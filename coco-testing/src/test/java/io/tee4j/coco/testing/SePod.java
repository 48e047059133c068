package io.tee4j.coco.testing;

import io.tee4j.core.AttestationException;
import io.tee4j.core.Attester;
import io.tee4j.core.Evidence;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TeeType;
import io.tee4j.envelope.SerdeJson;
import io.tee4j.json.Json;
import io.tee4j.se.abi.ExchangeEntry;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.simulator.UltravisorSimulator;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A simulated IBM SE guest answering a KBS's SE challenge as guest-components' SE attester does
 * (attester/src/se): the request blob goes to the Ultravisor with {@code runtime_data_digest} as user
 * data, and the answer becomes trustee's {@code SeAttestationResponse}, the encrypted key and nonce
 * copied from the request.
 */
final class SePod {
    private SePod() {
    }

    static Attester attester(UltravisorSimulator uv, UnaryOperator<byte[]> userData) {
        return new Attester() {
            @Override
            public TeeType type() {
                return TeeType.IBM_SE;
            }

            @Override
            public Evidence attest(byte[] input) throws AttestationException {
                @SuppressWarnings("unchecked")
                Map<String, Object> req;
                try {
                    req = (Map<String, Object>) Json.parse(input);
                } catch (Json.JsonException e) {
                    throw new MalformedEvidenceException(e.getMessage());
                }
                Base64.Decoder d = Base64.getDecoder();
                int additional = ((BigInteger) req.get("additional_size")).intValue();
                byte[] exchange = new ExchangeFile(d.decode((String) req.get("request_blob")),
                        ExchangeEntry.expectedSize(((BigInteger) req.get("measurement_size")).intValue()),
                        additional == 0 ? null : ExchangeEntry.expectedSize(additional), null, null).encode();
                byte[] user = userData.apply(d.decode((String) req.get("runtime_data_digest")));
                ExchangeFile r = ExchangeFile.parse(uv.attest(exchange, user));
                Base64.Encoder e = Base64.getEncoder();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("measurement", e.encodeToString(r.measurement().data()));
                m.put("additional_data", e.encodeToString(r.additionalBytes()));
                m.put("user_data", e.encodeToString(r.userDataBytes()));
                m.put("cuid", e.encodeToString(r.cuid().data()));
                m.put("encr_measurement_key", req.get("encr_measurement_key"));
                m.put("encr_request_nonce", req.get("encr_request_nonce"));
                m.put("image_hdr_tags", req.get("image_hdr_tags"));
                return Evidence.of(TeeType.IBM_SE, SerdeJson.write(m));
            }
        };
    }
}
