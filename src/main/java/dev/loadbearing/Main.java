package dev.loadbearing;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code java -jar loadbearing.jar serve|...}. */
@Command(name = "loadbearing",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A hands-on system design course: lessons, and exercises graded against a simulation.",
        subcommands = {Main.Serve.class})
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

        @Option(names = "--dev", description = "Instructor mode: re-read edited lessons, reload open pages, show lesson errors.")
        boolean dev;

        @Override
        public Integer call() throws InterruptedException {
            App app;
            try {
                app = App.create(new ServerConfig(port, data, course, dev));
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

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Loadbearing " + App.version()};
        }
    }
}
