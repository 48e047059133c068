package io.tee4j.se.client;

import io.tee4j.core.AttestationException;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.linux.DeviceFile;
import io.tee4j.core.linux.Devices;
import io.tee4j.core.linux.NativeDevices;
import io.tee4j.se.abi.Arcb;
import io.tee4j.se.abi.ExchangeEntry;
import io.tee4j.se.abi.ExchangeFile;
import io.tee4j.se.abi.MeasurementInput;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guest side, as {@code pvattest perform}: reads an exchange-format request, passes its ARCB
 * and the user data to the Ultravisor through {@code /dev/uv} ({@link UvDevice}) and writes the
 * answer as an exchange-format response. Verifies nothing: only the ARPK's holder can.
 *
 * @since 0.3
 */
public final class SeAttester {
    /** The guest marker: reads "1" inside an SE guest. */
    public static final Path PROT_VIRT_GUEST = Path.of("/sys/firmware/uv/prot_virt_guest");
    private final Devices devices;

    public SeAttester(Devices devices) {
        this.devices = devices;
    }

    /** An attester on the real {@code /dev/uv}. */
    public static SeAttester system() {
        return new SeAttester(NativeDevices.system());
    }

    /** Whether this machine says it is an SE guest. */
    public static boolean isSecureExecutionGuest() {
        try {
            return Files.isReadable(PROT_VIRT_GUEST) && Files.readString(PROT_VIRT_GUEST).trim().equals("1");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Answers {@code exchangeRequest} with {@code userData} (at most 256 bytes). */
    public byte[] attest(byte[] exchangeRequest, byte[] userData) throws AttestationException {
        if (userData.length > MeasurementInput.MAX_USER_DATA) {
            throw new IllegalArgumentException("user data is at most 256 bytes, not " + userData.length);
        }
        ExchangeFile request = ExchangeFile.parse(exchangeRequest);
        Arcb arcb = Arcb.parse(request.arcb());
        int measurement = request.measurement() == null ? 64 : request.measurement().size();
        if (measurement != 64) {
            throw new MalformedEvidenceException("an HMAC-SHA512 request expects a 64-byte measurement, not " + measurement);
        }
        int additional = arcb.expectedAdditionalSize();
        UvDevice.Answer answer;
        try (DeviceFile dev = devices.open(UvDevice.PATH)) {
            answer = new UvDevice(dev).attest(arcb.raw(), userData, measurement, additional);
        }
        return new ExchangeFile(arcb.raw(), ExchangeEntry.of(answer.measurement()),
                answer.additional().length == 0 ? null : ExchangeEntry.of(answer.additional()),
                userData.length == 0 ? null : ExchangeEntry.of(userData), ExchangeEntry.of(answer.cuid())).encode();
    }
}
