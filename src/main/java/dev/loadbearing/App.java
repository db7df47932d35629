package dev.loadbearing;

import dev.loadbearing.account.AccountController;
import dev.loadbearing.account.AccountDao;
import dev.loadbearing.account.AccountService;
import dev.loadbearing.account.Passwords;
import dev.loadbearing.account.Role;
import dev.loadbearing.account.ProgressController;
import dev.loadbearing.account.ProgressDao;
import dev.loadbearing.account.ProgressService;
import dev.loadbearing.account.SessionDao;
import dev.loadbearing.account.SessionService;
import dev.loadbearing.account.Sessions;
import dev.loadbearing.account.SignInFailureDao;
import dev.loadbearing.account.SignInThrottle;
import dev.loadbearing.course.Catalog;
import dev.loadbearing.course.CourseFiles;
import dev.loadbearing.course.ExerciseCatalog;
import dev.loadbearing.course.SimulationController;
import dev.loadbearing.course.Simulations;
import dev.loadbearing.course.LessonController;
import dev.loadbearing.course.MarkdownRenderer;
import dev.loadbearing.course.PageViewDao;
import dev.loadbearing.course.PageViews;
import dev.loadbearing.course.QuizController;
import dev.loadbearing.db.Database;
import dev.loadbearing.db.SecretDao;
import dev.loadbearing.instructor.ClassReport;
import dev.loadbearing.instructor.InstructorController;
import dev.loadbearing.instructor.Regrading;
import dev.loadbearing.grading.GradingService;
import dev.loadbearing.grading.Reports;
import dev.loadbearing.submission.ExerciseController;
import dev.loadbearing.submission.ExerciseService;
import dev.loadbearing.submission.GradingClusterDao;
import dev.loadbearing.submission.GradingQueue;
import dev.loadbearing.submission.History;
import dev.loadbearing.submission.AttemptsController;
import dev.loadbearing.submission.HistoryController;
import dev.loadbearing.submission.SubmissionDao;
import dev.loadbearing.web.Csrf;
import dev.loadbearing.web.ErrorPages;
import dev.loadbearing.web.HealthController;
import dev.loadbearing.web.Learners;
import dev.loadbearing.web.HeadRequests;
import dev.loadbearing.web.LiveReload;
import dev.loadbearing.web.Paths;
import dev.loadbearing.web.Metrics;
import dev.loadbearing.web.Proxies;
import dev.loadbearing.web.SecurityHeaders;
import dev.loadbearing.web.Views;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part of the server from a {@link ServerConfig} and wires
 * the routes, all in one place. Nothing here is static or global, so tests start as many apps as
 * they like, each on its own port and data folder.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /** How long a stop waits for requests in flight (gradings included) to finish. */
    static final long STOP_TIMEOUT_MS = 30_000;
    private final ServerConfig config;
    private final Javalin javalin;
    private final Catalog catalog;
    private final LiveReload liveReload;
    private final ExerciseCatalog exercises;
    private final Database database;
    private GradingService grading;
    private final ExerciseService exerciseService;
    private final GradingQueue queue;
    private final Metrics metrics;
    private volatile boolean draining;
    /** Work that must not hold up a request: finishing pending submissions, re-grading. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "background");
        thread.setDaemon(true);
        return thread;
    });
    private final List<AutoCloseable> resources = new ArrayList<>();

    private App(ServerConfig config) {
        this.config = config;
        String version = version();
        CourseFiles course = config.courseDir() == null ? CourseFiles.bundled() : CourseFiles.directory(config.courseDir());
        database = config.openDatabase();
        resources.add(database);
        MarkdownRenderer renderer = new MarkdownRenderer();
        catalog = new Catalog(course, renderer);
        liveReload = course.editable() ? startWatching(catalog) : null;
        exercises = ExerciseCatalog.load(course);
        exercises.problems().forEach(problem -> LOG.warn("{}", problem));
        long loading = System.nanoTime();
        Simulations simulations = Simulations.load(course);
        resources.add(simulations);
        simulations.problems().forEach(problem -> LOG.warn("{}", problem));
        LOG.info("live simulations compiled and checked in {} ms", (System.nanoTime() - loading) / 1_000_000);

        Csrf csrf = new Csrf(database.dao(SecretDao.class).key("csrf"));
        Views views = new Views(config.dev(), version, csrf);
        ErrorPages errors = new ErrorPages(views);
        Clock clock = Clock.systemUTC();
        AccountDao accountDao = database.dao(AccountDao.class);
        SubmissionDao submissionDao = database.dao(SubmissionDao.class);
        AccountService accounts = new AccountService(accountDao, new Passwords(),
                new SignInThrottle(database.dao(SignInFailureDao.class), SignInThrottle.Policy.DEFAULT, clock), clock);
        Sessions sessions = new Sessions(new SessionService(database.dao(SessionDao.class), accountDao,
                SessionService.Policy.DEFAULT, clock), csrf, errors);
        Learners learners = new Learners(sessions::learnerKey);
        AccountController accountPages = new AccountController(accounts, sessions, learners, csrf, views, errors);
        ProgressController progress = new ProgressController(new ProgressService(database.dao(ProgressDao.class),
                item -> courseItem(catalog, exercises, item), clock),
                exercises, sessions, errors);
        PageViews pageViews = new PageViews(database.dao(PageViewDao.class));
        resources.add(pageViews); // after the database, so it closes (and writes its counts) first
        LessonController lessons = new LessonController(catalog, exercises, simulations, pageViews, views, errors);
        QuizController quizzes = new QuizController(catalog, errors);
        SimulationController simulationApi = new SimulationController(simulations);
        metrics = new Metrics(Proxies.parse(config.operations().metricsFrom()));
        queue = new GradingQueue(submissionDao, database.dao(GradingClusterDao.class), this::grading, exercises, config.queue(), clock);
        exerciseService = new ExerciseService(exercises, this::grading, submissionDao, renderer, queue, (status, millis) -> metrics.graded(status, millis),
                config.operations().gradingWaitMs() > 0 ? config.operations().gradingWaitMs() : ExerciseService.DEFAULT_WAIT_MS);
        ExerciseController exerciseApi = new ExerciseController(exerciseService, learners, errors);
        History attempts = new History(submissionDao);
        HistoryController history = new HistoryController(exerciseService, attempts, learners, views, errors);
        AttemptsController attemptsApi = new AttemptsController(exerciseService, submissionDao, attempts, learners,
                ctx -> sessions.currentUser(ctx).filter(u -> u.hasRole(Role.INSTRUCTOR, Role.ADMIN)).isPresent(), errors);
        HealthController health = new HealthController(database, catalog, version, submissionDao::pendingCount, this::gradingState,
                () -> draining);
        Proxies proxies = Proxies.parse(config.operations().trustedProxies());
        metrics.gauge("loadbearing.grading.queue.depth", "Submissions stored and waiting for a verdict, on every node", submissionDao,
                dao -> {
                    try {
                        return dao.pendingCount();
                    } catch (RuntimeException e) {
                        return Double.NaN; // the database is down: /ready says so
                    }
                });
        metrics.counter("loadbearing.grading.verdicts", "Verdicts this node's graders wrote", queue, GradingQueue::graded);
        metrics.counter("loadbearing.workers.started", "Grading worker JVMs started (first ones and replacements)", this,
                app -> app.pool().map(p -> (double) p.started()).orElse(0.0));
        metrics.counter("loadbearing.workers.retired", "Grading worker JVMs retired (recycled, or killed after a timeout or crash)", this,
                app -> app.pool().map(p -> (double) p.retired()).orElse(0.0));
        metrics.counter("loadbearing.workers.start.failures", "Grading worker JVMs that failed to start", this,
                app -> app.pool().map(p -> (double) p.startFailures()).orElse(0.0));
        Function<String, ClassReport.Learner> directory = key -> key.startsWith("user-")
                ? accountDao.byId(Long.parseLong(key.substring("user-".length())))
                        .map(row -> new ClassReport.Learner(key, row.name(), row.email()))
                        .orElse(ClassReport.Learner.guest(key))
                : ClassReport.Learner.guest(key);
        InstructorController instructor = new InstructorController(new ClassReport(exercises, submissionDao, directory),
                new Regrading(exerciseService, submissionDao, background), exerciseService, submissionDao,
                attempts, directory, csrf, views, errors);

        javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = 1_000_000L;
            cfg.jetty.modifyServletContextHandler(handler -> handler.addFilter(HeadRequests.class, "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            // On stop, Jetty closes its listener at once and gives requests in flight (a grading
            // takes seconds) this long to finish before it closes their connections.
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(STOP_TIMEOUT_MS);
                server.setErrorHandler(new SecurityHeaders.JettyErrors());
            });
            staticFiles(cfg, course);

            cfg.requestLogger.http((ctx, millis) -> {
                metrics.request(ctx, millis);
                Proxies.detach();
            });
            cfg.routes.before(proxies::attach);
            cfg.routes.before(SecurityHeaders::add);
            cfg.routes.before(sessions::attach);
            cfg.routes.get(Paths.OUTLINE, lessons::outline);
            cfg.routes.get(Paths.LESSON, lessons::show);
            cfg.routes.get(Paths.HEALTH, health::show);
            cfg.routes.get(Paths.READY, health::ready);
            cfg.routes.get(Paths.METRICS, metrics::show);
            cfg.routes.get(Paths.SIGN_UP, accountPages::signUpForm);
            cfg.routes.post(Paths.SIGN_UP, accountPages::signUp);
            cfg.routes.get(Paths.SIGN_IN, accountPages::signInForm);
            cfg.routes.post(Paths.SIGN_IN, accountPages::signIn);
            cfg.routes.post(Paths.SIGN_OUT, accountPages::signOut);
            cfg.routes.before(Paths.ACCOUNT, sessions.requireSignIn());
            cfg.routes.before(Paths.ACCOUNT_PASSWORD, sessions.requireSignIn());
            cfg.routes.get(Paths.ACCOUNT, accountPages::show);
            cfg.routes.post(Paths.ACCOUNT_PASSWORD, accountPages::changePassword);
            cfg.routes.before(Paths.API, csrf::verify);
            cfg.routes.before(Paths.API_MY_PROGRESS, sessions.requireSignIn());
            cfg.routes.before(Paths.API_DRAFT, sessions.requireSignIn());
            cfg.routes.get(Paths.API_MY_PROGRESS, progress::progress);
            cfg.routes.post(Paths.API_MY_PROGRESS, progress::record);
            cfg.routes.get(Paths.API_DRAFT, progress::draft);
            cfg.routes.put(Paths.API_DRAFT, progress::saveDraft);
            cfg.routes.delete(Paths.API_DRAFT, progress::deleteDraft);
            cfg.routes.post(Paths.QUIZ_ANSWERS, quizzes::answer);
            cfg.routes.get(Paths.API_SIMULATION, simulationApi::declaration);
            cfg.routes.get(Paths.API_SIMULATION_RUN, simulationApi::run);
            cfg.routes.get(Paths.API_LESSONS, lessons::list);
            cfg.routes.get(Paths.HISTORY, history::show);
            cfg.routes.before(Paths.INSTRUCTOR, sessions.requireRole(Role.INSTRUCTOR, Role.ADMIN));
            cfg.routes.before(Paths.INSTRUCTOR_ALL, sessions.requireRole(Role.INSTRUCTOR, Role.ADMIN));
            cfg.routes.get(Paths.INSTRUCTOR, instructor::dashboard);
            cfg.routes.get(Paths.INSTRUCTOR_GRADES, instructor::grades);
            cfg.routes.get(Paths.INSTRUCTOR_EXERCISE, instructor::exercise);
            cfg.routes.post(Paths.INSTRUCTOR_REGRADE, instructor::regrade);
            cfg.routes.get(Paths.INSTRUCTOR_SUBMISSION, instructor::submission);
            cfg.routes.get(Paths.API_EXERCISE, exerciseApi::show);
            cfg.routes.post(Paths.API_RUNS, exerciseApi::run);
            cfg.routes.post(Paths.API_SUBMISSIONS, exerciseApi::submit);
            cfg.routes.get(Paths.API_SUBMISSIONS, attemptsApi::list);
            cfg.routes.get(Paths.API_ATTEMPT, attemptsApi::show);
            cfg.routes.get(Paths.API_CSRF, ctx -> ctx.json(java.util.Map.of("token", csrf.token(ctx), "header", Csrf.HEADER)));
            cfg.routes.get(Paths.API_HINT, exerciseApi::hint);
            cfg.routes.get(Paths.API_SOLUTION, exerciseApi::solution);
            if (config.dev() && liveReload != null) {
                cfg.routes.sse(Paths.DEV_EVENTS, liveReload::connect);
            }
            cfg.routes.error(HttpStatus.NOT_FOUND.getCode(), "*", errors::notFound);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (!databaseFailure(e)) {
                    errors.serverError(e, ctx);
                    return;
                }
                LOG.error("the database failed on {} {}: {}", ctx.method(), ctx.path(), e.toString());
                ctx.header("Retry-After", "30");
                errors.show(ctx, 503, "Cannot save right now",
                        (database.vendor() == Database.Vendor.H2
                                ? "The server cannot read or write its database (its data folder may be read-only or its disk full). "
                                : "The server cannot reach or write its database server. ")
                                + "Nothing from this request was saved. Try again in a minute; if it goes on, tell whoever runs this course.");
            });
        });
    }

    /** Whether an exception came from the database (a failed statement, or a store that cannot be reached). */
    private static boolean databaseFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.jdbi.v3.core.JdbiException || t instanceof java.sql.SQLException
                    || (t.getStackTrace().length > 0 && (t.getStackTrace()[0].getClassName().startsWith("org.h2.")
                            || t.getStackTrace()[0].getClassName().startsWith("org.postgresql.")
                            || t.getStackTrace()[0].getClassName().startsWith("com.zaxxer.hikari.")))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a progress key names a quiz question or an exercise of the course as it is now. */
    private static boolean courseItem(Catalog catalog, ExerciseCatalog exercises, String item) {
        if (item.startsWith("exercise:")) {
            return exercises.exercise(item.substring("exercise:".length())).isPresent();
        }
        return catalog.lessons().stream().anyMatch(lesson -> catalog.progressItems(lesson).contains(item));
    }

    /** Builds the app (database opened and migrated, course loaded) without starting HTTP. */
    public static App create(ServerConfig config) {
        return new App(config);
    }

    /**
     * The grading service, started on first use so that a server that never grades (most tests)
     * never starts worker JVMs. {@link #warmUp()} starts it at once.
     */
    private synchronized GradingService grading() {
        if (grading == null) {
            // Not under the data folder: the sandbox uid must reach the worker jar, and a data folder
            // often sits inside a private home directory.
            grading = GradingService.start(exercises, config.sandbox(), Reports.defaultWorkDir(), config.workers(), config.grading());
            // The shared queue's graders, and its limits in place of the service's own.
            queue.start();
        }
        return grading;
    }

    private synchronized java.util.Optional<dev.loadbearing.grading.WorkerPool> pool() {
        return java.util.Optional.ofNullable(grading).map(GradingService::pool);
    }

    /** For {@code /health}: whether the grading workers are started and warm. */
    private synchronized String gradingState() {
        return grading == null ? "not_started" : grading.pool().warm() ? "warm" : "warming";
    }

    /**
     * Starts the grading workers and this node's graders now, so the first learner does not wait for
     * them; the graders first finish any submission left pending when a node stopped mid-grading.
     */
    public App warmUp() {
        grading();
        return this;
    }

    /** Starts serving on the configured port. */
    public App start() {
        javalin.start(config.port());
        LOG.info("Loadbearing {} serving {} lessons on http://localhost:{}/{}", version(), catalog.lessons().size(),
                port(), config.dev() ? " (dev mode: live reload on)" : "");
        return this;
    }

    public int port() {
        return javalin.port();
    }

    public Javalin javalin() {
        return javalin;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Database database() {
        return database;
    }

    /**
     * Stops in order, logging each step: open event streams, then HTTP (Jetty stops accepting and
     * lets requests in flight, gradings included, finish for up to its stop timeout), then the
     * background work, the graders and the database. A grading cut short stays pending in the
     * database and is graded again at the next start.
     */
    @Override
    public void close() {
        int drain = config.operations().drainSeconds();
        if (drain > 0) {
            draining = true;
            LOG.info("draining: /ready answers 503 for {} s while this node still serves, so no new learners are sent here", drain);
            try {
                Thread.sleep(drain * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("stopping: no new requests; finishing the requests in flight");
        if (liveReload != null) {
            closeQuietly(liveReload);
        }
        javalin.stop();
        LOG.info("stopped serving HTTP");
        background.shutdownNow();
        synchronized (this) {
            if (grading != null) {
                closeQuietly(queue);
                LOG.info("graders stopped; this node's unfinished jobs are free for the other nodes");
                closeQuietly(grading);
                LOG.info("grading workers stopped");
            }
        }
        try {
            int pending = database.dao(SubmissionDao.class).pendingCount();
            if (pending > 0) {
                LOG.info("{} submission(s) left pending; they are graded at the next start", pending);
            } else {
                LOG.info("every accepted submission is graded");
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot count pending submissions: {}", e.toString());
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i));
        }
        LOG.info("database closed; Loadbearing stopped");
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", resource, e.toString());
        }
    }

    private static LiveReload startWatching(Catalog catalog) {
        try {
            return new LiveReload(catalog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the course folder for changes", e);
        }
    }

    private void staticFiles(io.javalin.config.JavalinConfig cfg, CourseFiles course) {
        boolean onDisk = course.editable() && Files.isDirectory(course.staticFiles());
        cfg.staticFiles.add(files -> {
            files.hostedPath = Paths.STATIC;
            files.directory = onDisk ? course.staticFiles().toString() : "/" + CourseFiles.BUNDLED + "/static";
            files.location = onDisk ? Location.EXTERNAL : Location.CLASSPATH;
            files.headers = java.util.Map.of("Cache-Control", config.dev() ? "no-cache" : "public, max-age=3600");
        });
    }

    static String version() {
        String version = App.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
