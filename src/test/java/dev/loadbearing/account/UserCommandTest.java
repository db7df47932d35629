package dev.loadbearing.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loadbearing.Main;
import dev.loadbearing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code user add} and {@code user list} as an admin runs them, then signing in with what they made. */
class UserCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run main(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            var out = new StringWriter();
            var err = new StringWriter();
            var cli = new CommandLine(new Main());
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void user_add_reads_a_piped_password_and_the_instructor_can_sign_in_with_it() {
        Path data = dir.resolve("data");
        Run run = main("piped harbour lantern 9\n", "user", "add", "Teacher@Example.com", "--role", "instructor", "--name", "Ms Frizzle",
                "--data", data.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Created instructor teacher@example.com (id 1)"), run.out());
        assertTrue(!run.out().contains("piped harbour"), "a piped password is never printed");

        Run list = main("", "user", "list", "--data", data.toString());
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().matches("(?s).*1\\s+instructor\\s+teacher@example.com\\s+Ms Frizzle.*"), list.out());
        assertTrue(list.out().contains("1 account"));

        try (TestServer server = TestServer.start(data)) {
            var browser = new WebClient(server);
            assertEquals(303, browser.signIn("teacher@example.com", "piped harbour lantern 9").statusCode());
            assertTrue(browser.get("/account").body().contains("<dd>instructor</dd>"));
        }
    }

    @Test
    void user_add_can_generate_a_password_and_prints_it_once() {
        Path data = dir.resolve("data");
        Run run = main("", "user", "add", "root@example.com", "--role", "admin", "--generate-password", "--data", data.toString());
        assertEquals(0, run.exit(), run.err());
        Matcher password = Pattern.compile("Password \\(shown only now\\): (\\S{20})").matcher(run.out());
        assertTrue(password.find(), run.out());
        try (TestServer server = TestServer.start(data)) {
            assertEquals(303, new WebClient(server).signIn("root@example.com", password.group(1)).statusCode());
        }
    }

    @Test
    void user_add_refuses_bad_input_with_a_message_and_a_non_zero_exit() {
        Path data = dir.resolve("data");
        Run role = main("long enough password 1\n", "user", "add", "a@example.com", "--role", "superuser", "--data", data.toString());
        assertEquals(2, role.exit());
        assertTrue(role.err().contains("unknown role 'superuser'; the roles are learner, instructor, admin"), role.err());

        Run weak = main("password123\n", "user", "add", "a@example.com", "--data", data.toString());
        assertEquals(1, weak.exit());
        assertTrue(weak.err().contains("password: This password is one of the most common ones"), weak.err());

        Run empty = main("", "user", "add", "a@example.com", "--data", data.toString());
        assertEquals(2, empty.exit());
        assertTrue(empty.err().contains("no password on standard input"), empty.err());

        assertEquals(0, main("first password here\n", "user", "add", "a@example.com", "--data", data.toString()).exit());
        Run duplicate = main("second password here\n", "user", "add", "A@example.com", "--data", data.toString());
        assertEquals(1, duplicate.exit());
        assertTrue(duplicate.err().contains("email: An account with this email already exists."), duplicate.err());
    }
}
