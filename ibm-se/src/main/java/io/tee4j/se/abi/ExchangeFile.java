package io.tee4j.se.abi;

import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.util.ByteReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * pvattest's exchange format version 1 ("pvattest" magic), the file that carries a request to the
 * guest and the Ultravisor's answer back: five entries (ARCB, measurement, additional data, user
 * data, configuration UID), each absent (size 0), "expected size only" (offset 0) or present.
 *
 * <p>Checked: magic, version 0x100, the total-size field equals the length, every present entry
 * lies inside the file after the 64-byte header, an ARCB is present; {@link #requireResponse()}
 * adds a present measurement and a 16-byte CUID. Not checked: anything cryptographic.
 *
 * @param arcb the request, always present
 * @param measurement the measurement or its expected size; {@code null} if absent
 * @param additional the additional data or its expected size; {@code null} if absent
 * @param userData the user data; {@code null} if absent
 * @param cuid the configuration UID; {@code null} if absent
 * @since 0.3
 */
public record ExchangeFile(byte[] arcb, ExchangeEntry measurement, ExchangeEntry additional, ExchangeEntry userData,
        ExchangeEntry cuid) {
    /** "pvattest". */
    public static final byte[] MAGIC = {'p', 'v', 'a', 't', 't', 'e', 's', 't'};
    /** Upper bound on an exchange file: an ARCB plus the Ultravisor's buffer limits. */
    public static final int MAX_SIZE = Arcb.MAX_SIZE + 0x8000 + 0x8000 + 256 + 16 + 0x40;
    private static final int HEADER_SIZE = 0x40;

    public ExchangeFile {
        arcb = arcb.clone();
    }

    @Override
    public byte[] arcb() {
        return arcb.clone();
    }

    /** Parses an exchange file (request or response). */
    public static ExchangeFile parse(byte[] bytes) throws MalformedEvidenceException {
        if (bytes.length > MAX_SIZE) {
            throw new MalformedEvidenceException("exchange file of " + bytes.length + " bytes exceeds " + MAX_SIZE);
        }
        ByteReader r = ByteReader.of(bytes);
        if (!Arrays.equals(r.bytes(8, "exchange magic"), MAGIC)) {
            throw new MalformedEvidenceException("not a pvattest exchange file: bad magic");
        }
        long version = r.u32Be("exchange version");
        if (version != 0x100) {
            throw new MalformedEvidenceException("unsupported exchange-format version 0x" + Long.toHexString(version));
        }
        long size = r.u32Be("exchange size");
        if (size != bytes.length) {
            throw new MalformedEvidenceException("exchange file says it is " + size + " bytes long but " + bytes.length + " were given");
        }
        // pvattest writes zeros here; refusing anything else leaves no byte of a response unchecked.
        r.requireZero(8, "exchange reserved");
        ExchangeEntry arcb = entry(r, bytes, "ARCB");
        if (arcb == null || arcb.data() == null) {
            throw new MalformedEvidenceException("exchange file carries no ARCB");
        }
        return new ExchangeFile(arcb.data(), entry(r, bytes, "measurement"), entry(r, bytes, "additional data"),
                entry(r, bytes, "user data"), entry(r, bytes, "CUID"));
    }

    private static ExchangeEntry entry(ByteReader r, byte[] all, String what) throws MalformedEvidenceException {
        long size = r.u32Be(what + " entry size");
        long offset = r.u32Be(what + " entry offset");
        if (size == 0) {
            return null;
        }
        if (offset == 0) {
            if (size > MAX_SIZE) {
                throw new MalformedEvidenceException(what + " expected size " + size + " is out of range");
            }
            return ExchangeEntry.expectedSize((int) size);
        }
        if (offset < HEADER_SIZE || offset + size > all.length) {
            throw new MalformedEvidenceException(what + " entry (" + size + " bytes at " + offset + ") lies outside the file");
        }
        return ExchangeEntry.of(Arrays.copyOfRange(all, (int) offset, (int) (offset + size)));
    }

    /** Checks that this file is a response: measurement present and a 16-byte CUID. */
    public ExchangeFile requireResponse() throws MalformedEvidenceException {
        if (measurement == null || measurement.data() == null) {
            throw new MalformedEvidenceException("exchange response carries no measurement");
        }
        if (cuid == null || cuid.data() == null || cuid.size() != 16) {
            throw new MalformedEvidenceException("exchange response needs a 16-byte CUID");
        }
        return this;
    }

    /** The user data, empty when absent. */
    public byte[] userDataBytes() {
        return Optional.ofNullable(userData).map(ExchangeEntry::data).orElse(new byte[0]);
    }

    /** The additional data, empty when absent or only announced. */
    public byte[] additionalBytes() {
        return Optional.ofNullable(additional).map(ExchangeEntry::data).orElse(new byte[0]);
    }

    /** Writes this file: header, entry table, then the present data in entry order. */
    public byte[] encode() {
        ExchangeEntry[] entries = {ExchangeEntry.of(arcb), measurement, additional, userData, cuid};
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer table = ByteBuffer.allocate(40);
        for (ExchangeEntry e : entries) {
            if (e == null) {
                table.putInt(0).putInt(0);
            } else if (e.data() == null) {
                table.putInt(e.size()).putInt(0);
            } else {
                table.putInt(e.size()).putInt(HEADER_SIZE + data.size());
                data.writeBytes(e.data());
            }
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + data.size());
        out.put(MAGIC).putInt(0x100).putInt(out.capacity()).putLong(0).put(table.array()).put(data.toByteArray());
        return out.array();
    }
}
