package io.tee4j.cli;

import io.tee4j.core.TeeType;
import io.tee4j.se.client.SeAttester;
import java.nio.file.Path;

/**
 * {@code tee4j attest --tee ibm-se --request FILE}: passes the request and the report data (as
 * user data, at most 256 bytes) to the Ultravisor through {@code /dev/uv} and writes the
 * exchange-format response. Nothing is verified on the guest.
 */
final class SeAttest {
    private SeAttest() {
    }

    static int run(TeeType type, Path request, Path simulate, byte[] userData, Path out) throws Exception {
        if (type != TeeType.IBM_SE) {
            throw new UsageException("--request applies to --tee ibm-se only");
        }
        if (request == null) {
            throw new UsageException("--tee ibm-se needs --request FILE (made by 'tee4j se request')");
        }
        if (simulate != null) {
            throw new UsageException("--simulate does not cover ibm-se; 'tee4j demo' shows the simulated flow");
        }
        byte[] response;
        try {
            response = SeAttester.system().attest(InputFiles.read(request), userData);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        OutputTargets.write(out, "--out", response);
        System.err.println("tee4j: wrote the ibm-se response (" + response.length + " bytes) to " + out
                + "; verify it where the ARPK is: tee4j verify --tee ibm-se --evidence " + out
                + " --request REQ --arpk ARPK --se-header HDR");
        return ExitCodes.OK;
    }
}
