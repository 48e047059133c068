package io.tee4j.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tee4j.cca.abi.CcaToken;
import io.tee4j.core.MalformedEvidenceException;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.nvgpu.abi.ReferenceManifest;
import io.tee4j.nvgpu.abi.RimMeasurement;
import io.tee4j.nvgpu.simulator.NvGpuSimulator;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XML attacks on the NVIDIA RIM reader (entity expansion, external entities, signature wrapping)
 * and CBOR attacks on the CCA decoder (deep nesting, huge declared lengths, indefinite lengths): each
 * refused with a typed error within two seconds and without allocating in proportion to a length
 * the input declares (checked with the thread's allocation counter: under 64 MiB per attempt).
 */
class XmlAndCborAttackTest {
    private static final Instant NOW = Instant.parse("2026-02-01T00:00:00Z");
    private static final long MAX_MILLIS = 2000;
    private static final long MAX_ALLOCATED = 64L << 20;
    private static NvGpuSimulator sim;
    private static String signedRim;
    private static TrustAnchors anchors;

    @BeforeAll
    static void simulator() {
        sim = NvGpuSimulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        signedRim = new String(sim.driverRim(), StandardCharsets.UTF_8);
        anchors = sim.rimTrustAnchors();
    }

    interface Attempt {
        void run() throws Exception;
    }

    /** Runs the attempt, returns what it threw; fails on time, allocation, or an accept. */
    private static Exception refused(String what, Attempt a) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean sun = mx instanceof com.sun.management.ThreadMXBean s ? s : null;
        long tid = Thread.currentThread().getId();
        long before = sun == null ? 0 : sun.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        Exception thrown = null;
        try {
            a.run();
        } catch (Exception e) {
            thrown = e;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long allocated = sun == null ? 0 : sun.getThreadAllocatedBytes(tid) - before;
        System.out.printf("XmlAndCborAttackTest %s: %d ms, %d KiB allocated, %s%n", what, ms, allocated >> 10,
                thrown == null ? "ACCEPTED" : thrown.getClass().getSimpleName() + ": " + thrown.getMessage());
        assertTrue(ms < MAX_MILLIS, what + " took " + ms + " ms");
        assertTrue(allocated < MAX_ALLOCATED, what + " allocated " + allocated + " bytes");
        assertNotNull(thrown, what + " was accepted");
        return thrown;
    }

    private static void rimRefused(String what, String xml, Set<VerificationFailedException.Reason> reasons) {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        Exception e = refused(what, () -> ReferenceManifest.verify(b, anchors, NOW));
        assertTrue(e instanceof VerificationFailedException, what + ": " + e);
        assertTrue(reasons.contains(((VerificationFailedException) e).reason()), what + ": " + e);
        // without the signature check only what the parser itself refuses is refused; it must still
        // be quick, bounded and typed (an accept here is fine when only the signature catches it)
        long t0 = System.nanoTime();
        try {
            ReferenceManifest.parseUnverified(b);
            assertTrue(reasons.contains(VerificationFailedException.Reason.SIGNATURE), what + " unverified: accepted");
        } catch (VerificationFailedException expected) {
            // typed
        }
        assertTrue(System.nanoTime() - t0 < MAX_MILLIS * 1_000_000L, what + " unverified: slow");
    }

    private static String body() {
        return signedRim.substring(signedRim.indexOf("<SoftwareIdentity"));
    }

    @Test
    void baselineVerifies() throws Exception {
        assertEquals(sim.driverVersion(), ReferenceManifest.verify(sim.driverRim(), anchors, NOW).colloquialVersion());
    }

    @Test
    void billionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE SoftwareIdentity [<!ENTITY l0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]>");
        String xml = "<?xml version=\"1.0\"?>" + dtd + body().replaceFirst("tagId=\"", "tagId=\"&l9;");
        rimRefused("billion laughs", xml, EnumSet.of(VerificationFailedException.Reason.COLLATERAL));
    }

    @Test
    void externalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE SoftwareIdentity [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + body().replaceFirst("tagId=\"", "tagId=\"&x;");
        rimRefused("external entity", xxe, EnumSet.of(VerificationFailedException.Reason.COLLATERAL));
        String param = "<?xml version=\"1.0\"?><!DOCTYPE SoftwareIdentity [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]>"
                + body();
        rimRefused("external parameter entity", param, EnumSet.of(VerificationFailedException.Reason.COLLATERAL));
        String xinclude = body().replaceFirst("<Payload>",
                "<Payload><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/>");
        rimRefused("XInclude", xinclude, EnumSet.of(VerificationFailedException.Reason.COLLATERAL,
                VerificationFailedException.Reason.SIGNATURE));
    }

    @Test
    void signatureWrapping() throws Exception {
        String b = body();
        int sigStart = b.indexOf("<Signature");
        int sigEnd = b.indexOf("</Signature>") + "</Signature>".length();
        String signature = b.substring(sigStart, sigEnd);
        // a second signed element
        String twice = b.substring(0, sigEnd) + signature + b.substring(sigEnd);
        rimRefused("second Signature", twice, EnumSet.of(VerificationFailedException.Reason.COLLATERAL,
                VerificationFailedException.Reason.SIGNATURE));
        // the reference pointed at another id (the signed bytes are left as they were)
        String other = b.replace("<Reference URI=\"\">", "<Reference URI=\"#forged\">")
                .replaceFirst("<Payload>", "<Payload Id=\"forged\">");
        rimRefused("Reference to another id", other, EnumSet.of(VerificationFailedException.Reason.COLLATERAL,
                VerificationFailedException.Reason.SIGNATURE));
        // forged reference values hidden inside the Signature element, which the enveloped-signature
        // transform removes from the digest: refused, or read without them
        RimMeasurement genuine = ReferenceManifest.verify(sim.driverRim(), anchors, NOW).measurements().stream()
                .filter(RimMeasurement::active).findFirst().orElseThrow();
        String forgedResource = "<Object><Payload xmlns=\"http://standards.iso.org/iso/19770/-2/2015/schema.xsd\">"
                + "<Resource active=\"True\" alternatives=\"1\" index=\"" + genuine.index() + "\" name=\"Measurement_"
                + genuine.index() + "\" ns2:Hash0=\"" + "ab".repeat(48) + "\" size=\"48\" type=\"Measurement\" "
                + "xmlns:ns2=\"http://www.w3.org/2001/04/xmlenc#sha384\"/></Payload></Object>";
        String hidden = b.substring(0, sigEnd - "</Signature>".length()) + forgedResource + b.substring(sigEnd
                - "</Signature>".length());
        byte[] hiddenBytes = hidden.getBytes(StandardCharsets.UTF_8);
        try {
            ReferenceManifest m = ReferenceManifest.verify(hiddenBytes, anchors, NOW);
            RimMeasurement read = m.measurements().stream().filter(x -> x.index() == genuine.index()).findFirst()
                    .orElseThrow();
            assertEquals(genuine.alternatives().size(), read.alternatives().size());
            for (int i = 0; i < read.alternatives().size(); i++) {
                assertArrayEquals(genuine.alternatives().get(i), read.alternatives().get(i),
                        "a value hidden in the Signature element was read as a reference value");
            }
            assertEquals(m.measurements().size(),
                    ReferenceManifest.verify(sim.driverRim(), anchors, NOW).measurements().size());
        } catch (VerificationFailedException expected) {
            System.out.println("XmlAndCborAttackTest hidden Object: refused: " + expected.getMessage());
        }
        // the signed document moved under a forged root
        String moved = "<?xml version=\"1.0\"?><SoftwareIdentity xmlns=\"http://standards.iso.org/iso/19770/-2/2015/schema.xsd\""
                + " name=\"GH100\" tagId=\"forged\" version=\"1.0\"><Meta colloquialVersion=\"999.0\"/>" + b
                + "</SoftwareIdentity>";
        rimRefused("signed document under a forged root", moved, EnumSet.of(VerificationFailedException.Reason.COLLATERAL,
                VerificationFailedException.Reason.SIGNATURE));
        // a tampered reference value (the classic: digest no longer matches)
        String tampered = b.replaceFirst("ns2:Hash0=\"0", "ns2:Hash0=\"1");
        rimRefused("tampered value", tampered, EnumSet.of(VerificationFailedException.Reason.SIGNATURE));
    }

    @Test
    void hugeXml() {
        String many = body().replaceFirst("<Payload>", "<Payload>" + "<Link href=\"x\"/>".repeat(200_000));
        rimRefused("200k extra elements", many, EnumSet.of(VerificationFailedException.Reason.COLLATERAL,
                VerificationFailedException.Reason.SIGNATURE));
        String deep = body().replaceFirst("<Payload>", "<Payload>" + "<a>".repeat(50_000) + "</a>".repeat(50_000));
        rimRefused("50k nested elements", deep, EnumSet.of(VerificationFailedException.Reason.COLLATERAL,
                VerificationFailedException.Reason.SIGNATURE));
    }

    private static void cborRefused(String what, byte[] token) {
        Exception e = refused(what, () -> CcaToken.decode(token));
        if (!(e instanceof MalformedEvidenceException)) {
            fail(what + ": " + e);
        }
    }

    private static void head(ByteArrayOutputStream o, int major, long n) {
        if (n < 24) {
            o.write(major << 5 | (int) n);
        } else if (n < 256) {
            o.write(major << 5 | 24);
            o.write((int) n);
        } else if (n < 65536) {
            o.write(major << 5 | 25);
            o.write((int) (n >> 8));
            o.write((int) n);
        } else {
            o.write(major << 5 | 26);
            for (int i = 3; i >= 0; i--) {
                o.write((int) (n >> (8 * i)));
            }
        }
    }

    private static byte[] bstr(byte[] content) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        head(o, 2, content.length);
        o.writeBytes(content);
        return o.toByteArray();
    }

    /** COSE_Sign1 (tag 18) with an ES256 protected header, the given payload and a zero signature. */
    private static byte[] coseSign1(byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0xD2, (byte) 0x84});
        o.writeBytes(bstr(new byte[] {(byte) 0xA1, 0x01, 0x26}));
        o.write(0xA0);
        o.writeBytes(bstr(payload));
        o.writeBytes(bstr(new byte[64]));
        return o.toByteArray();
    }

    /** A legacy (tag 399) token whose platform and realm claim maps carry {@code value} under an unknown key. */
    private static byte[] tokenWithClaimValue(byte[] value) {
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        claims.write(0xA1);
        head(claims, 0, 99999); // an unknown claim key
        claims.writeBytes(value);
        byte[] cose = coseSign1(claims.toByteArray());
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0xD9, 0x01, (byte) 0x8F, (byte) 0xA2});
        head(o, 0, 44234);
        o.writeBytes(bstr(cose));
        head(o, 0, 44241);
        o.writeBytes(bstr(cose));
        return o.toByteArray();
    }

    @Test
    void cborNestingInsideClaims() {
        for (int depth : new int[] {100, 1_000, 20_000}) {
            byte[] arrays = new byte[depth + 1];
            Arrays.fill(arrays, (byte) 0x81);
            arrays[depth] = 0x00;
            cborRefused("claim value of arrays nested " + depth, tokenWithClaimValue(arrays));
            byte[] indefinite = new byte[depth];
            Arrays.fill(indefinite, (byte) 0x9F);
            cborRefused("claim value of unterminated indefinite arrays nested " + depth, tokenWithClaimValue(indefinite));
            byte[] tags = new byte[2 * depth + 1];
            for (int i = 0; i < depth; i++) {
                tags[2 * i] = (byte) 0xD8;
                tags[2 * i + 1] = 0x20; // tag 32
            }
            cborRefused("claim value of tags nested " + depth, tokenWithClaimValue(tags));
        }
        for (int major = 2; major <= 5; major++) {
            byte[] huge = {(byte) (major << 5 | 27), 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF};
            cborRefused("claim value of major " + major + " declaring 2^63-1", tokenWithClaimValue(huge));
        }
    }

    @Test
    void cborNesting() {
        for (int depth : new int[] {64, 1_000, 100_000}) {
            byte[] arrays = new byte[depth];
            Arrays.fill(arrays, (byte) 0x81); // array(1) of array(1) ...
            cborRefused("arrays nested " + depth, arrays);
            byte[] maps = new byte[depth * 2];
            for (int i = 0; i < depth; i++) {
                maps[2 * i] = (byte) 0xA1; // map(1)
                maps[2 * i + 1] = 0x01; // key 1, value: the next map
            }
            cborRefused("maps nested " + depth, maps);
            byte[] tags = new byte[depth * 3];
            for (int i = 0; i < depth; i++) {
                tags[3 * i] = (byte) 0xD9; // tag 399
                tags[3 * i + 1] = 0x01;
                tags[3 * i + 2] = (byte) 0x8F;
            }
            cborRefused("tags nested " + depth, tags);
            byte[] indefinite = new byte[depth];
            Arrays.fill(indefinite, (byte) 0x9F); // indefinite-length arrays
            cborRefused("indefinite arrays nested " + depth, indefinite);
        }
    }

    @Test
    void cborHugeLengths() {
        // byte string, text string, array and map heads declaring 2^32-1 and 2^64-1 items or bytes
        int[] majors = {0x40, 0x60, 0x80, 0xA0};
        for (int major : majors) {
            byte[] u32 = {(byte) (major | 26), (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0};
            cborRefused(String.format("major %x length 2^32-1", major >> 5), u32);
            byte[] u64 = new byte[10];
            u64[0] = (byte) (major | 27);
            Arrays.fill(u64, 1, 9, (byte) 0xFF);
            cborRefused(String.format("major %x length 2^64-1", major >> 5), u64);
            byte[] inTag = new byte[9];
            inTag[0] = (byte) 0xD9;
            inTag[1] = 0x01;
            inTag[2] = (byte) 0x8F;
            inTag[3] = (byte) (major | 26);
            Arrays.fill(inTag, 4, 8, (byte) 0x7F);
            cborRefused(String.format("tag 399 around major %x length 2^31-1", major >> 5), inTag);
        }
        // a real token whose first byte string claims 1 GiB
        byte[] real = RealVectors.bytes(RealVectors.CCA, RealVectors.CCA_DIR + "tfrmm-cca-token-tag399.cbor");
        for (int i = 0; i < real.length - 5; i++) {
            if ((real[i] & 0xE0) == 0x40 && (real[i] & 0x1F) == 25) { // bstr, 2-byte length
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                o.write(real, 0, i);
                o.write(0x5A);
                o.writeBytes(new byte[] {0x40, 0, 0, 0});
                o.write(real, i + 3, real.length - i - 3);
                cborRefused("real token with a 1 GiB byte string", o.toByteArray());
                break;
            }
        }
    }
}
