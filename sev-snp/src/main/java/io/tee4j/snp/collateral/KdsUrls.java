package io.tee4j.snp.collateral;

import io.tee4j.snp.abi.ProductLine;
import io.tee4j.snp.abi.SigningKey;
import io.tee4j.snp.abi.TcbVersion;
import java.net.URI;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The URLs of AMD's Key Distribution Service (KDS). Milan and Genoa VCEKs are addressed by the
 * full 64-byte chip id and four SPLs; Turin VCEKs by the first 8 bytes of the chip id and five
 * SPLs, {@code fmcSPL} first. SPLs are decimal without padding (as KDS serves them and as the
 * certificates were fetched in AMD's own tools).
 *
 * @since 0.1
 */
public final class KdsUrls {
    /** AMD's KDS. */
    public static final URI DEFAULT_BASE = URI.create("https://kdsintf.amd.com");

    private final String base;

    private KdsUrls(URI base) {
        String s = Objects.requireNonNull(base, "base").toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** URLs under AMD's KDS. */
    public static KdsUrls amd() {
        return new KdsUrls(DEFAULT_BASE);
    }

    /** URLs under another base (a mirror, a cache, a simulator). */
    public static KdsUrls at(URI base) {
        return new KdsUrls(base);
    }

    /**
     * The VCEK of a chip at a reported TCB.
     *
     * @param chipId the report's 64-byte chip id (for Turin only the first 8 bytes are used, and the
     *     rest must be zero)
     * @throws IllegalArgumentException for an all-zero (masked) chip id or a bad length
     */
    public URI vcek(ProductLine product, byte[] chipId, TcbVersion reportedTcb) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(chipId, "chipId");
        Objects.requireNonNull(reportedTcb, "reportedTcb");
        if (chipId.length != 64 && chipId.length != 8) {
            throw new IllegalArgumentException("chip id must be 64 (or, for Turin, 8) bytes");
        }
        boolean zero = true;
        for (byte b : chipId) {
            zero &= b == 0;
        }
        if (zero) {
            throw new IllegalArgumentException("the chip id is masked (all zero); KDS cannot serve its VCEK");
        }
        if (reportedTcb.layout() != product.tcbLayout()) {
            throw new IllegalArgumentException("TCB layout " + reportedTcb.layout() + " does not match " + product);
        }
        HexFormat hex = HexFormat.of();
        if (product == ProductLine.TURIN) {
            for (int i = 8; i < chipId.length; i++) {
                if (chipId[i] != 0) {
                    throw new IllegalArgumentException("a Turin chip id has only 8 significant bytes");
                }
            }
            return URI.create(base + "/vcek/v1/Turin/" + hex.formatHex(chipId, 0, 8) + "?fmcSPL=" + reportedTcb.fmc()
                    + "&blSPL=" + reportedTcb.bootloader() + "&teeSPL=" + reportedTcb.tee() + "&snpSPL="
                    + reportedTcb.snp() + "&ucodeSPL=" + reportedTcb.microcode());
        }
        if (chipId.length != 64) {
            throw new IllegalArgumentException(product.kdsName() + " chip ids are 64 bytes");
        }
        return URI.create(base + "/vcek/v1/" + product.kdsName() + "/" + hex.formatHex(chipId) + "?blSPL="
                + reportedTcb.bootloader() + "&teeSPL=" + reportedTcb.tee() + "&snpSPL=" + reportedTcb.snp()
                + "&ucodeSPL=" + reportedTcb.microcode());
    }

    /** The ASK (VCEK) or ASVK (VLEK) and ARK of a product line, PEM. */
    public URI certChain(ProductLine product, SigningKey key) {
        return URI.create(base + "/" + path(key) + "/v1/" + product.kdsName() + "/cert_chain");
    }

    /** The ARK-signed CRL (DER) listing revoked ASKs (VCEK) or ASVKs (VLEK). */
    public URI crl(ProductLine product, SigningKey key) {
        return URI.create(base + "/" + path(key) + "/v1/" + product.kdsName() + "/crl");
    }

    private static String path(SigningKey key) {
        if (key == SigningKey.NONE) {
            throw new IllegalArgumentException("unsigned reports have no certificate chain");
        }
        return key == SigningKey.VLEK ? "vlek" : "vcek";
    }

    @Override
    public String toString() {
        return "KdsUrls[" + base + "]";
    }
}
