package io.tee4j.cli;

/**
 * Settings of the JDK's HTTP server ({@code com.sun.net.httpserver}) shared by every server the
 * command runs (the sidecar, the collateral mirror). The JDK reads them once, when its server
 * classes load, so {@link #apply()} runs before the first server of the process is created.
 */
final class JdkHttpServerSettings {
    static {
        // Timers that end clients trickling a request or stalling while reading the answer.
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "60");
        // The JDK 17 server flushes the response headers before the body: without TCP_NODELAY the
        // body waits for the client's delayed ACK of the headers (~40 ms per request on a
        // keep-alive connection, as every real HTTP client uses).
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private JdkHttpServerSettings() {
    }

    /** Makes sure the settings are in place (they are set once, when this class loads). */
    static void apply() {
        // The static initializer did the work.
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
