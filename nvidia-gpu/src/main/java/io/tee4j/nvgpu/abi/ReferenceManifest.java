package io.tee4j.nvgpu.abi;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An NVIDIA reference integrity manifest (RIM): an ISO/IEC 19770-2 SWID tag listing the expected
 * measurement values of one driver or one VBIOS, signed with an enveloped XML signature whose
 * certificate chain leads to the NVIDIA CoRIM signing Root CA.
 *
 * <p>{@link #verify(byte[], TrustAnchors, Instant)} parses with secure processing (no DTD, no
 * external entities, no XInclude, 1 MiB cap), requires exactly one {@code ds:Signature}, a child
 * of the root element, with exactly one reference whose URI is {@code ""} (the whole document),
 * the transforms enveloped-signature then C14N 1.1, digest SHA-384, signature ECDSA-SHA384 and
 * canonicalization C14N 1.1, nothing else; validates the KeyInfo certificate chain to the anchors
 * at the given instant; and checks the signature with the chain's leaf key through the JDK's
 * {@code javax.xml.crypto} with secure validation on. Measurement entries are read as nvtrust
 * reads them: every element of the Payload is one, inactive only when {@code active} is exactly
 * "False"; a RIM without entries is refused; only active entries are held to their sizes and
 * alternatives. {@link #parseUnverified(byte[])} applies the same parsing rules but checks no
 * signature (for display only).
 *
 * <p>Not checked here: revocation of the signing chain (the verifier does OCSP), whether the RIM
 * belongs to the report (the verifier compares versions), and whether the signing chain is free of
 * device certificates (the verifier checks that against its device anchors and the report's chain).
 *
 * @since 0.1
 */
public final class ReferenceManifest {
    private static final Pattern VBIOS_VERSION = Pattern.compile("[0-9A-Fa-f]{2}(\\.[0-9A-Fa-f]{2}){4}");

    /** Whether a RIM describes a driver or a VBIOS. */
    public enum Kind {
        DRIVER,
        VBIOS
    }

    private final String tagId;
    private final String name;
    private final String colloquialVersion;
    private final String product;
    private final List<RimMeasurement> measurements;
    private final List<X509Certificate> signerChain;
    private final boolean verified;

    ReferenceManifest(String tagId, String name, String colloquialVersion, String product,
            List<RimMeasurement> measurements, List<X509Certificate> signerChain, boolean verified) {
        this.tagId = tagId;
        this.name = name;
        this.colloquialVersion = Objects.requireNonNull(colloquialVersion, "colloquialVersion");
        this.product = product;
        this.measurements = List.copyOf(measurements);
        this.signerChain = List.copyOf(signerChain);
        this.verified = verified;
    }

    /**
     * Parses a RIM, checks its XML signature and its signing chain at {@code at}.
     *
     * @throws VerificationFailedException {@code COLLATERAL} when the XML is refused (DTD, entity,
     *     wrong shape, unexpected algorithm, several signatures), {@code SIGNATURE} when the
     *     signature or digest does not verify, {@code CERTIFICATE_CHAIN} when the signer chain does
     *     not lead to the anchors at {@code at}
     */
    public static ReferenceManifest verify(byte[] xml, TrustAnchors anchors, Instant at)
            throws VerificationFailedException {
        return RimReader.read(Objects.requireNonNull(xml, "xml"), Objects.requireNonNull(anchors, "anchors"),
                Objects.requireNonNull(at, "at"));
    }

    /**
     * Parses a RIM with the same secure XML rules, without checking any signature. Never use the
     * values of an unverified RIM for a decision.
     */
    public static ReferenceManifest parseUnverified(byte[] xml) throws VerificationFailedException {
        return RimReader.read(Objects.requireNonNull(xml, "xml"), null, null);
    }

    /** The SWID tagId. */
    public String tagId() {
        return tagId;
    }

    /** The SWID name (e.g. "GH100"). */
    public String name() {
        return name;
    }

    /** The version the RIM describes: a driver version ("550.90.07") or a VBIOS version ("96.00.9F.00.01"). */
    public String colloquialVersion() {
        return colloquialVersion;
    }

    /** The product (e.g. "GH100"). */
    public String product() {
        return product;
    }

    /** A VBIOS RIM has a version of five dotted hex pairs; anything else is a driver RIM. */
    public Kind kind() {
        return VBIOS_VERSION.matcher(colloquialVersion).matches() ? Kind.VBIOS : Kind.DRIVER;
    }

    /** Whether this RIM describes the given version (VBIOS versions compare case-insensitively). */
    public boolean isFor(String version) {
        return kind() == Kind.VBIOS ? colloquialVersion.toUpperCase(Locale.ROOT).equals(version.toUpperCase(Locale.ROOT))
                : colloquialVersion.equals(version);
    }

    /** The measurements in document order. */
    public List<RimMeasurement> measurements() {
        return measurements;
    }

    /** The KeyInfo certificates, signer first. */
    public List<X509Certificate> signerChain() {
        return signerChain;
    }

    /** Whether the signature and chain were checked. */
    public boolean verified() {
        return verified;
    }

    @Override
    public String toString() {
        return "ReferenceManifest[" + kind() + " " + colloquialVersion + ", " + measurements.size() + " measurements"
                + (verified ? ", verified" : ", UNVERIFIED") + "]";
    }
}
