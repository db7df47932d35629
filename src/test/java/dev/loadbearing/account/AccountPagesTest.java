package dev.loadbearing.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.TestServer;
import dev.loadbearing.submission.SubmissionDao;
import dev.loadbearing.web.Csrf;
import dev.loadbearing.web.Learners;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account pages over real HTTP, as a browser without JavaScript uses them. */
class AccountPagesTest {
    static final String PASSWORD = "tidal basin lantern 42";
    static final AtomicInteger PEOPLE = new AtomicInteger();

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String newEmail() {
        return "learner" + PEOPLE.incrementAndGet() + "@example.com";
    }

    /** A browser that has signed up and is signed in. */
    static WebClient signedUp(String email) {
        var browser = new WebClient(server);
        var response = browser.signUp(email, "Ada Lovelace", PASSWORD);
        assertEquals(303, response.statusCode(), response.body());
        return browser;
    }

    @Test
    void the_sign_up_page_is_a_plain_form_with_a_csrf_field_and_the_header_offers_sign_in() {
        var browser = new WebClient(server);
        var page = browser.get("/signup");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<form class=\"auth-form\" method=\"post\" action=\"/signup\""), html);
        assertTrue(html.contains("name=\"" + Csrf.FIELD + "\" value=\"" + browser.cookie(Csrf.COOKIE) + "\""), "the hidden token matches the cookie");
        assertTrue(html.contains("autocomplete=\"new-password\""));
        assertTrue(html.contains(">Sign in</a>") && html.contains(">Sign up</a>"), "guests see Sign in and Sign up");
        assertTrue(html.contains("<meta name=\"learner\" content=\"guest\">"));
    }

    @Test
    void signing_up_signs_in_with_a_safe_session_cookie_and_the_header_greets_by_name() {
        var browser = new WebClient(server);
        browser.get("/signup");
        var response = browser.form("/signup", "email", "  Grace.Hopper@Example.com ", "name", "Grace Hopper", "password", PASSWORD,
                "next", "/lessons/load-balancing");
        assertEquals(303, response.statusCode(), response.body());
        assertEquals("/lessons/load-balancing", response.headers().firstValue("Location").orElseThrow());
        String cookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Sessions.COOKIE + "=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP on localhost: " + cookie);
        assertTrue(browser.cookie(Sessions.COOKIE).length() >= 43, "at least 256 bits, base64url");

        String home = browser.get("/").body();
        assertTrue(home.contains("<span class=\"nav-name\">Grace Hopper</span>"), home);
        assertTrue(home.contains("action=\"/signout\""));
        assertFalse(home.contains(">Sign in</a>"));
        assertTrue(home.contains("<meta name=\"learner\" content=\"account\">"));
        assertTrue(browser.get("/account").body().contains("grace.hopper@example.com"), "emails are stored trimmed and lower case");
    }

    @Test
    void the_cookies_are_secure_behind_an_https_proxy() throws Exception {
        String email = newEmail();
        signedUp(email);
        var client = java.net.http.HttpClient.newHttpClient();
        var page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/signin")))
                .header("X-Forwarded-Proto", "https").GET().build(), HttpResponse.BodyHandlers.ofString());
        String csrfCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(csrfCookie.startsWith(Csrf.SECURE_COOKIE + "=") && csrfCookie.contains("Secure") && csrfCookie.contains("Path=/")
                && !csrfCookie.contains("Domain"), "over HTTPS the token's cookie is a __Host- cookie: " + csrfCookie);
        String token = csrfCookie.substring(csrfCookie.indexOf('=') + 1, csrfCookie.indexOf(';'));
        var signedIn = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/signin")))
                .header("X-Forwarded-Proto", "https").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", Csrf.SECURE_COOKIE + "=" + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Csrf.FIELD + "=" + token + "&email=" + email
                        + "&password=" + PASSWORD.replace(' ', '+'))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(Sessions.COOKIE)).findFirst().orElseThrow();
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
    }

    @Test
    void sign_up_problems_are_shown_next_to_their_fields_with_the_input_kept_but_never_the_password() {
        var browser = new WebClient(server);
        browser.get("/signup");
        var response = browser.form("/signup", "email", "not-an-email", "name", "Kept Name", "password", "short9");
        assertEquals(422, response.statusCode());
        String html = response.body();
        assertTrue(html.contains("id=\"email-error\">Enter an email address like ada@example.com.</p>"), html);
        assertTrue(html.contains("id=\"password-error\">Use at least 10 characters."), html);
        assertTrue(html.contains("value=\"not-an-email\""), "the email is kept");
        assertTrue(html.contains("value=\"Kept Name\""), "the name is kept");
        assertFalse(html.contains("short9"), "the password is never sent back");
        assertTrue(html.contains("aria-invalid=\"true\""));
        assertNull(browser.cookie(Sessions.COOKIE), "not signed in");

        var empty = browser.form("/signup", "email", "", "name", "", "password", "");
        assertTrue(empty.body().contains("Enter your email address."));
        assertTrue(empty.body().contains("Enter the name others will see."));

        var common = browser.form("/signup", "email", newEmail(), "name", "Pat", "password", "Password123!");
        assertEquals(422, common.statusCode());
        assertTrue(common.body().contains("one of the most common"), common.body());
    }

    @Test
    void signing_up_twice_with_one_email_is_refused_whatever_its_case() {
        String email = newEmail();
        signedUp(email);
        var again = new WebClient(server).signUp(email.toUpperCase(), "Someone Else", PASSWORD + " again");
        assertEquals(422, again.statusCode());
        assertTrue(again.body().contains("An account with this email already exists."), again.body());
    }

    @Test
    void signing_in_with_a_wrong_password_or_an_unknown_email_gives_the_same_answer() {
        String email = newEmail();
        signedUp(email);
        var wrongPassword = new WebClient(server).signIn(email, "not the password at all");
        var unknownEmail = new WebClient(server).signIn("nobody-" + email, PASSWORD);
        assertEquals(422, wrongPassword.statusCode());
        assertEquals(422, unknownEmail.statusCode());
        String message = "That email and password do not match an account.";
        assertTrue(wrongPassword.body().contains(message));
        assertTrue(unknownEmail.body().contains(message));
        assertTrue(wrongPassword.body().contains("value=\"" + email + "\""), "the email is kept");
        assertFalse(wrongPassword.body().contains("not the password at all"));

        var right = new WebClient(server);
        assertEquals(303, right.signIn(email, PASSWORD).statusCode());
        assertTrue(right.get("/account").body().contains(email));
    }

    @Test
    void five_failed_sign_ins_from_an_address_make_the_account_wait_there_even_for_the_right_password_and_say_so() {
        String email = newEmail();
        signedUp(email);
        var attacker = new WebClient(server);
        for (int i = 0; i < SignInThrottle.Policy.DEFAULT.pair().free(); i++) {
            assertEquals(422, attacker.signIn(email, "guess number " + i).statusCode());
        }
        var refused = new WebClient(server).signIn(email, PASSWORD);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Too many failed sign-ins. Wait 30 seconds and try again."), refused.body());
        assertEquals("30", refused.headers().firstValue("Retry-After").orElseThrow());

        String unknown = "nobody-" + newEmail();
        for (int i = 0; i < SignInThrottle.Policy.DEFAULT.pair().free(); i++) {
            attacker.signIn(unknown, "guess number " + i);
        }
        assertEquals(429, attacker.signIn(unknown, "guess").statusCode(), "an email without an account is throttled the same way");
    }

    @Test
    void signing_out_ends_the_session_on_the_server_not_only_in_the_browser() {
        var browser = signedUp(newEmail());
        String session = browser.cookie(Sessions.COOKIE);
        var out = browser.form("/signout");
        assertEquals(303, out.statusCode());
        assertEquals("/", out.headers().firstValue("Location").orElseThrow());
        assertNull(browser.cookie(Sessions.COOKIE), "the cookie is cleared");
        assertTrue(browser.get("/").body().contains(">Sign in</a>"));

        var replay = new WebClient(server);
        replay.setCookie(Sessions.COOKIE, session);
        assertEquals(303, replay.get("/account").statusCode(), "a copied cookie of a signed-out session is worth nothing");
    }

    @Test
    void changing_the_password_needs_the_current_one_and_signs_out_other_browsers() {
        String email = newEmail();
        var browser = signedUp(email);
        var other = new WebClient(server);
        assertEquals(303, other.signIn(email, PASSWORD).statusCode());

        var wrong = browser.form("/account/password", "current", "not my password", "password", "a brand new passphrase");
        assertEquals(422, wrong.statusCode());
        assertTrue(wrong.body().contains("id=\"current-error\">That is not your current password.</p>"), wrong.body());
        assertFalse(wrong.body().contains("a brand new passphrase"));

        var changed = browser.form("/account/password", "current", PASSWORD, "password", "a brand new passphrase");
        assertEquals(303, changed.statusCode(), changed.body());
        assertEquals("/account?password=changed", changed.headers().firstValue("Location").orElseThrow());
        assertTrue(browser.get("/account?password=changed").body().contains("Your password was changed."), "this browser stays signed in");
        assertEquals(303, other.get("/account").statusCode(), "the other browser was signed out");
        assertEquals(422, new WebClient(server).signIn(email, PASSWORD).statusCode(), "the old password is gone");
        assertEquals(303, new WebClient(server).signIn(email, "a brand new passphrase").statusCode());
    }

    @Test
    void the_session_id_changes_at_sign_in_so_an_id_known_before_is_worthless_after() {
        String email = newEmail();
        signedUp(email);
        // An attacker plants a session id of their own choosing, then one they got by signing in themselves.
        var victim = new WebClient(server);
        victim.get("/signin");
        victim.setCookie(Sessions.COOKIE, "A".repeat(43));
        String plantedToken = victim.cookie(Csrf.COOKIE);
        assertEquals(303, victim.signIn(email, PASSWORD).statusCode());
        String issued = victim.cookie(Sessions.COOKIE);
        assertNotEquals("A".repeat(43), issued);
        assertNotEquals(plantedToken, victim.cookie(Csrf.COOKIE), "the CSRF token is renewed at sign-in too");

        var attacker = new WebClient(server);
        attacker.setCookie(Sessions.COOKIE, "A".repeat(43));
        assertEquals(303, attacker.get("/account").statusCode(), "the planted id did not become a session");

        // Signing in again on a browser that already has a session replaces it.
        String before = victim.cookie(Sessions.COOKIE);
        assertEquals(303, victim.signIn(email, PASSWORD).statusCode());
        assertNotEquals(before, victim.cookie(Sessions.COOKIE));
        var stale = new WebClient(server);
        stale.setCookie(Sessions.COOKIE, before);
        assertEquals(303, stale.get("/account").statusCode(), "the pre-sign-in session id is no longer valid");
        assertEquals(200, victim.get("/account").statusCode());
    }

    @Test
    void an_idle_or_too_old_session_is_refused_and_removed() {
        var idle = signedUp(newEmail());
        var old = signedUp(newEmail());
        String idleHash = SessionService.hash(idle.cookie(Sessions.COOKIE));
        String oldHash = SessionService.hash(old.cookie(Sessions.COOKIE));
        server.app().database().jdbi().useHandle(h -> {
            h.createUpdate("UPDATE account_session SET last_seen = DATEADD('DAY', -8, last_seen) WHERE id_hash = :h").bind("h", idleHash).execute();
            h.createUpdate("UPDATE account_session SET created_at = DATEADD('DAY', -31, created_at) WHERE id_hash = :h").bind("h", oldHash).execute();
        });
        var refused = idle.get("/account");
        assertEquals(303, refused.statusCode());
        assertEquals("/signin?next=%2Faccount", refused.headers().firstValue("Location").orElseThrow());
        assertNull(idle.cookie(Sessions.COOKIE), "the dead cookie is cleared");
        assertEquals(303, old.get("/account").statusCode(), "a busy session still ends after its absolute lifetime");
        int left = server.app().database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM account_session WHERE id_hash IN (:a, :b)")
                .bind("a", idleHash).bind("b", oldHash).mapTo(Integer.class).one());
        assertEquals(0, left, "expired sessions are deleted");
    }

    @Test
    void every_form_refuses_a_post_without_its_csrf_field() {
        String email = newEmail();
        var browser = signedUp(email);
        String[][] forms = {
            {"/signup", "email", newEmail(), "name", "Forged", "password", PASSWORD},
            {"/signin", "email", email, "password", PASSWORD},
            {"/account/password", "current", PASSWORD, "password", "forged new passphrase"},
            {"/signout"},
        };
        for (String[] form : forms) {
            String path = form[0];
            String[] fields = java.util.Arrays.copyOfRange(form, 1, form.length);
            var missing = browser.formWithoutToken(path, fields);
            assertEquals(403, missing.statusCode(), path + ": " + missing.body());
            assertTrue(missing.body().contains("This form has expired"), path);
            var forged = new String[fields.length + 2];
            forged[0] = Csrf.FIELD;
            forged[1] = "forged-token-of-another-site";
            System.arraycopy(fields, 0, forged, 2, fields.length);
            assertEquals(403, browser.formWithoutToken(path, forged).statusCode(), path + " with a wrong token");
            var cookieless = new WebClient(server).formWithoutToken(path, fields);
            assertTrue(cookieless.statusCode() == 403 || (path.equals("/account/password") && cookieless.statusCode() == 401),
                    path + " without any cookie: " + cookieless.statusCode());
        }
        assertEquals(200, browser.get("/account").statusCode(), "still signed in: the forged sign-out did nothing");
        assertEquals(303, new WebClient(server).signIn(email, PASSWORD).statusCode(), "the forged password change did nothing");
    }

    @Test
    void a_csrf_token_counts_only_for_the_session_it_was_made_for() {
        String progress = "{\"done\": {\"quiz:load-balancing/slow-server\": \"2025-06-01T00:00:00Z\"}}";
        var victim = signedUp(newEmail());
        assertEquals(200, victim.json("POST", "/api/me/progress", progress, true).statusCode(), "the page's own token works");

        // Someone who can set cookies (a sibling subdomain, plain HTTP) plants a value and sends it back.
        String own = victim.cookie(Csrf.COOKIE);
        victim.setCookie(Csrf.COOKIE, "attacker-chosen-value-0123456789");
        assertEquals(403, victim.json("POST", "/api/me/progress", progress, true).statusCode(),
                "a made-up token is refused even when cookie and header agree");

        // ... or plants a real token: one the server made for the attacker's own session.
        var attacker = signedUp(newEmail());
        victim.setCookie(Csrf.COOKIE, attacker.cookie(Csrf.COOKIE));
        assertEquals(403, victim.json("POST", "/api/me/progress", progress, true).statusCode(),
                "another session's token is refused");
        victim.setCookie(Csrf.COOKIE, own);
        assertEquals(200, victim.json("POST", "/api/me/progress", progress, true).statusCode());

        // Signing out ends the token's session: the token the page had is worth nothing with the next session.
        var guestToken = new WebClient(server);
        guestToken.get("/signin");
        String beforeSignIn = guestToken.cookie(Csrf.COOKIE);
        assertEquals(303, guestToken.signUp(newEmail(), "Bea", PASSWORD).statusCode());
        guestToken.setCookie(Csrf.COOKIE, beforeSignIn);
        assertEquals(403, guestToken.json("POST", "/api/me/progress", progress, true).statusCode(),
                "a token from before sign-in does not work for the new session");
    }

    @Test
    void a_name_with_markup_is_shown_as_text() {
        var browser = new WebClient(server);
        String name = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        assertEquals(303, browser.signUp(newEmail(), name, PASSWORD).statusCode());
        for (String path : new String[] {"/", "/account", "/lessons/load-balancing"}) {
            String html = browser.get(path).body();
            assertFalse(html.contains("<script>alert"), path);
            assertFalse(html.contains("<img src=x"), path);
            assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"), path + ": " + html);
        }
    }

    @Test
    void signed_in_pages_and_answers_are_never_cached() {
        var browser = signedUp(newEmail());
        for (String path : new String[] {"/account", "/", "/lessons/load-balancing"}) {
            assertEquals("no-store", browser.get(path).headers().firstValue("Cache-Control").orElse(""), path);
        }
        assertEquals("no-store", browser.getJson("/api/me/progress").headers().firstValue("Cache-Control").orElse(""));
        assertFalse(new WebClient(server).get("/").headers().firstValue("Cache-Control").orElse("").contains("no-store"),
                "a guest's outline may be cached");
    }

    @Test
    void the_account_page_sends_guests_to_sign_in_and_back() {
        var guest = new WebClient(server);
        var response = guest.get("/account");
        assertEquals(303, response.statusCode());
        assertEquals("/signin?next=%2Faccount", response.headers().firstValue("Location").orElseThrow());
        String form = guest.get("/signin?next=%2Faccount").body();
        assertTrue(form.contains("name=\"next\" value=\"/account\""), form);
        assertEquals(401, guest.getJson("/api/me/progress").statusCode());

        var evil = new WebClient(server).get("/signin?next=//evil.example/steal");
        assertFalse(evil.body().contains("evil.example"), "only paths on this site are kept as a destination");
    }

    @Test
    void signing_up_moves_the_guests_stored_submissions_into_the_account() {
        var browser = new WebClient(server);
        String guest = "guest-" + "0123456789abcdef".repeat(2);
        browser.setCookie(Learners.COOKIE, guest);
        var submissions = server.app().database().dao(SubmissionDao.class);
        submissions.record(submissions.start(guest, "lb-round-robin", "SUBMIT", "{}", "v1"), "passed", 9, 9, "{}", "v1");
        assertTrue(browser.getJson("/api/exercises/lb-round-robin").body().contains("\"available\":true"), "the guest unlocked the solution");

        assertEquals(303, browser.signUp(newEmail(), "Guest No More", PASSWORD).statusCode());
        assertNull(browser.cookie(Learners.COOKIE), "the guest id is dropped once its work moved");
        assertFalse(submissions.passed(guest, "lb-round-robin"), "nothing is left under the guest id");
        assertTrue(browser.getJson("/api/exercises/lb-round-robin").body().contains("\"available\":true"),
                "the account keeps the unlocked solution");
        assertTrue(new WebClient(server).getJson("/api/exercises/lb-round-robin").body().contains("\"available\":false"));
    }

    @Test
    void the_outline_still_works_for_a_browser_with_a_garbage_session_cookie() {
        var browser = new WebClient(server);
        browser.setCookie(Sessions.COOKIE, "'; DROP TABLE account; --");
        var page = browser.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(">Sign in</a>"));
        assertNotNull(server.app().database().dao(AccountDao.class).all());
    }
}
