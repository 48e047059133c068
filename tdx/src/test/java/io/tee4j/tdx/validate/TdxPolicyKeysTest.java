package io.tee4j.tdx.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.tdx.internal.TdxBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code TdxPolicy.KEYS} is the TDX rule registry (issue 15 item 5): the reader accepts exactly
 * its keys, the README's key line names exactly its keys, and the backend's nonce binding names
 * one of them.
 */
class TdxPolicyKeysTest {

    @Test
    void everyRegistryKeyIsReadAndNoOtherIsAccepted() {
        for (String key : TdxPolicy.KEYS) {
            // A value no key accepts: the reader must read the key (a type error), not call it unknown.
            PolicyFormatException e = assertThrows(PolicyFormatException.class,
                    () -> TdxPolicy.fromDocument(PolicyDocument.of(Map.of(key, List.of(List.of())))), key);
            assertTrue(e.path().contains(key) && !e.getMessage().endsWith("unknown key"), e.getMessage());
        }
        PolicyFormatException e = assertThrows(PolicyFormatException.class,
                () -> TdxPolicy.fromDocument(PolicyDocument.of(Map.of("notARegistryKey", true))));
        assertTrue(e.getMessage().endsWith("unknown key"), e.getMessage());
        assertEquals(TdxPolicy.KEYS.size(), Set.copyOf(TdxPolicy.KEYS).size(), "a key is listed twice");
    }

    @Test
    void theReadmeKeyLineNamesExactlyTheRegistry() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher line = Pattern.compile("The keys \\(`TdxPolicy\\.KEYS`[^\\n]*").matcher(readme);
        assertTrue(line.find(), "README.md has no key line for TdxPolicy.KEYS");
        List<String> named = new ArrayList<>();
        Matcher tick = Pattern.compile("`([^`]+)`").matcher(line.group());
        while (tick.find()) {
            named.add(tick.group(1));
        }
        assertEquals(TdxPolicy.KEYS, named.subList(1, named.size()));
    }

    @Test
    void theNonceBindingNamesARegistryKey() {
        NonceBinding binding = new TdxBackend().nonceBinding().orElseThrow();
        assertEquals("reportData", binding.policyKey());
        assertTrue(TdxPolicy.KEYS.contains(binding.policyKey()));
        assertEquals(64, binding.expectedValue(new byte[1]).length);
    }
}
