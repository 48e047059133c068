package io.tee4j.nvgpu.verify;

import io.tee4j.core.AttestationException;
import io.tee4j.core.CollateralUnavailableException;
import io.tee4j.core.TrustAnchors;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.crypto.CertificateChainValidator;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.crypto.EcCurve;
import io.tee4j.core.crypto.EcdsaVerifier;
import io.tee4j.core.crypto.InvalidKeyException;
import io.tee4j.core.util.BoundedCache;
import io.tee4j.core.util.BytesKey;
import io.tee4j.nvgpu.abi.DeviceArchitecture;
import io.tee4j.nvgpu.abi.DiceFwid;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Step 4 and 5 of {@link NvGpuVerifier}: the device certificate chain (FMC leaf, BROM, Provisioner ICA,
 * Identity, root; the same shape for Hopper, Blackwell and LS10) validated to the device anchors, and the leaf's DICE FWID and P-384 key read from it.
 * Does not check the report itself, its nonce or revocation. Validated chains and leaf keys are remembered by
 * their exact bytes (bounded caches), a chain only for the window in which every certificate is valid.
 */
final class DeviceChainStep {
    /** FMC leaf, BROM, Provisioner ICA, Identity, root: nvtrust's MAX_CERT_CHAIN_LENGTH (Hopper, Blackwell, LS10). */
    static final int DEVICE_CHAIN_LENGTH = 5;

    private final TrustAnchors deviceAnchors;
    private final CertificateChainValidator deviceValidator;
    private final BoundedCache<BytesKey, EcdsaVerifier> leafKeys;
    private final BoundedCache<ChainKey, ValidatedChain> chains;

    DeviceChainStep(TrustAnchors deviceAnchors, int cacheCapacity) {
        this.deviceAnchors = deviceAnchors;
        this.deviceValidator = CertificateChainValidator.of(deviceAnchors, Set.of(DiceFwid.OID, DiceFwid.TCB_INFO_OID));
        this.leafKeys = new BoundedCache<>(cacheCapacity);
        this.chains = new BoundedCache<>(cacheCapacity);
    }

