package io.tee4j.cli;

import io.tee4j.core.keys.KeyBinding;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Prints key bindings the way {@code --bind} takes them. */
final class Bindings {
    private Bindings() {
    }

    static String names(Set<KeyBinding> bindings) {
        if (bindings.isEmpty()) {
            return "nothing";
        }
        return bindings.stream().map(b -> b.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(","));
    }
}
