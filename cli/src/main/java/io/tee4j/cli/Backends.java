package io.tee4j.cli;

import io.tee4j.core.TeeType;
import io.tee4j.core.spi.TeeBackend;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The backends on the class path, by TEE type. */
final class Backends {
    private Backends() {
    }

    static TeeBackend forType(TeeType type) throws UsageException {
        TeeBackend backend = all().get(type);
        if (backend == null) {
            throw new UsageException("the " + type.id() + " backend is not part of this build");
        }
        return backend;
    }

    static Map<TeeType, TeeBackend> all() {
        Map<TeeType, TeeBackend> out = new EnumMap<>(TeeType.class);
        for (TeeBackend b : ServiceLoader.load(TeeBackend.class, Backends.class.getClassLoader())) {
            out.putIfAbsent(b.type(), b);
        }
        return out;
    }

    static TeeType parseType(String id) throws UsageException {
        try {
            return TeeType.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
