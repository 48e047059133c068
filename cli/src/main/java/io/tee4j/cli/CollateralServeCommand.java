package io.tee4j.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tee4j collateral serve}: a read-only collateral mirror ({@link CollateralMirror}) of a
 * folder from {@code tee4j collateral fetch} or a cache directory, on loopback unless
 * {@code --bind} says otherwise. Collateral is public vendor data, so no token is asked for; the
 * verifiers check every signature whatever the mirror serves.
 */
@Command(name = "serve",
        description = "Serve a collateral folder read-only at the Intel PCS, AMD KDS and NVIDIA RIM path layouts.",
        footer = {"", "Examples:",
                "  tee4j collateral serve --dir collateral/ --port 8081",
                "  tee4j verify --tee tdx --evidence quote.dat --pccs-url http://127.0.0.1:8081",
                "  tee4j collateral serve --dir /var/cache/tee4j --bind 0.0.0.0 --port 8081   # a cluster mirror"})
final class CollateralServeCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "A folder from 'tee4j collateral fetch', or a collateral cache directory.")
    Path dir;

    @Option(names = "--port", defaultValue = "8081", description = "Port, 0..65535 (0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default loopback).")
    String bind;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port: must be 0..65535 (0 picks a free port), got " + port);
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--dir " + dir + ": no such directory");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: unknown address " + bind);
        }
        CollateralMirror mirror;
        try {
            mirror = new CollateralMirror(address, port, dir);
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + address.getHostAddress() + ":" + port + ": "
                    + e.getMessage());
        }
        try (mirror) {
            mirror.start();
            System.err.println("tee4j: collateral mirror of " + dir + " listening on http://"
                    + address.getHostAddress() + ":" + mirror.port());
            new CountDownLatch(1).await();
        }
        return ExitCodes.OK;
    }
}
