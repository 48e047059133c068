package io.tee4j.vtpm.gcp;

import io.tee4j.core.TrustAnchors;
import io.tee4j.core.crypto.Certificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Google's vTPM EK/AK certificate authorities, bundled as go-tpm-tools ships them
 * ({@code server/ca-certs}): the roots "tpm_ek_root_1" and "GCP EK/AK CA Root" are the anchors;
 * the intermediates (tpm_ek_intermediate_2 and _3, "GCP EK/AK CA Intermediate v3") are offered for
 * chain building only and vouch for nothing by themselves.
 *
 * @since 0.1
 */
public final class GoogleAkAnchors {
    private static final List<String> ROOTS = List.of("tpm_ek_root_1.cer", "gcp_ek_ak_ca_root.crt");
    private static final List<String> INTERMEDIATES = List.of("tpm_ek_intermediate_2.crt", "tpm_ek_intermediate_3.crt",
            "gcp_ek_ak_ca_intermediate_v3.crt");

    private GoogleAkAnchors() {
    }

    /** The bundled roots. */
    public static TrustAnchors roots() {
        return TrustAnchors.bundled("Google vTPM EK/AK CA", load(ROOTS));
    }

    /** The bundled intermediates. */
    public static List<X509Certificate> intermediates() {
        return load(INTERMEDIATES);
    }

    private static List<X509Certificate> load(List<String> names) {
        List<X509Certificate> out = new ArrayList<>();
        for (String n : names) {
            try (InputStream in = GoogleAkAnchors.class.getResourceAsStream(n)) {
                if (in == null) {
                    throw new IllegalStateException("bundled certificate " + n + " is missing from the jar");
                }
                out.add(Certificates.parseOne(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CertificateException e) {
                throw new IllegalStateException("bundled certificate " + n + " does not parse", e);
            }
        }
        return out;
    }
}
