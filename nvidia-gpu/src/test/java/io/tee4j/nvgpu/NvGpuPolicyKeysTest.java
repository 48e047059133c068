package io.tee4j.nvgpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.nvgpu.internal.NvGpuBackend;
import io.tee4j.nvgpu.validate.NvGpuPolicy;
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
 * {@code NvGpuPolicy.KEYS} is the NVIDIA GPU rule registry (issue 15 item 5): the reader accepts exactly
 * its keys, the README's key line names exactly its keys, and the backend's nonce binding names
 * one of them.
 */
class NvGpuPolicyKeysTest {

    @Test
    void everyRegistryKeyIsReadAndNoOtherIsAccepted() {
        for (String key : NvGpuPolicy.KEYS) {
            // A value no key accepts: the reader must read the key (a type error), not call it unknown.
            PolicyFormatException e = assertThrows(PolicyFormatException.class,
                    () -> NvGpuPolicy.fromDocument(PolicyDocument.of(Map.of(key, List.of(List.of())))), key);
            assertTrue(e.path().contains(key) && !e.getMessage().endsWith("unknown key"), e.getMessage());
        }
        PolicyFormatException e = assertThrows(PolicyFormatException.class,
                () -> NvGpuPolicy.fromDocument(PolicyDocument.of(Map.of("notARegistryKey", true))));
        assertTrue(e.getMessage().endsWith("unknown key"), e.getMessage());
        assertEquals(NvGpuPolicy.KEYS.size(), Set.copyOf(NvGpuPolicy.KEYS).size(), "a key is listed twice");
    }

    @Test
    void theReadmeKeyLineNamesExactlyTheRegistry() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher line = Pattern.compile("The keys \\(`NvGpuPolicy\\.KEYS`[^\\n]*").matcher(readme);
        assertTrue(line.find(), "README.md has no key line for NvGpuPolicy.KEYS");
        List<String> named = new ArrayList<>();
        Matcher tick = Pattern.compile("`([^`]+)`").matcher(line.group());
        while (tick.find()) {
            named.add(tick.group(1));
        }
        assertEquals(NvGpuPolicy.KEYS, named.subList(1, named.size()));
    }

    @Test
    void theNonceBindingNamesARegistryKey() {
        NonceBinding binding = new NvGpuBackend().nonceBinding().orElseThrow();
        assertEquals("expectedNonce", binding.policyKey());
        assertTrue(NvGpuPolicy.KEYS.contains(binding.policyKey()));
        assertEquals(32, binding.expectedValue(new byte[32]).length);
    }
}
