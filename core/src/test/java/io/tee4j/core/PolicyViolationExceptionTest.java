package io.tee4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyViolationExceptionTest {
    @Test
    void typedViolationsSayWhichRuleFailed() {
        PolicyViolationException e = new PolicyViolationException(List.of(
                new PolicyViolation("min_tcb", "TCB 3 below 4"), new PolicyViolation("report_data", "mismatch"),
                new PolicyViolation("min_tcb", "microcode too old")));
        assertEquals(List.of("min_tcb", "report_data"), e.ruleIds());
        assertEquals("report_data", e.policyViolations().get(1).ruleId());
        assertEquals(List.of("TCB 3 below 4", "mismatch", "microcode too old"), e.violations());
        assertEquals("3 policy violations: TCB 3 below 4; mismatch; microcode too old", e.getMessage());
        assertEquals(FailureClass.POLICY_VIOLATION, e.failureClass());
        assertTrue(e.tcbStatus().isEmpty());
    }

    @Test
    void messageOnlyConstructorsKeepTheirMessagesAndAreUnattributed() {
        PolicyViolationException e = new PolicyViolationException(List.of("debug allowed"), TcbStatus.NOT_SUPPORTED);
        assertEquals("policy violation: debug allowed", e.getMessage());
        assertEquals(List.of("debug allowed"), e.violations());
        assertEquals(PolicyViolation.UNATTRIBUTED, e.policyViolations().get(0).ruleId());
        assertFalse(e.policyViolations().get(0).isAttributed());
        assertEquals(TcbStatus.NOT_SUPPORTED, e.tcbStatus().orElseThrow());
    }

    @Test
    void emptyOrBlankIsRefusedAndTheListIsACopy() {
        assertThrows(IllegalArgumentException.class, () -> new PolicyViolationException(List.<String>of()));
        assertThrows(IllegalArgumentException.class,
                () -> new PolicyViolationException(new ArrayList<PolicyViolation>()));
        assertThrows(IllegalArgumentException.class, () -> new PolicyViolation(" ", "m"));
        assertThrows(NullPointerException.class, () -> new PolicyViolation("k", null));
        List<PolicyViolation> list = new ArrayList<>(List.of(new PolicyViolation("k", "m")));
        PolicyViolationException e = new PolicyViolationException(list);
        list.clear();
        assertEquals(1, e.policyViolations().size());
        assertThrows(UnsupportedOperationException.class, () -> e.violations().clear());
        assertThrows(UnsupportedOperationException.class, () -> e.policyViolations().clear());
    }

    @Test
    void survivesSerialization() throws Exception {
        PolicyViolationException e = new PolicyViolationException(List.of(new PolicyViolation("vmpl", "VMPL 2")),
                TcbStatus.OUT_OF_DATE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            PolicyViolationException back = (PolicyViolationException) in.readObject();
            assertEquals(e.policyViolations(), back.policyViolations());
            assertEquals("vmpl: VMPL 2", back.policyViolations().get(0).toString());
        }
    }
}
