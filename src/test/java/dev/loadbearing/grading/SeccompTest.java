package dev.loadbearing.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seccomp program, loaded by the real bubblewrap the way the launcher loads it. */
class SeccompTest {
    @Test
    void bubblewrap_loads_the_filter_it_refuses_what_it_lists_and_a_jvm_still_runs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed");
        Path filter = Seccomp.write(dir).orElse(null);
        Assumptions.assumeTrue(filter != null, "no filter for this architecture");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        String inside = "grep Seccomp: /proc/self/status; unshare -U true 2>&1; echo unshare=$?; '" + java + "' -Xshare:off -version 2>&1 | head -1";
        var process = new ProcessBuilder(List.of("/bin/sh", "-c", "exec " + WorkerLauncher.SECCOMP_FD + "< '" + filter + "' && exec \"$@\"", "probe",
                "/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--seccomp", Integer.toString(WorkerLauncher.SECCOMP_FD),
                "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "/bin/sh", "-c", inside)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains("Seccomp:\t2"), out);
        assertTrue(out.contains("Operation not permitted") && out.contains("unshare=1"), out);
        assertTrue(out.contains("version \"" + Runtime.version().feature()), out);
    }
}
