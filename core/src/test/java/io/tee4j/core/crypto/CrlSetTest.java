package io.tee4j.core.crypto;

import static io.tee4j.core.testing.TestCa.DEFAULT_NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tee4j.core.RevocationUnavailableException;
import io.tee4j.core.VerificationFailedException;
import io.tee4j.core.VerificationFailedException.Reason;
import io.tee4j.core.testing.TestCa;
import io.tee4j.core.testing.TestCa.KeyKind;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CrlSet}: the verdict over several CRLs of one issuer is the same in every order (hostile
 * review turn 2, item 1: the first unexpired CRL used to decide).
 */
class CrlSetTest {

    private static final TestCa ROOT = TestCa.root("CN=Set Root").build();
    private static final TestCa ICA = ROOT.issue("CN=Set ICA").ca(0).build();
    private static final Instant OLD = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant NEW = Instant.parse("2026-05-20T00:00:00Z");
    private static final Instant END = Instant.parse("2026-07-01T00:00:00Z");

    private static X509CRL clean(Instant thisUpdate, Instant nextUpdate) {
        return ROOT.crl().thisUpdate(thisUpdate).nextUpdate(nextUpdate).build();
    }

    private static X509CRL revoking(Instant thisUpdate, Instant nextUpdate) {
        return ROOT.crl().thisUpdate(thisUpdate).nextUpdate(nextUpdate)
                .revoke(ICA.certificate().getSerialNumber()).build();
    }

    private static CrlVerifier decide(List<X509CRL> crls) throws Exception {
        return CrlSet.requireNotRevoked(crls, ROOT.certificate(), DEFAULT_NOW, List.of(ICA.certificate()));
    }

    /** Every permutation of the list must give the same outcome class. */
    private static void assertRevokedInEveryOrder(List<X509CRL> crls) {
        for (List<X509CRL> order : permutations(crls)) {
            VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> decide(order));
            assertEquals(Reason.REVOKED, e.reason(), "order " + order.size());
        }
    }

    @Test
    void aRevokingCrlWinsWhateverTheOrder() {
        assertRevokedInEveryOrder(List.of(clean(NEW, END), revoking(OLD, END)));
        assertRevokedInEveryOrder(List.of(clean(OLD, END), revoking(NEW, END)));
    }

    @Test
    void anExpiredButAuthenticCrlListingTheSerialStillRevokes() {
        assertRevokedInEveryOrder(List.of(clean(NEW, END), revoking(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-02-01T00:00:00Z"))));
    }

    @Test
    void theNewestCrlDecidesCurrency() throws Exception {
        X509CRL older = clean(OLD, END);
        X509CRL newer = clean(NEW, END);
        for (List<X509CRL> order : permutations(List.of(older, newer))) {
            assertSame(newer, decide(order).crl());
        }
    }

    @Test
    void anOlderUnexpiredCrlDoesNotHideThatTheNewestIsStale() {
        // The newer CRL says "next update before now": whoever holds only the older one does not
        // know what was published since, so the set is not current.
        X509CRL olderLongLived = clean(OLD, END);
        X509CRL newerStale = clean(NEW, DEFAULT_NOW.minusSeconds(1));
        for (List<X509CRL> order : permutations(List.of(olderLongLived, newerStale))) {
            assertThrows(RevocationUnavailableException.class, () -> decide(order));
        }
    }

    @Test
    void crlNumberBreaksATieOfThisUpdate() throws Exception {
        X509CRL two = ROOT.crl().thisUpdate(NEW).nextUpdate(END).number(2).build();
        X509CRL three = ROOT.crl().thisUpdate(NEW).nextUpdate(END).number(3).build();
        for (List<X509CRL> order : permutations(List.of(two, three))) {
            assertSame(three, decide(order).crl());
        }
    }

    @Test
    void aCrlFromAfterTheVerificationTimeDoesNotDecideCurrency() throws Exception {
        X509CRL current = clean(OLD, END);
        X509CRL future = clean(DEFAULT_NOW.plusSeconds(3600), END);
        for (List<X509CRL> order : permutations(List.of(current, future))) {
            assertSame(current, decide(order).crl());
        }
        assertThrows(RevocationUnavailableException.class, () -> decide(List.of(future)));
    }

    @Test
    void forgedCrlsAreIgnoredBesideAnAuthenticOneAndRejectedAlone() throws Exception {
        TestCa impostor = TestCa.root("CN=Impostor").key(KeyKind.EC_P384).build();
        X509CRL forgedClean = ROOT.crl().thisUpdate(NEW).nextUpdate(END).signWith(impostor.privateKey()).build();
        X509CRL genuineRevoking = revoking(OLD, END);
        assertRevokedInEveryOrder(List.of(forgedClean, genuineRevoking));
        VerificationFailedException alone = assertThrows(VerificationFailedException.class,
                () -> decide(List.of(forgedClean)));
        assertEquals(Reason.COLLATERAL, alone.reason());
    }

    @Test
    void duplicatesAndAnEmptySetBehave() throws Exception {
        X509CRL c = clean(OLD, END);
        assertSame(c, decide(List.of(c, c)).crl());
        assertThrows(RevocationUnavailableException.class, () -> decide(List.of()));
    }

    @Test
    void theBoundaryIsNowBeforeNextUpdate() throws Exception {
        X509CRL c = clean(OLD, DEFAULT_NOW);
        assertThrows(RevocationUnavailableException.class, () -> decide(List.of(c)));
        X509CRL d = clean(OLD, DEFAULT_NOW.plusMillis(1000));
        assertSame(d, decide(List.of(d)).crl());
    }

    private static List<List<X509CRL>> permutations(List<X509CRL> items) {
        List<List<X509CRL>> out = new ArrayList<>();
        permute(new ArrayList<>(items), 0, out);
        return out;
    }

    private static void permute(List<X509CRL> a, int k, List<List<X509CRL>> out) {
        if (k == a.size()) {
            out.add(new ArrayList<>(a));
            return;
        }
        for (int i = k; i < a.size(); i++) {
            Collections.swap(a, k, i);
            permute(a, k + 1, out);
            Collections.swap(a, k, i);
        }
    }
}
