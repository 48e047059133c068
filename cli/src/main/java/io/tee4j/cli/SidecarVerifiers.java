package io.tee4j.cli;

import io.tee4j.core.AttestationException;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.TeeType;
import io.tee4j.core.spi.PreparedVerifier;
import io.tee4j.core.spi.TeeBackend;
import io.tee4j.core.spi.VerifierConfiguration;
import io.tee4j.core.util.BytesKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sidecar's prepared verifiers, kept for the life of the process so that the warm state of
 * each (decoded keys, validated chains, checked CRLs, TDX verdicts) serves every later request
 * with the same configuration instead of being rebuilt per request.
 *
 * <p>A configuration is the TEE, the revocation mode and the client's trust roots; the collateral
 * files, the collateral source and the offline flag follow from the sidecar's settings and from
 * whether the client brought roots ({@link SidecarCollateral}). Without client roots there are at
 * most two configurations per TEE, each prepared once. With client roots ({@code trustRoots},
 * {@code rimTrustRoots}) the configurations are the client's to choose, so they live in an LRU
 * of {@value #MAX_CLIENT_ROOT_SETS} entries keyed by the exact bytes of both root lists: memory
 * stays bounded however many root sets clients send, and an evicted set is simply prepared again.
 * A failed preparation (roots that do not parse) is not kept.
 */
final class SidecarVerifiers {
    /** How many client-supplied root sets keep their prepared verifier. */
    static final int MAX_CLIENT_ROOT_SETS = 32;

    private final Sidecar.Config config;
    private final SidecarCollateral collateral;
    private final Map<SharedKey, PreparedVerifier> shared = new ConcurrentHashMap<>();
    private final Map<ClientRootsKey, PreparedVerifier> clientRoots = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ClientRootsKey, PreparedVerifier> eldest) {
            return size() > MAX_CLIENT_ROOT_SETS;
        }
    };
    private final AtomicLong preparations = new AtomicLong();

    SidecarVerifiers(Sidecar.Config config, SidecarCollateral collateral) {
        this.config = config;
        this.collateral = collateral;
    }

    /** The prepared verifier for a request, prepared now only when this configuration is new (or evicted). */
    PreparedVerifier forRequest(TeeBackend backend, RevocationMode mode, List<byte[]> trustRoots,
            List<byte[]> rimTrustRoots) throws AttestationException, PolicyFormatException {
        if (trustRoots.isEmpty() && rimTrustRoots.isEmpty()) {
            SharedKey key = new SharedKey(backend.type(), mode);
            PreparedVerifier v = shared.get(key);
            if (v == null) {
                PreparedVerifier fresh = prepare(backend, mode, trustRoots, rimTrustRoots);
                v = shared.putIfAbsent(key, fresh);
                v = v != null ? v : fresh;
            }
            return v;
        }
        // Keyed by copies of the request's bytes, each hashed once over eight bytes at a time
        // (BytesKey): a ByteBuffer view rehashed its kilobytes of PEM one byte per call on every lookup.
        ClientRootsKey key = new ClientRootsKey(backend.type(), mode, keys(trustRoots), keys(rimTrustRoots));
        synchronized (clientRoots) {
            PreparedVerifier v = clientRoots.get(key);
            if (v != null) {
                return v;
            }
        }
        // Prepared outside the lock: parsing roots must not hold up requests for other root sets.
        PreparedVerifier fresh = prepare(backend, mode, trustRoots, rimTrustRoots);
        synchronized (clientRoots) {
            PreparedVerifier raced = clientRoots.putIfAbsent(key, fresh);
            return raced != null ? raced : fresh;
        }
    }

    /** How many verifiers were prepared so far (each configuration once, plus re-preparations after eviction). */
    long preparations() {
        return preparations.get();
    }

    /** How many client-supplied root sets have a prepared verifier now. */
    int clientRootSets() {
        synchronized (clientRoots) {
            return clientRoots.size();
        }
    }

    private PreparedVerifier prepare(TeeBackend backend, RevocationMode mode, List<byte[]> trustRoots,
            List<byte[]> rimTrustRoots) throws AttestationException, PolicyFormatException {
        boolean withClientRoots = !trustRoots.isEmpty() || !rimTrustRoots.isEmpty();
        VerifierConfiguration.Builder b = VerifierConfiguration.builder().revocationMode(mode)
                .offline(collateral.offlineFor(withClientRoots))
                .collateralSource(collateral.sourceFor(withClientRoots));
        trustRoots.forEach(b::addTrustRoot);
        rimTrustRoots.forEach(b::addRimTrustRoot);
        List<Path> files = new ArrayList<>(config.collateral());
        files.addAll(config.teeCollateral().getOrDefault(backend.type(), List.of()));
        files.forEach(b::addCollateral);
        PreparedVerifier v = backend.prepare(b.build());
        preparations.incrementAndGet();
        return v;
    }

    private static List<BytesKey> keys(List<byte[]> contents) {
        List<BytesKey> out = new ArrayList<>(contents.size());
        for (byte[] c : contents) {
            out.add(BytesKey.of(c));
        }
        return List.copyOf(out);
    }

    private record SharedKey(TeeType type, RevocationMode mode) {
    }

    /** Equal when every root list holds the same bytes in the same order. */
    private record ClientRootsKey(TeeType type, RevocationMode mode, List<BytesKey> trustRoots,
            List<BytesKey> rimTrustRoots) {
    }
}
