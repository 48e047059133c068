package io.tee4j.core.linux.internal;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a native library by name and binds {@code open}, {@code ioctl} and {@code close} from it
 * through JNA direct mapping. One binding per (library, prefix), cached for the JVM's life. Not
 * API.
 */
public final class Bindings {

    private static final String BINDING_CLASS = DirectBinding.class.getName();
    private static final int RTLD_NOW = 2;
    private static final Map<String, LibcCalls> CACHE = new ConcurrentHashMap<>();

    private Bindings() {
    }

    /**
     * The calls bound to {@code libraryName} (a name such as {@code "c"} or an absolute path of a
     * shared object), with C symbols {@code symbolPrefix + "open"} and so on.
     *
     * @throws UnsatisfiedLinkError when the library or a symbol cannot be found
     */
    public static LibcCalls bind(String libraryName, String symbolPrefix) {
        Objects.requireNonNull(libraryName, "libraryName");
        Objects.requireNonNull(symbolPrefix, "symbolPrefix");
        String key = libraryName + '\u0000' + symbolPrefix;
        LibcCalls calls = CACHE.get(key);
        if (calls != null) {
            return calls;
        }
        synchronized (CACHE) {
            calls = CACHE.get(key);
            if (calls == null) {
                calls = load(libraryName, symbolPrefix);
                CACHE.put(key, calls);
            }
            return calls;
        }
    }

    private static LibcCalls load(String libraryName, String symbolPrefix) {
        FunctionMapper mapper = (library, method) -> {
            String name = method.getName();
            if (name.startsWith("native")) {
                return symbolPrefix + Character.toLowerCase(name.charAt(6)) + name.substring(7);
            }
            return name;
        };
        // RTLD_NOW | RTLD_LOCAL: a fake driver that exports plain open/ioctl/close must never
        // interpose on the symbols other libraries resolve; missing symbols fail at load.
        NativeLibrary library = NativeLibrary.getInstance(libraryName,
                Map.of(Library.OPTION_FUNCTION_MAPPER, mapper, Library.OPTION_OPEN_FLAGS, RTLD_NOW));
        String description = "library '" + libraryName + "'" + (symbolPrefix.isEmpty() ? "" : " symbols " + symbolPrefix + "*");
        try {
            Class<?> copy = new BindingLoader(Bindings.class.getClassLoader()).loadClass(BINDING_CLASS);
            Constructor<?> constructor = copy.getConstructor(NativeLibrary.class, String.class);
            return (LibcCalls) constructor.newInstance(library, description);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsatisfiedLinkError) {
                throw (UnsatisfiedLinkError) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("cannot bind " + description, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot bind " + description, e);
        }
    }

    /** Defines its own copy of {@link DirectBinding}; delegates everything else to the parent. */
    private static final class BindingLoader extends ClassLoader {

        BindingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(BINDING_CLASS)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] bytes = classBytes(name);
                    c = defineClass(name, bytes, 0, bytes.length, DirectBinding.class.getProtectionDomain());
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private static byte[] classBytes(String name) throws ClassNotFoundException {
            String resource = name.replace('.', '/') + ".class";
            ClassLoader source = DirectBinding.class.getClassLoader();
            try (InputStream in = source == null ? ClassLoader.getSystemResourceAsStream(resource)
                    : source.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ClassNotFoundException(name + " (class file not found)");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
