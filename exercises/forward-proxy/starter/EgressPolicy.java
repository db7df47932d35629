import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import java.util.List;
import java.util.Set;

/**
 * The egress check of an office's forward proxy. Each request names where it wants to go in its
 * Host header: "github.com", "github.com:443" (a CONNECT for HTTPS names its port), "[2001:db8::1]:443".
 * Allow it (exchange.forward("internet")) only if its host matches an entry of the allow-list and
 * its port is allowed; refuse everything else with 403 (HttpResponse.forbidden(reason)).
 *
 * <p>Allow-list entries are exact host names ("github.com": that name only, not its
 * subdomains), wildcards ("*.pythonhosted.org": any name below pythonhosted.org, at any depth,
 * but not pythonhosted.org itself) and IPv4 addresses ("10.20.0.5": that address, written the usual
 * way). Host names compare without regard to case, and a trailing dot ("github.com.") is the same
 * name. A Host without a port means port 443 for a CONNECT and 80 otherwise.
 *
 * <p>Every request carries the laptop's login to this proxy, a Proxy-Authorization header. It is
 * for this proxy only: what leaves for the internet must not carry it.
 */
public final class EgressPolicy implements Filter {
    private final List<String> allowList;
    private final Set<Integer> allowedPorts;

    public EgressPolicy(List<String> allowList, Set<Integer> allowedPorts) {
        this.allowList = allowList;
        this.allowedPorts = allowedPorts;
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        // Lets every request out. Read request.header("Host"), and forward only what the
        // allow-list allows (without the Proxy-Authorization header: see
        // exchange.forward(backend, changedRequest)); answer the rest with HttpResponse.forbidden("...").
        exchange.forward("internet");
    }
}
