package dev.loadbearing.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.db.Database;
import dev.loadbearing.web.Csrf;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.Views;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Sessions#requireRole} guarding a sample instructor page and API, on a small app built
 * the way {@code App} builds its routes: guests go to sign in (or get 401), learners get 403.
 */
class RequireRoleTest {
    static Database database;
    static Javalin app;
    static SessionService sessions;
    static AccountService accounts;
    static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        database = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Clock clock = Clock.systemUTC();
        accounts = new AccountService(database.dao(AccountDao.class), new Passwords(),
                new SignInThrottle(database.dao(SignInFailureDao.class), SignInThrottle.Policy.DEFAULT, clock), clock);
        sessions = new SessionService(database.dao(SessionDao.class), database.dao(AccountDao.class), SessionService.Policy.DEFAULT, clock);
        Csrf csrf = new Csrf(database.dao(dev.loadbearing.db.SecretDao.class).key("csrf"));
        Sessions web = new Sessions(sessions, csrf, new ErrorPages(new Views(false, "test", csrf)));
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.before(web::attach);
            cfg.routes.before("/instructor/*", web.requireRole(Role.INSTRUCTOR, Role.ADMIN));
            cfg.routes.before("/api/instructor/*", web.requireRole(Role.INSTRUCTOR, Role.ADMIN));
            cfg.routes.get("/instructor/class", ctx -> ctx.html("<h1>The class of " + web.currentUser(ctx).orElseThrow().name() + "</h1>"));
            cfg.routes.get("/api/instructor/grades", ctx -> ctx.json(java.util.Map.of("grades", java.util.List.of())));
        }).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        database.close();
    }

    static String sessionOf(String email, Role role) {
        var created = (AccountService.SignUp.Created) accounts.create(email, "Someone", role, "quiet harbour window 7");
        return sessions.start(created.user().id());
    }

    static HttpResponse<String> get(String path, String accept, String session) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).header("Accept", accept);
        if (session != null) {
            request.header("Cookie", Sessions.COOKIE + "=" + session);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_guest_asking_for_the_page_is_sent_to_sign_in_and_a_guest_script_gets_401() throws Exception {
        var page = get("/instructor/class?sort=name", "text/html", null);
        assertEquals(303, page.statusCode());
        assertEquals("/signin?next=%2Finstructor%2Fclass%3Fsort%3Dname", page.headers().firstValue("Location").orElseThrow());
        var api = get("/api/instructor/grades", "application/json", null);
        assertEquals(401, api.statusCode());
        assertTrue(api.body().contains("\"status\":401"), api.body());
        assertEquals(401, get("/api/instructor/grades", "application/json", "A".repeat(43)).statusCode(), "an unknown session is a guest");
    }

    @Test
    void a_learner_gets_403_as_a_page_and_as_json() throws Exception {
        String learner = sessionOf("learner-role@example.com", Role.LEARNER);
        var page = get("/instructor/class", "text/html", learner);
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("This is for instructors and admins; you are signed in as a learner."), page.body());
        assertTrue(page.body().contains("<html"), "an HTML page for a browser");
        var api = get("/api/instructor/grades", "application/json", learner);
        assertEquals(403, api.statusCode());
        assertTrue(api.body().contains("\"status\":403"), api.body());
    }

    @Test
    void instructors_and_admins_get_through() throws Exception {
        var instructor = get("/instructor/class", "text/html", sessionOf("teacher-role@example.com", Role.INSTRUCTOR));
        assertEquals(200, instructor.statusCode());
        assertEquals("<h1>The class of Someone</h1>", instructor.body());
        assertEquals(200, get("/api/instructor/grades", "application/json", sessionOf("admin-role@example.com", Role.ADMIN)).statusCode());
    }
}
