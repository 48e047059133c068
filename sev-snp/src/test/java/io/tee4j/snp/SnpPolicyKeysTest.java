package io.tee4j.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.snp.internal.SnpBackend;
import io.tee4j.snp.validate.SnpPolicy;
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
 * {@code SnpPolicy.KEYS} is the SEV-SNP rule registry (issue 15 item 5): the reader accepts exactly
 * its keys, the README's key line names exactly its keys, and the backend's nonce binding names
 * one of them.
 */
class SnpPolicyKeysTest {

    @Test
    void everyRegistryKeyIsReadAndNoOtherIsAccepted() {
        for (String key : SnpPolicy.KEYS) {
            // A value no key accepts: the reader must read the key (a type error), not call it unknown.
            PolicyFormatException e = assertThrows(PolicyFormatException.class,
                    () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of(key, List.of(List.of())))), key);
            assertTrue(e.path().contains(key) && !e.getMessage().endsWith("unknown key"), e.getMessage());
        }
        PolicyFormatException e = assertThrows(PolicyFormatException.class,
                () -> SnpPolicy.fromDocument(PolicyDocument.of(Map.of("notARegistryKey", true))));
        assertTrue(e.getMessage().endsWith("unknown key"), e.getMessage());
        assertEquals(SnpPolicy.KEYS.size(), Set.copyOf(SnpPolicy.KEYS).size(), "a key is listed twice");
    }

    @Test
    void theReadmeKeyLineNamesExactlyTheRegistry() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher line = Pattern.compile("The keys \\(`SnpPolicy\\.KEYS`[^\\n]*").matcher(readme);
        assertTrue(line.find(), "README.md has no key line for SnpPolicy.KEYS");
        List<String> named = new ArrayList<>();
        Matcher tick = Pattern.compile("`([^`]+)`").matcher(line.group());
        while (tick.find()) {
            named.add(tick.group(1));
        }
        assertEquals(SnpPolicy.KEYS, named.subList(1, named.size()));
    }

    @Test
    void theNonceBindingNamesARegistryKey() {
        NonceBinding binding = new SnpBackend().nonceBinding().orElseThrow();
        assertEquals("reportData", binding.policyKey());
        assertTrue(SnpPolicy.KEYS.contains(binding.policyKey()));
        assertEquals(64, binding.expectedValue(new byte[1]).length);
    }
}
