package io.tee4j.cca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tee4j.core.PolicyDocument;
import io.tee4j.core.PolicyFormatException;
import io.tee4j.core.spi.NonceBinding;
import io.tee4j.cca.internal.CcaBackend;
import io.tee4j.cca.validate.CcaPolicy;
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
 * {@code CcaPolicy.KEYS} is the CCA rule registry (issue 15 item 5): the reader accepts exactly
 * its keys, the README's key line names exactly its keys, and the backend's nonce binding names
 * one of them.
 */
class CcaPolicyKeysTest {

    @Test
    void everyRegistryKeyIsReadAndNoOtherIsAccepted() {
        for (String key : CcaPolicy.KEYS) {
            // A value no key accepts: the reader must read the key (a type error), not call it unknown.
            PolicyFormatException e = assertThrows(PolicyFormatException.class,
                    () -> CcaPolicy.fromDocument(PolicyDocument.of(Map.of(key, List.of(List.of())))), key);
            assertTrue(e.path().contains(key) && !e.getMessage().endsWith("unknown key"), e.getMessage());
        }
        PolicyFormatException e = assertThrows(PolicyFormatException.class,
                () -> CcaPolicy.fromDocument(PolicyDocument.of(Map.of("notARegistryKey", true))));
        assertTrue(e.getMessage().endsWith("unknown key"), e.getMessage());
        assertEquals(CcaPolicy.KEYS.size(), Set.copyOf(CcaPolicy.KEYS).size(), "a key is listed twice");
    }

    @Test
    void theReadmeKeyLineNamesExactlyTheRegistry() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher line = Pattern.compile("The keys \\(`CcaPolicy\\.KEYS`[^\\n]*").matcher(readme);
        assertTrue(line.find(), "README.md has no key line for CcaPolicy.KEYS");
        List<String> named = new ArrayList<>();
        Matcher tick = Pattern.compile("`([^`]+)`").matcher(line.group());
        while (tick.find()) {
            named.add(tick.group(1));
        }
        assertEquals(CcaPolicy.KEYS, named.subList(1, named.size()));
    }

    @Test
    void theNonceBindingNamesARegistryKey() {
        NonceBinding binding = new CcaBackend().nonceBinding().orElseThrow();
        assertEquals("expectedChallenge", binding.policyKey());
        assertTrue(CcaPolicy.KEYS.contains(binding.policyKey()));
        assertEquals(1, binding.expectedValue(new byte[1]).length);
    }
}
