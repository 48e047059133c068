package io.tee4j.snp.verify;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.snp.abi.ProductLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The roots an {@link SnpVerifier} trusts, per product line: the AMD Root Key (ARK, the trust
 * anchor) and the intermediates it issued (ASK for VCEKs, ASVK for VLEKs).
 *
 * <p>{@link #bundled()} are AMD's real Milan, Genoa and Turin certificates shipped in this jar
 * (see {@code io/tee4j/snp/verify/roots/PROVENANCE.md}); results verified with them report
 * {@link TrustAnchors.Origin#BUNDLED}. {@link #explicit} takes the caller's certificates (a
 * simulator's, a private mirror's) and is always reported as {@link TrustAnchors.Origin#EXPLICIT}.
 * Each ARK must be self-signed and named {@code ARK-<Product>} (AMD's naming), which assigns it to
 * a product line; a report of one product line is only ever checked against that line's ARK.
 *
 * @since 0.1
 */
public final class SnpTrustAnchors {
    private static final String[] FILES = {"milan", "genoa", "turin"};
    private static volatile SnpTrustAnchors bundled;

    private final Map<ProductLine, TrustAnchors> anchors;
    private final Map<ProductLine, List<X509Certificate>> intermediates;
    private final boolean explicit;

    private SnpTrustAnchors(Map<ProductLine, TrustAnchors> anchors, Map<ProductLine, List<X509Certificate>> intermediates,
            boolean explicit) {
        this.anchors = Collections.unmodifiableMap(anchors);
        this.intermediates = Collections.unmodifiableMap(intermediates);
        this.explicit = explicit;
    }

    /** AMD's real roots and intermediates for Milan, Genoa and Turin. */
    public static SnpTrustAnchors bundled() {
        SnpTrustAnchors b = bundled;
        if (b == null) {
            synchronized (SnpTrustAnchors.class) {
                b = bundled;
                if (b == null) {
                    b = loadBundled();
                    bundled = b;
                }
            }
        }
        return b;
    }

    private static SnpTrustAnchors loadBundled() {
        Map<ProductLine, TrustAnchors> anchors = new EnumMap<>(ProductLine.class);
        Map<ProductLine, List<X509Certificate>> inter = new EnumMap<>(ProductLine.class);
        for (int i = 0; i < FILES.length; i++) {
            ProductLine p = ProductLine.values()[i];
            X509Certificate ark = load(FILES[i] + "_ark.pem");
            anchors.put(p, TrustAnchors.bundled("AMD " + p.kdsName() + " ARK", List.of(ark)));
            inter.put(p, List.of(load(FILES[i] + "_ask.pem"), load(FILES[i] + "_asvk.pem")));
        }
        return new SnpTrustAnchors(anchors, inter, false);
    }

    private static X509Certificate load(String name) {
        try (InputStream in = SnpTrustAnchors.class.getResourceAsStream("roots/" + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled AMD root " + name + " is missing from the jar");
            }
            return Certificates.parseOne(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("bundled AMD root " + name + " does not parse", e);
        }
    }

    /**
     * Caller-chosen roots: the self-signed ARKs among {@code certificates} become anchors of the
     * product their name gives; every other certificate is an intermediate (ASK or ASVK) of the
     * product its name gives.
     *
     * @throws IllegalArgumentException when a certificate is not named like an AMD ARK, ASK or ASVK,
     *     or no ARK is given
     */
    public static SnpTrustAnchors explicit(List<X509Certificate> certificates) {
        Objects.requireNonNull(certificates, "certificates");
        Map<ProductLine, List<X509Certificate>> arks = new EnumMap<>(ProductLine.class);
        Map<ProductLine, List<X509Certificate>> inter = new EnumMap<>(ProductLine.class);
        for (X509Certificate c : certificates) {
            String cn = commonName(c.getSubjectX500Principal()).orElse("");
            boolean selfSigned = c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
            Optional<ProductLine> p;
            if (selfSigned && cn.startsWith("ARK-")) {
                p = ProductLine.fromName(cn.substring(4));
                arks.computeIfAbsent(p.orElseThrow(() -> notAmd(cn)), k -> new ArrayList<>()).add(c);
            } else if (!selfSigned && cn.startsWith("SEV-VLEK-")) {
                p = ProductLine.fromName(cn.substring(9));
                inter.computeIfAbsent(p.orElseThrow(() -> notAmd(cn)), k -> new ArrayList<>()).add(c);
            } else if (!selfSigned && cn.startsWith("SEV-")) {
                p = ProductLine.fromName(cn.substring(4));
                inter.computeIfAbsent(p.orElseThrow(() -> notAmd(cn)), k -> new ArrayList<>()).add(c);
            } else {
                throw notAmd(cn);
            }
        }
        if (arks.isEmpty()) {
            throw new IllegalArgumentException("no self-signed ARK among the given roots");
        }
        Map<ProductLine, TrustAnchors> anchors = new EnumMap<>(ProductLine.class);
        arks.forEach((p, l) -> anchors.put(p, TrustAnchors.explicit("explicit " + p.kdsName() + " ARK", l)));
        Map<ProductLine, List<X509Certificate>> im = new EnumMap<>(ProductLine.class);
        inter.forEach((p, l) -> im.put(p, List.copyOf(l)));
        return new SnpTrustAnchors(anchors, im, true);
    }

    private static IllegalArgumentException notAmd(String cn) {
        return new IllegalArgumentException("certificate '" + cn + "' is not named like an AMD ARK-<Product>, "
                + "SEV-<Product> or SEV-VLEK-<Product> certificate");
    }

    static Optional<String> commonName(X500Principal p) {
        try {
            javax.naming.ldap.LdapName n = new javax.naming.ldap.LdapName(p.getName(X500Principal.RFC2253));
            for (javax.naming.ldap.Rdn r : n.getRdns()) {
                if (r.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(r.getValue()));
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The anchors (ARKs) of a product line, if any. */
    public Optional<TrustAnchors> anchors(ProductLine product) {
        return Optional.ofNullable(anchors.get(product));
    }

    /** The intermediates (ASK, ASVK) of a product line; empty when none. */
    public List<X509Certificate> intermediates(ProductLine product) {
        return intermediates.getOrDefault(product, List.of());
    }

    /** Whether these are caller-chosen roots. */
    public boolean isExplicit() {
        return explicit;
    }

    @Override
    public String toString() {
        return "SnpTrustAnchors[" + (explicit ? "explicit " : "bundled ") + anchors.keySet() + "]";
    }
}
