package dev.loadbearing.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.TestAccounts;
import dev.loadbearing.TestServer;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.Sessions;
import dev.loadbearing.course.PageViewDao;
import dev.loadbearing.db.Database;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lesson pages and the outline are rendered once and filled per request: every visitor still gets
 * their own CSRF token, greeting and links, and page reads are all counted.
 */
class CachedPagesTest {
    private static final Pattern META_TOKEN = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    @TempDir
    Path dir;

    @Test
    void each_visitor_gets_their_own_token_name_and_header_from_the_same_cached_page() {
        try (TestServer server = TestServer.start(dir.resolve("data"))) {
            var accounts = new TestAccounts(server.app().database());
            String ada = accounts.signIn(accounts.create("ada@example.org", "Ada <b>Lovelace</b>", Role.LEARNER));
            String grace = accounts.signIn(accounts.create("grace@example.org", "Grace Hopper", Role.INSTRUCTOR));

            String returningToken = server.csrfToken("");
            String adaToken = server.csrfToken(Sessions.COOKIE + "=" + ada);
            String graceToken = server.csrfToken(Sessions.COOKIE + "=" + grace);
            for (String path : new String[] {"/lessons/caching", "/"}) {
                String guest1 = server.get(path).body();
                String guest2 = server.get(path).body();
                assertNotEquals(token(guest1), token(guest2), "two new visitors get two tokens");
                assertTrue(guest1.contains("Sign in") && !guest1.contains("nav-name"), "a guest is offered to sign in");

                String returning = server.get(path, "text/html", "Cookie", Csrf.COOKIE + "=" + returningToken).body();
                assertEquals(returningToken, token(returning), "a returning visitor keeps their token");

                String adaPage = server.get(path, "text/html", "Cookie", Sessions.COOKIE + "=" + ada + "; " + Csrf.COOKIE + "=" + adaToken).body();
                String gracePage = server.get(path, "text/html", "Cookie", Sessions.COOKIE + "=" + grace + "; " + Csrf.COOKIE + "=" + graceToken).body();
                assertTrue(adaPage.contains("<span class=\"nav-name\">Ada &lt;b&gt;Lovelace&lt;/b&gt;</span>"), "her name, escaped");
                assertTrue(adaPage.contains("<input type=\"hidden\" name=\"_csrf\" value=\"" + adaToken + "\">"), "her sign-out form carries her token");
                assertFalse(adaPage.contains("href=\"/instructor\""), "a learner has no class link");
                assertTrue(gracePage.contains("<span class=\"nav-name\">Grace Hopper</span>"));
                assertTrue(gracePage.contains("href=\"/instructor\""), "an instructor has the class link");
                assertFalse(gracePage.contains("Lovelace") || gracePage.contains(adaToken), "nothing of another viewer's page leaks");
                assertFalse(adaPage.contains("lbSlot") || guest1.contains("lbSlot"), "no stand-in is left unfilled");
            }
            String caching = server.get("/lessons/caching").body();
            assertTrue(caching.contains("href=\"/signin?next=/lessons/caching\""), "sign-in comes back to this lesson");
            assertTrue(server.get("/lessons/load-balancing").body().contains("href=\"/signin?next=/lessons/load-balancing\""), "each lesson its own");
        }
        try (Database db = Database.open(dir.resolve("data"))) {
            assertEquals(6, db.dao(PageViewDao.class).views("caching"), "every read is counted, written when the server stops");
        }
    }

    private static String token(String html) {
        Matcher m = META_TOKEN.matcher(html);
        assertTrue(m.find(), "the page has a CSRF token");
        return m.group(1);
    }
}
