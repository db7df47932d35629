import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {
    @Test
    @DisplayName("github.com and *.pythonhosted.org on port 443: the names they allow get out, every look-alike gets 403")
    void the_lesson_table() {
        EgressRun run = new EgressRun(1, List.of("github.com", "*.pythonhosted.org"), Set.of(443));
        run.add("github.com:443", "CONNECT", true, "exact", "github.com is on the allow-list");
        run.add("files.pythonhosted.org:443", "CONNECT", true, "subdomain", "*.pythonhosted.org allows its subdomains");
        run.add("evil.com.github.com", "CONNECT", false, "subdomain of an exact entry",
                "the entry github.com names that host only, not its subdomains");
        run.add("github.com.evil.com:443", "CONNECT", false, "suffix attack", "a name under evil.com");
        run.add("notgithub.com:443", "CONNECT", false, "no dot", "another domain that ends with the text github.com");
        run.add("pythonhosted.org:443", "CONNECT", false, "apex", "*.pythonhosted.org does not name pythonhosted.org itself");
        run.add("github.com:22", "CONNECT", false, "port", "port 22 is not allowed");
        run.add("140.82.112.3:443", "CONNECT", false, "address", "an address literal not on the allow-list");
        run.add(null, "GET", false, "no host", "no destination at all");
        run.run();
        run.attachFigure();
        run.assertEveryVerdict();
    }

    @Test
    @DisplayName("case, trailing dots and ports: GitHub.COM, github.com., github.com (CONNECT means 443), github.com:99999")
    void names_are_normalised_and_ports_parsed() {
        EgressRun run = new EgressRun(2, List.of("GitHub.com", "*.PythonHosted.org."), Set.of(80, 443));
        run.add("GITHUB.COM:443", "CONNECT", true, "case", "host names compare without regard to case");
        run.add("github.com.:443", "CONNECT", true, "trailing dot", "a trailing dot is the same, fully qualified name");
        run.add("github.com", "CONNECT", true, "no port", "a CONNECT without a port goes to 443");
        run.add("github.com", "GET", true, "plain http", "a plain-HTTP GET without a port goes to 80, allowed here");
        run.add("Files.PythonHosted.Org.:443", "CONNECT", true, "case", "the entry and the request both normalise");
        run.add("github.com:99999", "CONNECT", false, "bad port", "ports end at 65535");
        run.add("github.com:", "CONNECT", false, "bad port", "an empty port is not a port");
        run.add("github.com:8443", "CONNECT", false, "port", "port 8443 is not allowed");
        run.run();
        run.attachFigure();
        run.assertEveryVerdict();
    }

    @Test
    @DisplayName("a random allow-list (seed 3): every entry's names get out, and its look-alikes, addresses and garbage do not")
    void a_random_allow_list() {
        EgressRun run = EgressRun.random(3);
        run.run();
        run.attachFigure();
        run.assertEveryVerdict();
    }
}
