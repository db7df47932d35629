package dev.loadbearing;

import dev.loadbearing.account.AccountDao;
import dev.loadbearing.account.AccountService;
import dev.loadbearing.account.Passwords;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.SignInFailureDao;
import dev.loadbearing.account.SignInThrottle;
import dev.loadbearing.account.User;
import dev.loadbearing.course.Catalog;
import dev.loadbearing.db.Database;
import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.Exercise;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.grading.GradeOutcome;
import dev.loadbearing.grading.GradeResult;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.Reports;
import dev.loadbearing.grading.SandboxMode;
import dev.loadbearing.grading.Validator;
import dev.loadbearing.grading.WorkerPool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The command line: {@code java -jar loadbearing.jar serve|...}. */
@Command(name = "loadbearing",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A hands-on system design course: lessons, and exercises graded against a simulation.",
        subcommands = {Main.Serve.class, Main.Grade.class, Main.Validate.class, Main.Users.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the course server (the embedded database and the bundled course by default).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: ${DEFAULT-VALUE}).")
        int port = ServerConfig.DEFAULT_PORT;

        @Option(names = "--data", paramLabel = "DIR", description = "Where the database lives (default: ${DEFAULT-VALUE}).")
        Path data = Path.of("data");

        @Option(names = "--course", paramLabel = "DIR", description = "Serve the lessons and exercises of this folder instead of the bundled course.")
        Path course;

        @Option(names = "--database", paramLabel = "URL", defaultValue = "${env:LOADBEARING_DATABASE_URL}",
                description = "A PostgreSQL database to use instead of the embedded one, shared by every node: "
                        + "postgresql://USER:PASSWORD@HOST:PORT/DATABASE (default: the LOADBEARING_DATABASE_URL environment variable; "
                        + "without either, the embedded database in --data).")
        String database;

        @Option(names = "--database-pool", paramLabel = "N", defaultValue = "${env:LOADBEARING_DATABASE_POOL:-10}",
                description = "At most this many connections to that PostgreSQL (default: ${DEFAULT-VALUE}).")
        int databasePool;


        @Option(names = "--dev", description = "Instructor mode: re-read edited lessons, reload open pages, show lesson errors.")
        boolean dev;

        @Option(names = "--node", paramLabel = "NAME", defaultValue = "${env:LOADBEARING_NODE}",
                description = "This node's name in the grading queue shared on a PostgreSQL database: the same across its restarts, "
                        + "different for each node (default: the LOADBEARING_NODE environment variable, else host name:port).")
        String node;

        @Option(names = "--grading-lease", paramLabel = "SECONDS", defaultValue = "${env:LOADBEARING_GRADING_LEASE:-30}",
                description = "How long a grading job stays with a node that stopped without finishing it, before another node "
                        + "takes it (default: ${DEFAULT-VALUE}).")
        int gradingLease;

        @Option(names = "--grading-wait", paramLabel = "SECONDS", defaultValue = "${env:LOADBEARING_GRADING_WAIT:-50}",
                description = "The longest a Submit waits for its verdict before it answers that it is still grading (the "
                        + "browser then shows the result when it is written); keep it under your proxy's read timeout, "
                        + "nginx's is 60 s (default: ${DEFAULT-VALUE}).")
        int gradingWait;

        @Option(names = "--trusted-proxies", paramLabel = "LIST", defaultValue = "${env:LOADBEARING_TRUSTED_PROXIES}",
                description = "Proxies whose X-Forwarded-For, X-Forwarded-Proto and X-Request-Id are believed: addresses or ranges "
                        + "separated by commas, such as 10.0.0.0/8, or none (default: the LOADBEARING_TRUSTED_PROXIES environment "
                        + "variable, else loopback: 127.0.0.0/8 and ::1).")
        String trustedProxies;

        @Option(names = "--metrics-from", paramLabel = "LIST", defaultValue = "${env:LOADBEARING_METRICS_FROM}",
                description = "Who may scrape /metrics directly, in the same form (default: loopback).")
        String metricsFrom;

        @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "${env:LOADBEARING_DRAIN_SECONDS:-0}",
                description = "On SIGTERM, answer /ready with 503 for this long while still serving, so a load balancer "
                        + "that checks /ready sends no new learners, before stopping (default: ${DEFAULT-VALUE}).")
        int drain;

        @Option(names = "--sandbox", paramLabel = "MODE", description = "require: refuse to start without bubblewrap; auto (default): use it when installed, warn loudly when not.")
        String sandbox = "auto";

        @Override
        public Integer call() throws InterruptedException {
            if (gradingWait < 1) {
                System.err.println("loadbearing: --grading-wait is at least 1 second");
                return 1;
            }
            App app;
            try {
                app = App.create(new ServerConfig(port, data, course, dev, SandboxMode.parse(sandbox),
                        WorkerPool.Settings.forServer(), GradingService.Settings.forServer()).withDatabase(database, databasePool)
                        .withOperations(new ServerConfig.Operations(node, gradingLease * 1000L, trustedProxies, metricsFrom, drain, gradingWait * 1000L)))
                        .warmUp();
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("loadbearing: " + e.getMessage());
                return 1;
            }
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "shutdown"));
            try {
                app.start();
            } catch (RuntimeException e) {
                System.err.println("loadbearing: cannot start on port " + port + ": " + e.getMessage());
                return 1;
            }
            stopped.await();
            return 0;
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = "Grade files as a learner's edit of an exercise, in the same sandbox as the server. "
                    + "Exit status: 0 when every test passed, 1 otherwise, 2 for usage errors.")
    static final class Grade implements Callable<Integer> {
        @Option(names = "--exercise", required = true, paramLabel = "ID", description = "The exercise, such as lb-round-robin.")
        String exercise;

        @Option(names = "--submit", description = "Run every test, hidden ones too (default: the visible tests, like Run).")
        boolean submit;

        @Option(names = "--json", description = "Print one JSON object instead of a report.")
        boolean json;

        @Option(names = "--course", paramLabel = "DIR", description = "Use the exercises of this course folder instead of the bundled course.")
        Path course;

        @Option(names = "--sandbox", paramLabel = "MODE", description = "require: refuse to grade without bubblewrap; auto (default): use it when installed.")
        String sandbox = "auto";

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "The learner's files, named like the exercise's editable files.")
        List<Path> files;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ExerciseCatalog exercises;
            SandboxMode mode;
            var sources = new LinkedHashMap<String, String>();
            try {
                mode = SandboxMode.parse(sandbox);
                exercises = ExerciseCatalog.load(course == null ? CourseFiles.bundled() : CourseFiles.directory(course));
                Exercise found = exercises.exercise(exercise).orElseThrow(() -> new IllegalArgumentException("there is no exercise '"
                        + exercise + "'" + (exercises.exercises().isEmpty() ? "" : "; the exercises are "
                        + exercises.exercises().stream().map(Exercise::id).collect(Collectors.joining(", ")))));
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (!found.editable().contains(name)) {
                        throw new IllegalArgumentException(name + " is not a file of " + exercise + "; its files are "
                                + String.join(", ", found.editable()));
                    }
                    sources.put(name, Files.readString(file));
                }
            } catch (IllegalArgumentException | IllegalStateException | IOException e) {
                spec.commandLine().getErr().println("loadbearing grade: " + (e instanceof NoSuchFileException ? "no such file: " : "") + e.getMessage());
                return 2;
            }
            try (GradingService service = GradingService.start(exercises, mode, Reports.defaultWorkDir(),
                    WorkerPool.Settings.forCommandLine(), GradingService.Settings.forCommandLine())) {
                GradeOutcome outcome = service.grade(new GradingService.Submission(exercise, sources,
                        submit ? Exercise.Mode.SUBMIT : Exercise.Mode.RUN, null, null));
                if (!(outcome instanceof GradeOutcome.Graded graded)) {
                    spec.commandLine().getErr().println("loadbearing grade: " + outcome);
                    return 2;
                }
                GradeResult result = graded.result();
                PrintWriter out = spec.commandLine().getOut();
                out.print(json ? Json.MAPPER.writeValueAsString(result) + System.lineSeparator() : Reports.text(exercise, result));
                out.flush();
                return result.passed() ? 0 : 1;
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("loadbearing grade: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check every lesson and exercise: files, links, and (in the sandbox) that starters fail and solutions pass. "
                    + "Prints file:line: message for each problem; exit status 1 on any.")
    static final class Validate implements Callable<Integer> {
        @Option(names = "--course", paramLabel = "DIR", description = "Check this course folder instead of the bundled course.")
        Path course;

        @Option(names = "--json", description = "Print one JSON object instead of lines.")
        boolean json;

        @Option(names = "--sandbox", paramLabel = "MODE", description = "require: refuse to grade without bubblewrap; auto (default): use it when installed.")
        String sandbox = "auto";

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            CourseFiles files;
            SandboxMode mode;
            try {
                mode = SandboxMode.parse(sandbox);
                files = course == null ? CourseFiles.bundled() : CourseFiles.directory(course);
            } catch (IllegalArgumentException | IllegalStateException e) {
                spec.commandLine().getErr().println("loadbearing validate: " + e.getMessage());
                return 2;
            }
            ExerciseCatalog exercises = ExerciseCatalog.load(files);
            Catalog lessons = Validator.lessons(files);
            Validator.Report report;
            if (exercises.exercises().isEmpty()) {
                report = Validator.validate(lessons, exercises, null);
            } else {
                try (GradingService service = GradingService.start(exercises, mode, Reports.defaultWorkDir(),
                        new WorkerPool.Settings(1, 0, 200, 1), GradingService.Settings.forCommandLine())) {
                    report = Validator.validate(lessons, exercises, service);
                } catch (IllegalStateException e) {
                    spec.commandLine().getErr().println("loadbearing validate: " + e.getMessage());
                    return 2;
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                var body = new LinkedHashMap<String, Object>();
                body.put("ok", report.ok());
                body.put("lessons", report.lessons());
                body.put("exercises", report.exercises());
                body.put("problems", report.problems().stream().map(p -> Map.of("file", p.file(), "line", p.line(),
                        "message", p.message())).toList());
                out.println(Json.MAPPER.writeValueAsString(body));
            } else {
                report.problems().forEach(out::println);
                out.printf("%s: %d lessons, %d exercises, %d problems%n", report.ok() ? "OK" : "FAILED", report.lessons(),
                        report.exercises().size(), report.problems().size());
            }
            out.flush();
            return report.ok() ? 0 : 1;
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true,
            description = "Create and list accounts in a server's database (stop the server first: the embedded database has one owner).",
            subcommands = {Main.UserAdd.class, Main.UserList.class})
    static final class Users implements Runnable {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create an account. The password is read from standard input when it is piped; "
                    + "otherwise (or with --generate-password) one is generated and printed once.")
    static final class UserAdd implements Callable<Integer> {
        private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

        @Parameters(index = "0", paramLabel = "EMAIL", description = "The account's email, used to sign in.")
        String email;

        @Option(names = "--role", paramLabel = "ROLE", description = "learner, instructor or admin (default: ${DEFAULT-VALUE}).")
        String role = "learner";

        @Option(names = "--name", paramLabel = "NAME", description = "The name shown in the header (default: the part of the email before @).")
        String name;

        @Option(names = "--data", paramLabel = "DIR", description = "The server's data folder (default: ${DEFAULT-VALUE}).")
        Path data = Path.of("data");

        @Option(names = "--generate-password", description = "Generate a password even when standard input is piped.")
        boolean generate;

        @Option(names = "--database", paramLabel = "URL", defaultValue = "${env:LOADBEARING_DATABASE_URL}",
                description = "The servers' PostgreSQL database, instead of the embedded one in --data (default: LOADBEARING_DATABASE_URL).")
        String database;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Role chosen;
            try {
                chosen = Role.parse(role);
            } catch (IllegalArgumentException e) {
                err.println("loadbearing user add: " + e.getMessage());
                return 2;
            }
            boolean generated = generate || System.console() != null;
            String password = generated ? generatePassword() : new BufferedReader(new InputStreamReader(System.in)).readLine();
            if (password == null || password.isEmpty()) {
                err.println("loadbearing user add: no password on standard input; pipe one in, or pass --generate-password");
                return 2;
            }
            try (Database db = open(data, database)) {
                var result = accounts(db).create(email, name == null ? email.split("@")[0] : name, chosen, password);
                if (result instanceof AccountService.SignUp.Invalid invalid) {
                    invalid.errors().forEach((field, message) -> err.println("loadbearing user add: " + field + ": " + message));
                    return 1;
                }
                User user = ((AccountService.SignUp.Created) result).user();
                out.printf("Created %s %s (id %d) in %s.%n", user.role().key(), user.email(), user.id(),
                        database == null || database.isBlank() ? data : "the PostgreSQL database");
                if (generated) {
                    out.println("Password (shown only now): " + password);
                }
                return 0;
            } catch (IllegalStateException | IllegalArgumentException e) {
                err.println("loadbearing user add: " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        private static String generatePassword() {
            var random = new SecureRandom();
            var password = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            return password.toString();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every account: id, role, email and name.")
    static final class UserList implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", description = "The server's data folder (default: ${DEFAULT-VALUE}).")
        Path data = Path.of("data");

        @Option(names = "--database", paramLabel = "URL", defaultValue = "${env:LOADBEARING_DATABASE_URL}",
                description = "The servers' PostgreSQL database, instead of the embedded one in --data (default: LOADBEARING_DATABASE_URL).")
        String database;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = open(data, database)) {
                List<User> users = accounts(db).users();
                out.printf("%-6s %-11s %-40s %s%n", "ID", "ROLE", "EMAIL", "NAME");
                users.forEach(u -> out.printf("%-6d %-11s %-40s %s%n", u.id(), u.role().key(), u.email(), u.name()));
                out.printf("%d account%s%n", users.size(), users.size() == 1 ? "" : "s");
                out.flush();
                return 0;
            } catch (IllegalStateException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("loadbearing user list: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
    }

    /** The embedded database in {@code data}, or the PostgreSQL one when a URL is given. */
    private static Database open(Path data, String url) {
        return url == null || url.isBlank() ? Database.open(data) : Database.open(url, 2);
    }

    private static AccountService accounts(Database database) {
        Clock clock = Clock.systemUTC();
        return new AccountService(database.dao(AccountDao.class), new Passwords(),
                new SignInThrottle(database.dao(SignInFailureDao.class), SignInThrottle.Policy.DEFAULT, clock), clock);
    }

    /** JSON for command output. */
    static final class Json {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Loadbearing " + App.version()};
        }
    }
}
