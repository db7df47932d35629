package dev.loadbearing.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every exercise's rule that learner classes keep constants in static fields, never state: state
 * there would carry over from one test to the next (a router's static directory of where every key
 * went passed the tests it should fail). Constants of every usual kind stay allowed.
 */
@Tag("fast")
class StaticStateRuleTest {
    private static final InMemoryCompiler JAVAC = new InMemoryCompiler();

    private static List<String> check(Map<String, String> sources) {
        InMemoryCompiler.Output out = JAVAC.compile(sources, Map.of());
        assertTrue(out.errors().isEmpty(), () -> "does not compile: " + out.errors());
        var internal = new HashMap<String, byte[]>();
        out.classes().forEach((name, bytes) -> internal.put(name.replace('.', '/'), bytes));
        var policy = new BytecodePolicy(internal, sources);
        new java.util.TreeMap<>(internal).values().forEach(policy::check);
        return policy.violations().stream().map(BytecodePolicy.Violation::toString).toList();
    }

    private static List<String> check(String source) {
        return check(Map.of("Router.java", source));
    }

    @Test
    void constants_of_every_usual_kind_are_fine() {
        assertEquals(List.of(), check("""
                import java.util.*;
                public final class Router {
                    static final int POINTS = 160;
                    private static final long SEED = 0x9E3779B97F4A7C15L;
                    static final double SHARE = 0.05;
                    static final String PREFIX = "shard-";
                    static final Integer BOXED = 7;
                    static final List<String> NAMES = List.of("a", "b");
                    static final Map<String, Integer> WEIGHTS = Map.of("a", 5, "b", 1);
                    static final Set<Integer> PRIMES = Set.copyOf(List.of(2, 3, 5));
                    static final List<Integer> EMPTY = Collections.emptyList();
                    static final Point ORIGIN = new Point(0, 0);
                    static final Mode DEFAULT = Mode.FAST;
                    enum Mode { FAST, SLOW }
                    record Point(int x, int y) {}
                    private final Map<String, Integer> perInstance = new HashMap<>();   // instance state: fine
                    private int next;
                    int pick(int n) { int[] local = new int[n]; return local.length + next++ + perInstance.size(); }
                }
                """));
    }

    @Test
    void a_static_directory_of_where_keys_went_is_refused_with_the_reason() {
        List<String> found = check("""
                import java.util.*;
                public final class Router {
                    private static final Map<String, String> DIRECTORY = new HashMap<>();
                    String route(String key) { return DIRECTORY.computeIfAbsent(key, k -> "a"); }
                }
                """);
        assertEquals(List.of("Router.java:3: the static field \"static final HashMap DIRECTORY\" is not set from List.of, Set.of,"
                .replace("HashMap", "Map") + " Map.of or copyOf, so its contents can change: a static field outlives the instance each"
                + " test makes, so state kept there carries over from one test to the next (and is shared by every instance):"
                + " keep state in instance fields, and use static fields only for constants (numbers, strings, List.of/Set.of/Map.of"
                + " values)"), found);
    }

    @Test
    void every_other_way_to_keep_state_in_a_static_field_is_refused() {
        List<String> found = check(Map.of("Router.java", """
                import java.util.*;
                import java.util.concurrent.atomic.AtomicInteger;
                public final class Router {
                    static int calls;
                    static final int[] COUNTS = new int[4];
                    static final ArrayList<String> SEEN = new ArrayList<>();
                    static final AtomicInteger NEXT = new AtomicInteger();
                    static final StringBuilder LOG = new StringBuilder();
                    static final Memory MEMORY = new Memory();
                    static final List<String> WRAPPED = Collections.synchronizedList(new ArrayList<>());
                    static final List<int[]> BOXES = List.of(new int[1]);
                    static final List<Object> ANYTHING = List.of(new ArrayList<String>());
                    @SuppressWarnings("rawtypes") static final List RAW = List.of();
                    static final Map<String, List<Memory>> NESTED = Map.of();
                    int route() { calls++; return calls; }
                }
                """, "Memory.java", """
                import java.util.*;
                final class Memory {
                    final Map<String, String> answers = new HashMap<>();
                }
                """));
        assertEquals(11, found.size(), String.join("\n", found));
        assertTrue(found.get(0).startsWith("Router.java:4: the static field \"static int calls\" is not final"), found.get(0));
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:5:") && f.contains("holds an array")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:6:") && f.contains("holds an ArrayList, which can change")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:7:") && f.contains("AtomicInteger")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:8:") && f.contains("StringBuilder")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:9:") && f.contains("a Memory, whose fields can change")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:10:") && f.contains("WRAPPED")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:11:") && f.contains("holds a collection of arrays, which can"
                + " change even in an unmodifiable collection")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:12:") && f.contains("a collection of Object values")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:13:") && f.contains("unknown elements")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("Router.java:14:") && f.contains("a collection of Memory values")), found.toString());
    }
}
