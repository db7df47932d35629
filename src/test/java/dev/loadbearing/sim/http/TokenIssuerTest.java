package dev.loadbearing.sim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.sim.engine.Sim;
import dev.loadbearing.sim.engine.Time;
import dev.loadbearing.sim.server.Client;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {
    private final Sim sim = new Sim(3);
    private final TokenIssuer auth = new TokenIssuer(sim, "auth");
    private final TokenVerifier verifier = auth.verifier();

    @Test
    void a_token_is_valid_until_its_expiry_on_the_simulations_clock() {
        String token = auth.issue("user-7", List.of("orders:read"), Time.seconds(10));
        TokenCheck check = verifier.verify(token);
        assertEquals(TokenCheck.Status.VALID, check.status());
        assertEquals("user-7", check.claims().subject());
        assertTrue(check.claims().hasScope("orders:read"));
        sim.runFor(Time.seconds(10));
        assertEquals(TokenCheck.Status.EXPIRED, verifier.verify(token).status());
        assertNull(verifier.verify(token).claims());
    }

    @Test
    void forged_tampered_unsigned_and_garbage_tokens_are_refused() {
        String real = auth.issue("user-7", List.of(), Time.minutes(5));
        assertEquals(TokenCheck.Status.BAD_SIGNATURE, verifier.verify(auth.forge("user-7", List.of("admin"), Time.minutes(5))).status());
        assertEquals(TokenCheck.Status.BAD_SIGNATURE, verifier.verify(auth.tamper(real, List.of("admin"))).status());
        assertEquals(TokenCheck.Status.BAD_SIGNATURE, verifier.verify(auth.unsigned("user-7", List.of("admin"), Time.minutes(5))).status());
        assertEquals(TokenCheck.Status.MALFORMED, verifier.verify("not-a-token").status());
        assertEquals(TokenCheck.Status.MALFORMED, verifier.verify("a.b.c").status());
        assertEquals(TokenCheck.Status.MALFORMED, verifier.verify("!!!.???").status());
        assertEquals(TokenCheck.Status.MISSING, verifier.verify((String) null).status());
        assertEquals(TokenCheck.Status.EXPIRED, verifier.verify(auth.issueUntil("user-7", List.of(), -1)).status());
        assertEquals(8, verifier.verifications());
    }

    @Test
    void another_issuer_with_the_same_name_in_another_run_has_the_same_key_but_a_different_seed_does_not() {
        String token = auth.issue("user-7", List.of(), Time.minutes(5));
        assertTrue(new TokenIssuer(new Sim(3), "auth").verifier().verify(token).isValid(), "same seed, same key: runs repeat");
        assertEquals(TokenCheck.Status.BAD_SIGNATURE, new TokenIssuer(new Sim(4), "auth").verifier().verify(token).status());
    }

    @Test
    void the_verifier_reads_the_bearer_header_in_any_case() {
        String token = auth.issue("user-7", List.of(), Time.minutes(5));
        HttpRequest bearer = new HttpRequest(1, Client.numbered(1), "GET", "/", Headers.of("authorization", "bearer " + token), 0);
        HttpRequest basic = new HttpRequest(2, Client.numbered(1), "GET", "/", Headers.of("Authorization", "Basic dTpw"), 0);
        assertTrue(verifier.verify(bearer).isValid());
        assertEquals(TokenCheck.Status.MISSING, verifier.verify(basic).status());
    }

    @Test
    void bad_values_are_refused_with_a_reason() {
        assertThrows(IllegalArgumentException.class, () -> auth.issue("u", List.of("a,b"), Time.seconds(1)));
        assertThrows(IllegalArgumentException.class, () -> auth.issue("u", List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenCheck(TokenCheck.Status.VALID, null));
        assertThrows(IllegalArgumentException.class, () -> HttpResponse.tooManyRequests(0));
        assertThrows(IllegalArgumentException.class, () -> new HttpRequest(1, Client.numbered(1), "GET", "items", Headers.none(), 0));
        assertThrows(IllegalArgumentException.class, () -> Route.to("/api/", "api"));
        assertThrows(IllegalArgumentException.class, () -> Headers.of("X-Only-A-Name"));
    }
}
