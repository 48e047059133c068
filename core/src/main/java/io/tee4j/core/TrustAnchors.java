package io.tee4j.core;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The root certificates a verifier trusts. Each backend ships the real vendor roots as resources
 * and offers them as {@link Origin#BUNDLED} anchors; anything else (a simulator's root, a private
 * PCCS root, a test root) must be passed explicitly and is marked {@link Origin#EXPLICIT}, which
 * every result reports. Simulator roots are never trusted by default.
 *
 * @since 0.1
 */
public final class TrustAnchors {

    /** Where the anchors came from. */
    public enum Origin {
        /** The vendor roots shipped inside tee4j. */
        BUNDLED,
        /** Roots the caller passed in. */
        EXPLICIT
    }

    private final String name;
    private final Origin origin;
    private final List<X509Certificate> roots;

    private TrustAnchors(String name, Origin origin, List<X509Certificate> roots) {
        this.name = Objects.requireNonNull(name, "name");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.roots = List.copyOf(roots);
        if (this.roots.isEmpty()) {
            throw new IllegalArgumentException("trust anchors need at least one root");
        }
    }

    /** Anchors shipped with tee4j; for backends only. */
    public static TrustAnchors bundled(String name, List<X509Certificate> roots) {
        return new TrustAnchors(name, Origin.BUNDLED, roots);
    }

    /** Anchors the caller chose (a private root, a simulator's root). */
    public static TrustAnchors explicit(String name, List<X509Certificate> roots) {
        return new TrustAnchors(name, Origin.EXPLICIT, roots);
    }

    /** A short human-readable name, e.g. {@code "AMD Milan ARK"}. */
    public String name() {
        return name;
    }

    public Origin origin() {
        return origin;
    }

    /** The trusted roots, unmodifiable. */
    public List<X509Certificate> roots() {
        return roots;
    }

    /** Whether the given certificate is one of the anchors (compared by encoding). */
    public boolean contains(X509Certificate cert) {
        return roots.contains(cert);
    }

    @Override
    public String toString() {
        return "TrustAnchors[" + name + ", " + origin + ", " + roots.size() + " roots]";
    }
}
