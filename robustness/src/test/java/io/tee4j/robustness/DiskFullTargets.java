package io.tee4j.robustness;

import io.tee4j.core.AttestationException;
import io.tee4j.core.FailureClass;
import io.tee4j.core.RevocationMode;
import io.tee4j.core.collateral.CollateralDirectory;
import io.tee4j.core.collateral.CollateralRequest;
import io.tee4j.core.collateral.CollateralSource;
import io.tee4j.core.collateral.FetchedCollateral;
import io.tee4j.core.crypto.Certificates;
import io.tee4j.core.testing.FaultyHttpServer.Reply;
import io.tee4j.core.testing.FaultyHttpServer;
import io.tee4j.snp.abi.AttestationReport;
import io.tee4j.snp.collateral.KdsClient;
import io.tee4j.snp.collateral.KdsUrls;
import io.tee4j.snp.validate.SnpPolicy;
import io.tee4j.snp.verify.SnpVerifier;
import io.tee4j.tdx.collateral.IntelPcs;
import io.tee4j.tdx.simulator.TdxSimulator;
import io.tee4j.tdx.validate.TdxPolicy;
import io.tee4j.tdx.verify.TdxVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The two verification paths {@link CacheDiskFullTest} fills the cache disk under, each with its
 * loopback collateral service: TDX (IntelPcs, four documents) and SEV-SNP (KdsClient, the VCEK).
 */
final class DiskFullTargets {
    private static final String SNP_VECTOR = "oak-genoa-v5";

    private DiskFullTargets() {
    }

    /** A verification path with a loopback collateral service. */
    abstract static class Target {
        final String name;
        final List<String> entryNames;
        final byte[] genuine;
        final byte[] tampered;
        final FaultyHttpServer server;

        Target(String name, List<String> entryNames, byte[] genuine, FaultyHttpServer server) {
            this.name = name;
            this.entryNames = entryNames;
            this.genuine = genuine;
            this.tampered = genuine.clone();
            this.tampered[tamperOffset()] ^= 0x01;
            this.server = server;
        }

        /** A byte covered by the evidence's signature. */
        abstract int tamperOffset();

        /** Null when accepted, else the failure class. */
        abstract FailureClass verify(byte[] evidence, CollateralSource source);

        /** Writes, before a replacing cell, an unusable old entry for each key into {@code dir}. */
        abstract void prepopulate(CollateralDirectory dir, List<Fetched> recorded) throws IOException;
    }

    /** TDX: the simulator's quote; IntelPcs fetches TCB info, QE identity, PCK CRL, root CA CRL. */
    static Target tdx(FaultyHttpServer server, TdxSimulator sim, TdxSimulator stale, Clock now) {
        String chain = URLEncoder.encode(sim.tcbIssuerChainPem(), StandardCharsets.UTF_8);
        server.route("/tdx/certification/v4/tcb", Reply.ok(sim.tcbInfoResponse()).header("TCB-Info-Issuer-Chain", chain));
        server.route("/tdx/certification/v4/qe/identity",
                Reply.ok(sim.qeIdentityResponse()).header("SGX-Enclave-Identity-Issuer-Chain", chain));
        server.route("/sgx/certification/v4/pckcrl", Reply.ok(sim.pckCrl()).header("SGX-PCK-CRL-Issuer-Chain", chain));
        server.route("/IntelSGXRootCA.der", Reply.ok(sim.rootCaCrl()));
        return new Target("TDX", List.of("TCB info", "QE identity", "PCK CRL", "root CA CRL"),
                sim.quote(new byte[64]), server) {
            @Override
            int tamperOffset() {
                return 48 + 520; // first byte of REPORTDATA in the TD report body, signed by the QE
            }

            @Override
            FailureClass verify(byte[] quote, CollateralSource source) {
                TdxVerifier v = TdxVerifier.builder().trustAnchors(sim.trustAnchors())
                        .pcs(IntelPcs.at(server.uri("/"), server.uri("/IntelSGXRootCA.der"), source)).clock(now)
                        .build();
                try {
                    v.verify(quote, TdxPolicy.defaults());
                    return null;
                } catch (AttestationException e) {
                    return e.failureClass();
                }
            }

            @Override
            void prepopulate(CollateralDirectory dir, List<Fetched> recorded) throws IOException {
                byte[][] old = {stale.tcbInfoResponse(), stale.qeIdentityResponse(), stale.pckCrl(), stale.rootCaCrl()};
                for (int k = 0; k < recorded.size(); k++) {
                    Fetched f = recorded.get(k);
                    dir.put(f.request.cacheKey(), f.request.kind(), old[k], f.headers, null);
                }
            }
        };
    }

    private static byte[] vector(String p) {
        return RealVectors.bytes(RealVectors.SNP, RealVectors.SNP_DIR + p);
    }

    /** SEV-SNP: the real Genoa report; KdsClient fetches its VCEK (revocation checks off). */
    static Target snp(FaultyHttpServer server) throws Exception {
        byte[] report = vector(SNP_VECTOR + "/report.bin");
        byte[] vcek = vector(SNP_VECTOR + "/vcek.der");
        Clock clock = Clock.fixed(Certificates.parseOne(vcek).getNotBefore().toInstant().plusSeconds(86400),
                ZoneOffset.UTC);
        AttestationReport r = AttestationReport.parse(report);
        URI u = KdsUrls.at(URI.create("http://127.0.0.1/")).vcek(r.productLine().orElseThrow(), r.chipId(),
                r.reportedTcb());
        server.route(u.getPath(), Reply.ok(vcek));
        return new Target("SEV-SNP", List.of("VCEK"), report, server) {
            @Override
            int tamperOffset() {
                return 0x50; // first byte of REPORT_DATA, signed by the VCEK
            }

            @Override
            FailureClass verify(byte[] evidence, CollateralSource source) {
                SnpVerifier v = SnpVerifier.builder().clock(clock).revocationMode(RevocationMode.SKIP_INSECURE)
                        .kdsClient(KdsClient.of(source, KdsUrls.at(server.uri("/")))).build();
                try {
                    v.verify(evidence, SnpPolicy.builder().allowDebug(true).build());
                    return null;
                } catch (AttestationException e) {
                    return e.failureClass();
                }
            }

            @Override
            void prepopulate(CollateralDirectory dir, List<Fetched> recorded) throws IOException {
                // another chip's VCEK recorded under this key, then its body cut in half: a corrupt entry
                Fetched f = recorded.get(0);
                dir.put(f.request.cacheKey(), f.request.kind(), vector("oak-milan-v3/vcek.der"));
                Path body = dir.bodyFile(f.request.cacheKey());
                byte[] b = Files.readAllBytes(body);
                Files.write(body, Arrays.copyOf(b, b.length / 2));
            }
        };
    }


    /** A document as the service sent it, with the request that fetched it. */
    static final class Fetched {
        final CollateralRequest request;
        final byte[] body;
        final Map<String, List<String>> headers;

        Fetched(CollateralRequest request, FetchedCollateral f) {
            this.request = request;
            this.body = f.body();
            this.headers = f.headers();
        }
    }
}