    ValidatedChain validate(List<byte[]> ders, Instant now, DeviceArchitecture arch) throws AttestationException {
        if (ders.isEmpty()) {
            throw new CollateralUnavailableException("no GPU device certificate chain came with the report "
                    + "(NVML's attestationCertChain; pass it with the evidence or --cert)", null, false);
        }
        if (ders.size() < DEVICE_CHAIN_LENGTH - 1 || ders.size() > DEVICE_CHAIN_LENGTH) {
            throw wrongChainLength(ders.size());
        }
        ChainKey key = new ChainKey(ders, arch);
        ValidatedChain cached = chains.get(key);
        if (cached != null && !now.isBefore(cached.notBefore) && !now.isAfter(cached.notAfter)) {
            return cached;
        }
        List<X509Certificate> certs = parse(ders);
        standInTheAnchorForItsCopy(certs);
        List<X509Certificate> full = deviceValidator.validate(certs, now);
        X509Certificate leaf = full.get(0);
        byte[] fwid = leafFwid(leaf, arch);
        // After the FWID read, so that a chain without its leaf says so rather than only its length.
        if (full.size() != DEVICE_CHAIN_LENGTH) {
            throw wrongChainLength(full.size());
        }
        checkCriticalDiceExtensions(full);
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null && !ku[0]) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                    "the device leaf certificate may not sign (keyUsage lacks digitalSignature)");
        }
        EcdsaVerifier leafKey = leafKey(ders.get(0), leaf);
        Instant notBefore = Instant.MIN;
        Instant notAfter = Instant.MAX;
        for (X509Certificate c : full) {
            Instant nb = c.getNotBefore().toInstant();
            Instant na = c.getNotAfter().toInstant();
            notBefore = nb.isAfter(notBefore) ? nb : notBefore;
            notAfter = na.isBefore(notAfter) ? na : notAfter;
        }
        ValidatedChain v = new ValidatedChain(List.copyOf(full), fwid, leafKey, notBefore, notAfter);
        chains.put(key, v);
        return v;
    }

    private static List<X509Certificate> parse(List<byte[]> ders) throws VerificationFailedException {
        List<X509Certificate> certs = new ArrayList<>();
        for (byte[] der : ders) {
            try {
                certs.add(Certificates.parseOne(der));
            } catch (CertificateException e) {
                throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN,
                        "a device certificate does not parse: " + e.getMessage(), e);
            }
        }
        return certs;
    }

    private static byte[] leafFwid(X509Certificate leaf, DeviceArchitecture arch) throws VerificationFailedException {
        try {
            return DiceFwid.read(leaf, arch).orElseThrow(() -> new VerificationFailedException(
                    Reason.CERTIFICATE_CHAIN, "the FWID extension (TCG DICE " + DiceFwid.oidFor(arch) + ", "
                    + arch + ") is not in the signing certificate '"
                            + leaf.getSubjectX500Principal().getName()
                            + "': the chain does not start with the GPU's FMC leaf"));
        } catch (DiceFwid.MalformedExtensionException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "leaf DICE extension: " + e.getMessage(), e);
        }
    }

    /** A DICE extension marked critical above the leaf must at least be well formed, as it is "handled" here. */
    private static void checkCriticalDiceExtensions(List<X509Certificate> full) throws VerificationFailedException {
        for (int i = 1; i < full.size(); i++) {
            X509Certificate c = full.get(i);
            if (DiceFwid.present(c) && c.getCriticalExtensionOIDs() != null
                    && c.getCriticalExtensionOIDs().contains(DiceFwid.OID)) {
                try {
                    DiceFwid.read(c);
                } catch (DiceFwid.MalformedExtensionException e) {
                    throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "critical DICE extension of '"
                            + c.getSubjectX500Principal().getName() + "': " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * nvtrust drops the root that comes with the device chain and uses its configured root in its
     * place. tee4j does so only when the chain's last certificate is self-issued with the name and
     * key of a device anchor (another issuance of the same root, as a re-signed simulator root is),
     * so that the chain is counted with its root once; any other last certificate is left for the
     * validator to judge.
     */
    private void standInTheAnchorForItsCopy(List<X509Certificate> certs) {
        X509Certificate last = certs.get(certs.size() - 1);
        if (!last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
            return;
        }
        for (X509Certificate anchor : deviceAnchors.roots()) {
            if (anchor.getSubjectX500Principal().equals(last.getSubjectX500Principal())
                    && anchor.getPublicKey().equals(last.getPublicKey())) {
                certs.set(certs.size() - 1, anchor);
                return;
            }
        }
    }

    /**
     * nvtrust requires the full chain length for GPU attestation: FMC leaf, BROM, Provisioner ICA,
     * Identity (GH100 or GB100) and the root (the root may be left out of the evidence; the anchor completes it).
     */
    private static VerificationFailedException wrongChainLength(int size) {
        return new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "the GPU device certificate chain must "
                + "hold the signing (FMC leaf) certificate and its issuers up to the root, " + DEVICE_CHAIN_LENGTH
                + " certificates in all (FMC leaf, BROM, Provisioner ICA, Identity, root); got " + size);
    }

    private EcdsaVerifier leafKey(byte[] der, X509Certificate leaf) throws VerificationFailedException {
        BytesKey k = BytesKey.of(der);
        EcdsaVerifier v = leafKeys.get(k);
        if (v != null) {
            return v;
        }
        try {
            // Kept in leafKeys: comb tables from the GPU's second report on.
            v = EcdsaVerifier.fromPublicKey(leaf.getPublicKey()).keep();
        } catch (InvalidKeyException e) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "device leaf key: " + e.getMessage(), e);
        }
        if (v.curve() != EcCurve.P384) {
            throw new VerificationFailedException(Reason.CERTIFICATE_CHAIN, "device leaf key is on "
                    + v.curve().curveName() + ", not P-384");
        }
        leafKeys.put(k, v);
        return v;
    }

    /**
     * A device chain's exact DER bytes as a map key, without copying them: the list is the verifier's
     * own copy from {@link Evidence#certificates()}. Equality compares every byte; the hash reads only
     * each certificate's length and last 32 bytes (its signature), which is enough to spread distinct
     * chains and keeps the per-report cost independent of the certificates' size.
     */
    private static final class ChainKey {
        private final List<byte[]> ders;
        private final DeviceArchitecture arch;
        private final int hash;

        ChainKey(List<byte[]> ders, DeviceArchitecture arch) {
            this.ders = ders;
            this.arch = arch;
            int h = ders.size() * 31 + arch.ordinal();
            for (byte[] d : ders) {
                h = 31 * h + d.length;
                for (int i = Math.max(0, d.length - 32); i < d.length; i++) {
                    h = 31 * h + d[i];
                }
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof ChainKey)) {
                return false;
            }
            ChainKey k = (ChainKey) o;
            if (k.hash != hash || k.arch != arch || k.ders.size() != ders.size()) {
                return false;
            }
            for (int i = 0; i < ders.size(); i++) {
                if (!Arrays.equals(k.ders.get(i), ders.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A device chain validated once, with the window in which that validation stays true. */
    static final class ValidatedChain {
        final List<X509Certificate> certificates;
        final byte[] fwid;
        final EcdsaVerifier leafKey;
        final Instant notBefore;
        final Instant notAfter;

        ValidatedChain(List<X509Certificate> certificates, byte[] fwid, EcdsaVerifier leafKey, Instant notBefore,
                Instant notAfter) {
            this.certificates = certificates;
            this.fwid = fwid;
            this.leafKey = leafKey;
            this.notBefore = notBefore;
            this.notAfter = notAfter;
        }
    }
}
