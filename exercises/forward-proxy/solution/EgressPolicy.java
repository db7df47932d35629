import dev.loadbearing.sim.http.Exchange;
import dev.loadbearing.sim.http.Filter;
import dev.loadbearing.sim.http.HttpRequest;
import dev.loadbearing.sim.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private final List<String> exact = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();
    private final Set<Integer> allowedPorts;

    public EgressPolicy(List<String> allowList, Set<Integer> allowedPorts) {
        for (String entry : allowList) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.startsWith("*.")) {
                String domain = canonical(e.substring(2));
                if (domain != null) {
                    suffixes.add("." + domain);
                }
            } else {
                String host = canonical(e);
                if (host != null) {
                    exact.add(host);
                }
            }
        }
        this.allowedPorts = Set.copyOf(allowedPorts);
    }

    @Override
    public void handle(HttpRequest request, Exchange exchange) {
        String target = request.header("Host");
        if (target == null) {
            exchange.respond(HttpResponse.forbidden("no Host"));
            return;
        }
        int port = request.method().equals("CONNECT") ? 443 : 80;
        String host = target;
        if (target.startsWith("[")) {
            exchange.respond(HttpResponse.forbidden("IPv6 literals are not on the allow-list"));
            return;
        }
        int colon = target.lastIndexOf(':');
        if (colon >= 0) {
            String digits = target.substring(colon + 1);
            if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(Character::isDigit)) {
                exchange.respond(HttpResponse.forbidden("bad port"));
                return;
            }
            port = Integer.parseInt(digits);
            host = target.substring(0, colon);
        }
        String name = canonical(host.toLowerCase(Locale.ROOT));
        if (name == null || port < 1 || port > 65535 || !allowedPorts.contains(port) || !allowed(name)) {
            exchange.respond(HttpResponse.forbidden(target + " is not on the allow-list"));
            return;
        }
        exchange.forward("internet", request.withHeaders(request.headers().without("Proxy-Authorization")));
    }

    private boolean allowed(String name) {
        if (exact.contains(name)) {
            return true;
        }
        if (isIpv4(name)) {
            return false; // an address matches only an exact address entry
        }
        for (String suffix : suffixes) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** A host name without one trailing dot, if every label is letters, digits and inner hyphens; else null. */
    private static String canonical(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.length() > 253) {
            return null;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return null;
            }
            for (char c : label.toCharArray()) {
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    return null;
                }
            }
        }
        if (name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9') && !isIpv4(name)) {
            return null; // all digits but not a dotted quad: 167772165, 10.1, 010.0.0.1
        }
        return name;
    }

    private static boolean isIpv4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || part.length() > 1 && part.startsWith("0") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
