package dev.loadbearing.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytecode policy on its own, in this JVM: ordinary learner Java passes, and every rule
 * refuses what it names with the message the learner reads. Snippets are compiled with the
 * worker's compiler; no worker is started.
 */
@Tag("fast")
class BytecodePolicyTest {
    private static final InMemoryCompiler JAVAC = new InMemoryCompiler();
    private static final String IMPORTS = "import java.util.*; import java.util.concurrent.*; import java.util.concurrent.atomic.*; "
            + "import java.util.stream.*; import java.util.function.*; import java.io.*; import java.nio.*; import java.time.*;";

    /** A class whose run() starts with {@code body} on line 4; {@code members} follow, and {@code types} after the class. */
    private static String snippet(String body, String members, String types) {
        boolean returns = body.lines().anyMatch(l -> l.strip().startsWith("return "));
        return IMPORTS + "\npublic class Snippet {\n    Object run(List<Integer> list) throws Exception {\n        " + body
                + (returns ? "" : "\n        return null;") + "\n    }\n" + members + "\n}\n" + types + "\n";
    }

    /** What the policy says about a source file, as the learner reads it ("File.java:line: message"). */
    static List<String> check(String source) {
        InMemoryCompiler.Output out = JAVAC.compile(Map.of("Snippet.java", source), Map.of());
        assertTrue(out.errors().isEmpty(), () -> "does not compile: " + out.errors() + "\n" + source);
        var internal = new HashMap<String, byte[]>();
        out.classes().forEach((name, bytes) -> internal.put(name.replace('.', '/'), bytes));
        var policy = new BytecodePolicy(internal, Map.of("Snippet.java", source));
        internal.values().forEach(policy::check);
        return policy.violations().stream().map(BytecodePolicy.Violation::toString).toList();
    }

    static Stream<Arguments> ordinaryJava() {
        return Stream.of(
                Arguments.of("RuntimeException", snippet("if (list.isEmpty()) throw new RuntimeException(\"x\");", "", "")),
                Arguments.of("the common unchecked exceptions", snippet("""
                        if (list.size() == 1) throw new IllegalArgumentException("a");
                        if (list.size() == 2) throw new IllegalStateException("b");
                        if (list.size() == 3) throw new UnsupportedOperationException("c");
                        if (list.size() == 4) throw new ArithmeticException("d");
                        if (list.size() == 5) throw new IndexOutOfBoundsException(5);
                        if (list.size() == 6) throw new NullPointerException("f");
                        if (list.size() == 7) throw new NoSuchElementException("g");
                        if (list.size() == 8) throw new ConcurrentModificationException("h");
                        if (list.size() == 9) throw new ClassCastException("i");
                        try { Integer.parseInt("x"); } catch (NumberFormatException | ArrayStoreException e) { return e.getMessage(); }""", "", "")),
                Arguments.of("checked exceptions, own and the JDK's", snippet("""
                        try { fail(); } catch (Broken e) { throw new UncheckedIOException(new IOException(e.getMessage(), e)); }
                        try { list.hashCode(); } catch (IllegalMonitorStateException e) { }
                        if (list.isEmpty()) throw new TimeoutException("slow");
                        if (list.size() > 9) throw new ExecutionException("x", new CancellationException());
                        if (list.size() > 8) throw new CloneNotSupportedException();
                        if (list.size() > 7) throw new java.text.ParseException("p", 1);
                        if (list.size() > 6) throw new DateTimeException("t");""",
                        "    void fail() throws Broken { throw new Broken(\"no\"); }",
                        "class Broken extends Exception { Broken(String m) { super(m); } }")),
                Arguments.of("errors, assert, try-with-resources, finally, printStackTrace", snippet("""
                        assert !list.isEmpty() : "empty";
                        try (AutoCloseable c = () -> { }) { if (list.size() > 3) throw new OutOfMemoryError("too big"); }
                        catch (StackOverflowError | AssertionError e) { e.printStackTrace(); System.out.println(e.getCause() + " " + Arrays.toString(e.getSuppressed())); }
                        finally { System.out.println("done"); }""", "", "")),
                Arguments.of("atomics", snippet("""
                        AtomicInteger i = new AtomicInteger(); i.incrementAndGet(); i.compareAndSet(1, 2);
                        AtomicLong l = new AtomicLong(); l.addAndGet(3);
                        LongAdder adder = new LongAdder(); adder.increment(); adder.sum();
                        AtomicReference<String> ref = new AtomicReference<>("a"); ref.updateAndGet(s -> s + "b");
                        AtomicBoolean flag = new AtomicBoolean(); flag.set(true);
                        AtomicIntegerArray counts = new AtomicIntegerArray(4); counts.incrementAndGet(1);
                        LongAccumulator max = new LongAccumulator(Long::max, 0); max.accumulate(5);""", "", "")),
                Arguments.of("concurrent collections used on one thread", snippet("""
                        ConcurrentHashMap<String, Integer> m = new ConcurrentHashMap<>(); m.merge("a", 1, Integer::sum);
                        m.computeIfAbsent("b", k -> 2); for (String k : m.keySet()) { System.out.println(k); }
                        Set<String> seen = ConcurrentHashMap.newKeySet(); seen.add("x");
                        ConcurrentMap<String, Integer> cm = m; cm.putIfAbsent("c", 3);
                        Queue<Integer> q = new ConcurrentLinkedQueue<>(list); q.poll();
                        Deque<Integer> d = new ConcurrentLinkedDeque<>(); d.push(1);
                        ConcurrentSkipListMap<Integer, String> sorted = new ConcurrentSkipListMap<>(); sorted.put(1, "a"); sorted.firstKey();
                        List<Integer> cow = new CopyOnWriteArrayList<>(list); cow.add(1);
                        long seconds = TimeUnit.MILLISECONDS.toSeconds(2_500);""", "", "")),
                Arguments.of("records and enums", snippet("""
                        Point p = new Point(1, 2); System.out.println(p + " " + p.equals(new Point(1, 2)) + p.hashCode());
                        for (Color c : Color.values()) { System.out.println(c.name() + c.ordinal() + c.shade()); }
                        Color c = Color.valueOf("RED");
                        EnumMap<Color, Integer> byColor = new EnumMap<>(Color.class); byColor.put(c, 1);
                        switch (c) { case RED -> System.out.println("r"); default -> System.out.println("other"); }""", "",
                        """
                        record Point(int x, int y) { Point { if (x < 0) throw new IllegalArgumentException("x"); } }
                        enum Color { RED { String shade() { return "warm"; } }, BLUE; String shade() { return "cool"; } }""")),
                Arguments.of("streams and Optional", snippet("""
                        Map<Boolean, List<Integer>> parts = list.stream().filter(x -> x > 0).map(x -> x * 2)
                                .collect(Collectors.partitioningBy(x -> x % 3 == 0));
                        int sum = IntStream.range(0, 10).map(x -> x * x).sum();
                        Optional<Integer> first = list.stream().sorted(Comparator.reverseOrder()).findFirst();
                        String s = first.map(String::valueOf).orElse("none");
                        Iterable<Integer> it = list;
                        long n = StreamSupport.stream(it.spliterator(), false).count();
                        return Stream.of("a", "b").collect(Collectors.joining(",")) + parts + sum + s + n;""", "", "")),
                Arguments.of("strings: format, text blocks, builders", snippet("""
                        String f = String.format(Locale.ROOT, "%d items, %.2f%%", list.size(), 12.5);
                        String block = \"""
                            a text block
                            with %s
                            \""".formatted(f);
                        StringBuilder sb = new StringBuilder(); sb.append(block).append('x'); sb.setLength(sb.length() - 1);
                        sb.reverse(); sb.insert(0, 1); sb.charAt(0); sb.indexOf("a");
                        return sb.toString().strip().toUpperCase(Locale.ROOT) + String.join("-", List.of("a")) + "x".repeat(3);""", "", "")),
                Arguments.of("nested, inner, local and anonymous classes", snippet("""
                        Counter c = new Counter(); Inner in = new Inner(); in.bump();
                        class Local { int twice(int x) { return 2 * x; } }
                        Comparator<Integer> byValue = new Comparator<>() { public int compare(Integer a, Integer b) { return a - b; } };
                        return new Local().twice(c.count) + byValue.compare(1, 2) + total;""",
                        """
                            private int total;
                            static final class Counter { int count; }
                            final class Inner { void bump() { total++; } }
                        """, "")),
                Arguments.of("instanceof patterns and switch expressions", snippet("""
                        Object o = list.isEmpty() ? "text" : list.get(0);
                        if (o instanceof String s && !s.isEmpty()) { System.out.println(s.length()); }
                        int size = switch (o.getClass().getSimpleName()) { case "String" -> 1; case "Integer" -> { int x = 2; yield x; } default -> 0; };
                        String kind = o instanceof Integer i ? "int " + i : "other";
                        return kind + size;""", "", "")),
                Arguments.of("collections, math and time arithmetic", snippet("""
                        List<Integer> copy = new ArrayList<>(list); Collections.sort(copy); Collections.shuffle(copy, null == null ? new java.util.Random(1) : null);""".replace(
                                " Collections.shuffle(copy, null == null ? new java.util.Random(1) : null);", "") + """

                        Map<String, List<Integer>> groups = new TreeMap<>(); groups.computeIfAbsent("a", k -> new ArrayList<>()).add(1);
                        Deque<Integer> dq = new ArrayDeque<>(); PriorityQueue<Integer> pq = new PriorityQueue<>(Comparator.reverseOrder());
                        BitSet bits = new BitSet(); bits.set(3); Iterator<Integer> iter = copy.iterator(); while (iter.hasNext()) { iter.next(); }
                        int[] a = {3, 1, 2}; Arrays.sort(a); int[] b = a.clone(); Arrays.fill(b, 0);
                        double r = Math.sqrt(2) + Math.floorMod(-3, 5) + Math.max(1, 2) + Integer.parseInt("4") + Character.getNumericValue('7');
                        java.math.BigDecimal money = new java.math.BigDecimal("1.10").add(java.math.BigDecimal.ONE);
                        Duration d = Duration.ofMillis(1500).plusSeconds(1); LocalDate day = LocalDate.of(2024, 1, 31).plusDays(1);
                        ByteBuffer buffer = ByteBuffer.allocate(16); buffer.putInt(4).flip();
                        return Objects.hash(copy, groups, dq, pq, bits, r, money, d, day, buffer.remaining(), HexFormat.of().toHexDigits((byte) 1),
                                getClass().getSimpleName(), Objects.requireNonNull(list), Map.entry("k", 1));""", "", "")),
                Arguments.of("interfaces with default and static methods, generics", snippet("""
                        Shape sq = () -> 4.0;
                        return sq.describe() + Shape.unit().area() + Pair.of(1, "a").second();""", "",
                        """
                        interface Shape { double area(); default String describe() { return "area " + area(); } static Shape unit() { return () -> 1.0; } }
                        record Pair<A, B>(A first, B second) { static <A, B> Pair<A, B> of(A a, B b) { return new Pair<>(a, b); } }""")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordinaryJava")
    void ordinary_learner_java_is_allowed(String what, String source) {
        assertEquals(List.of(), check(source));
    }

    /**
     * The refused snippets compiled in one javac run (each as its own class), so the table costs
     * one compilation rather than one per rule.
     */
    private static final Map<String, List<String>> REFUSED = checkAll(refused().map(a -> (String) a.get()[0]).toList());

    private static Map<String, List<String>> checkAll(List<String> bodies) {
        var files = new HashMap<String, String>();
        for (int i = 0; i < bodies.size(); i++) {
            files.put("Snippet" + i + ".java", snippet(bodies.get(i), "", "").replace("class Snippet ", "class Snippet" + i + " "));
        }
        InMemoryCompiler.Output out = JAVAC.compile(files, Map.of());
        assertTrue(out.errors().isEmpty(), () -> "does not compile: " + out.errors());
        var results = new HashMap<String, List<String>>();
        for (int i = 0; i < bodies.size(); i++) {
            String file = "Snippet" + i + ".java";
            var internal = new HashMap<String, byte[]>();
            out.classes().forEach((name, bytes) -> {
                if (file.equals(out.origin().get(name))) {
                    internal.put(name.replace('.', '/'), bytes);
                }
            });
            var policy = new BytecodePolicy(internal, Map.of(file, files.get(file)));
            internal.values().forEach(policy::check);
            results.put(bodies.get(i), policy.violations().stream().map(v -> v.toString().replace(file, "Snippet.java")).toList());
        }
        return results;
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // Threads, timers and everything that waits
                Arguments.of("Thread.sleep(10);", "java.lang.Thread is not available in exercises: " + threads()),
                Arguments.of("TimeUnit.SECONDS.sleep(1);", "java.util.concurrent.TimeUnit.sleep is not available in exercises: " + threads()),
                Arguments.of("TimeUnit.SECONDS.timedWait(this, 1);", "java.util.concurrent.TimeUnit.timedWait is not available in exercises: " + threads()),
                Arguments.of("synchronized (this) { wait(); }", "java.lang.Object.wait is not available in exercises: wait() and notify() coordinate threads, and exercises run on one simulated thread"),
                Arguments.of("synchronized (list) { list.wait(5); }", "java.lang.Object.wait is not available in exercises: wait() and notify() coordinate threads, and exercises run on one simulated thread"),
                Arguments.of("synchronized (this) { notifyAll(); }", "java.lang.Object.notifyAll is not available in exercises: wait() and notify() coordinate threads, and exercises run on one simulated thread"),
                Arguments.of("Executors.newFixedThreadPool(2);", "java.util.concurrent.Executors is not available in exercises: " + threads()),
                Arguments.of("java.util.concurrent.locks.LockSupport.park();", "java.util.concurrent.locks.LockSupport is not available in exercises: " + threads()),
                Arguments.of("new LinkedBlockingQueue<Integer>().take();", "java.util.concurrent.LinkedBlockingQueue is not available in exercises: " + threads()),
                Arguments.of("CompletableFuture.runAsync(() -> { });", "java.util.concurrent.CompletableFuture is not available in exercises: " + threads()),
                Arguments.of("new java.util.Timer();", "java.util.Timer is not available in exercises: " + threads()),
                Arguments.of("ThreadLocal<String> t = ThreadLocal.withInitial(() -> \"a\");", "java.lang.ThreadLocal is not available in exercises: " + threads()),
                Arguments.of("System.out.println(Thread.State.NEW);", "java.lang.Thread.State is not available in exercises: " + threads()),
                Arguments.of("new java.lang.ref.WeakReference<>(list);", "java.lang.ref.WeakReference is not available in exercises: " + threads()),
                // Parallel streams
                Arguments.of("list.parallelStream().count();", "java.util.Collection.parallelStream (called as java.util.List.parallelStream) is not available in exercises: " + parallel()),
                Arguments.of("new ArrayList<>(list).parallelStream().count();", "java.util.Collection.parallelStream (called as java.util.ArrayList.parallelStream) is not available in exercises: " + parallel()),
                Arguments.of("list.stream().parallel().count();", "java.util.stream.BaseStream.parallel (called as java.util.stream.Stream.parallel) is not available in exercises: " + parallel()),
                Arguments.of("IntStream.range(0, 9).parallel().sum();", "java.util.stream.IntStream.parallel is not available in exercises: " + parallel()),
                Arguments.of("StreamSupport.stream(list.spliterator(), true).count();", "java.util.stream.StreamSupport.stream with parallel = true is not available in exercises: " + parallel() + "; pass false"),
                Arguments.of("boolean p = list.size() > 1; StreamSupport.stream(list.spliterator(), p).count();", "java.util.stream.StreamSupport.stream with parallel = true is not available in exercises: " + parallel() + "; pass false"),
                Arguments.of("Arrays.parallelSort(new int[3]);", "java.util.Arrays.parallelSort is not available in exercises: parallel operations run on other threads: use Arrays.sort"),
                Arguments.of("new ConcurrentHashMap<String, Integer>().forEach(1L, (k, v) -> { });", "java.util.concurrent.ConcurrentHashMap.forEach is not available in exercises: parallel operations run on other threads"),
                // Direct memory, by the class that declares it
                Arguments.of("ByteBuffer.allocateDirect(8);", "java.nio.ByteBuffer.allocateDirect is not available in exercises: direct memory is not available in exercises: use ByteBuffer.allocate"),
                Arguments.of("MappedByteBuffer.allocateDirect(8);", "java.nio.ByteBuffer.allocateDirect (called as java.nio.MappedByteBuffer.allocateDirect) is not available in exercises: direct memory is not available in exercises: use ByteBuffer.allocate"),
                // Stack traces reach into the hidden tests
                Arguments.of("System.out.println(new Throwable().getStackTrace()[1]);", "java.lang.Throwable.getStackTrace is not available in exercises: " + stack()),
                Arguments.of("new RuntimeException().getStackTrace();", "java.lang.Throwable.getStackTrace (called as java.lang.RuntimeException.getStackTrace) is not available in exercises: " + stack()),
                Arguments.of("StackWalker.getInstance();", "java.lang.StackWalker is not available in exercises: reflection and method handles are not available in exercises: call methods directly"),
                // Processes, the runtime, the JVM's settings
                Arguments.of("Runtime.getRuntime().halt(0);", "java.lang.Runtime is not available in exercises: starting processes or touching the JVM runtime is not available in exercises"),
                Arguments.of("new ProcessBuilder(\"id\").start();", "java.lang.ProcessBuilder is not available in exercises: starting processes or touching the JVM runtime is not available in exercises"),
                Arguments.of("ProcessHandle.current();", "java.lang.ProcessHandle is not available in exercises: starting processes or touching the JVM runtime is not available in exercises"),
                Arguments.of("System.exit(1);", "java.lang.System.exit is not available in exercises: System.exit would stop the grader: return a value or throw an exception instead"),
                Arguments.of("System.getenv(\"HOME\");", "java.lang.System.getenv is not available in exercises: " + global()),
                Arguments.of("System.getLogger(\"x\");", "java.lang.System.getLogger is not available in exercises: " + global()),
                Arguments.of("System.currentTimeMillis();", "java.lang.System.currentTimeMillis is not available in exercises: " + clock()),
                Arguments.of("System.nanoTime();", "java.lang.System.nanoTime is not available in exercises: " + clock()),
                Arguments.of("Object in = System.in;", "java.lang.System.in is not available in exercises: reading input is not available in exercises: the tests call your methods with their inputs"),
                Arguments.of("System.loadLibrary(\"x\");", "java.lang.System.loadLibrary is not available in exercises: native code (JNI) is not available in exercises"),
                Arguments.of("Integer.getInteger(\"x\");", "java.lang.Integer.getInteger is not available in exercises: " + global()),
                Arguments.of("Locale.setDefault(Locale.ROOT);", "java.util.Locale.setDefault is not available in exercises: " + global()),
                Arguments.of("TimeZone.getDefault();", "java.util.TimeZone is not available in exercises: " + global()),
                Arguments.of("new Properties();", "java.util.Properties is not available in exercises: " + global()),
                // Clocks and randomness
                Arguments.of("Instant.now();", "java.time.Instant.now is not available in exercises: " + clock()),
                Arguments.of("LocalDateTime.now();", "java.time.LocalDateTime.now is not available in exercises: " + clock()),
                Arguments.of("Clock.systemUTC();", "java.time.Clock is not available in exercises: " + clock()),
                Arguments.of("new Date();", "java.util.Date is not available in exercises: " + clock()),
                Arguments.of("Calendar.getInstance();", "java.util.Calendar is not available in exercises: " + clock()),
                Arguments.of("new Random().nextInt();", "java.util.Random is not available in exercises: " + random()),
                Arguments.of("ThreadLocalRandom.current().nextInt();", "java.util.concurrent.ThreadLocalRandom is not available in exercises: " + random()),
                Arguments.of("Math.random();", "java.lang.Math.random is not available in exercises: " + random()),
                Arguments.of("UUID.randomUUID();", "java.util.UUID.randomUUID is not available in exercises: " + random()),
                Arguments.of("java.util.random.RandomGenerator.getDefault();", "java.util.random.RandomGenerator is not available in exercises: " + random()),
                // Files, input, other streams, the network
                Arguments.of("new File(\"/etc/passwd\").exists();", "java.io.File is not available in exercises: " + files()),
                Arguments.of("new FileReader(\"/etc/passwd\");", "java.io.FileReader is not available in exercises: " + files()),
                Arguments.of("java.nio.file.Files.size(null);", "java.nio.file.Files is not available in exercises: " + files()),
                Arguments.of("new Formatter(\"out.txt\");", "java.util.Formatter is not available in exercises: " + files()),
                Arguments.of("new Scanner(\"1 2\");", "java.util.Scanner is not available in exercises: reading input is not available in exercises: the tests call your methods with their inputs"),
                Arguments.of("new StringWriter();", "java.io.StringWriter is not available in exercises: print with System.out.println; other streams are not available in exercises"),
                Arguments.of("System.setOut(System.err);", "java.lang.System.setOut is not available in exercises: " + global()),
                Arguments.of("new java.net.Socket(\"localhost\", 80);", "java.net.Socket is not available in exercises: the network is not available in exercises: use the simulated Network (dev.loadbearing.sim.net.Network)"),
                // Reflection, loaders, internals, the grader
                Arguments.of("getClass().getDeclaredFields();", "java.lang.Class.getDeclaredFields is not available in exercises: reflection and method handles are not available in exercises: call methods directly"),
                Arguments.of("Class.forName(\"X\");", "java.lang.Class.forName is not available in exercises: reflection and method handles are not available in exercises: call methods directly"),
                Arguments.of("java.lang.invoke.MethodHandles.lookup();", "java.lang.invoke.MethodHandles is not available in exercises: reflection and method handles are not available in exercises: call methods directly"),
                Arguments.of("java.lang.reflect.Array.newInstance(String.class, 1);", "java.lang.reflect.Array is not available in exercises: reflection and method handles are not available in exercises: call methods directly"),
                Arguments.of("ClassLoader.getSystemClassLoader();", "java.lang.ClassLoader is not available in exercises: class loaders and modules are not available in exercises"),
                Arguments.of("ModuleLayer.boot();", "java.lang.ModuleLayer is not available in exercises: class loaders and modules are not available in exercises"),
                Arguments.of("ServiceLoader.load(Runnable.class);", "java.util.ServiceLoader is not available in exercises: class loaders and modules are not available in exercises"),
                Arguments.of("System.out.println(sun.misc.Unsafe.class);", "sun.misc.Unsafe is not available in exercises: JDK internals are not available in exercises"),
                Arguments.of("org.junit.jupiter.api.Assumptions.assumeTrue(false);", "org.junit.jupiter.api.Assumptions is not available in exercises: the test framework and the grader are not available to exercise code"),
                Arguments.of("new org.opentest4j.TestAbortedException(\"x\");", "org.opentest4j.TestAbortedException is not available in exercises: the test framework and the grader are not available to exercise code"),
                Arguments.of("System.out.println(dev.loadbearing.sandbox.Frames.class);", "dev.loadbearing.sandbox.Frames is not available in exercises: the test framework and the grader are not available to exercise code"),
                Arguments.of("java.util.logging.Logger.getGlobal();", "java.util.logging.Logger is not available in exercises: it is not on the list of classes exercises may use"),
                Arguments.of("System.out.println(Character.UnicodeBlock.BASIC_LATIN);", "java.lang.Character.UnicodeBlock is not available in exercises: it is not on the list of classes exercises may use"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void each_rule_refuses_with_the_learner_facing_message(String body, String message) {
        assertEquals(List.of("Snippet.java:4: " + message), REFUSED.get(body));
    }

    @Test
    void declarations_are_refused_at_their_line() {
        assertEquals(List.of("Snippet.java:7: native method escape(): native code (JNI) is not available in exercises"),
                check(snippet("", "    private static native void escape();", "")));
        assertEquals(List.of("Snippet.java:7: finalize() runs on a JVM thread outside the tests; exercises may not declare it"),
                check(snippet("", "    @Override protected void finalize() { }", "")));
        assertEquals(List.of("Snippet.java:7: java.lang.Thread is not available in exercises: " + threads()),
                check(snippet("", "    static class Worker extends Thread { }", "")));
    }

    @Test
    void a_member_inherited_by_a_learner_class_is_checked_where_it_is_declared() {
        assertEquals(List.of("Snippet.java:4: java.util.Collection.parallelStream is not available in exercises: " + parallel()),
                check(snippet("new Bag().parallelStream().count();", "", "class Bag extends ArrayList<Integer> { }")));
        assertEquals(List.of("Snippet.java:4: java.lang.Object.wait is not available in exercises: wait() and notify() coordinate threads, and exercises run on one simulated thread"),
                check(snippet("Bag b = new Bag(); synchronized (b) { b.wait(); }", "", "class Bag { }")));
    }

    @Test
    void a_class_rule_is_exact_and_the_most_specific_rule_wins() {
        var policy = new BytecodePolicy(Map.of(), Map.of());
        assertNull(policy.typeProblem("java/lang/RuntimeException"), "java/lang/Runtime must not match by prefix");
        assertNull(policy.typeProblem("java/util/RandomAccess"), "java/util/Random must not match by prefix");
        assertNull(policy.typeProblem("java/io/FileNotFoundException"), "exceptions are allowed wherever they live");
        assertNull(policy.typeProblem("java/util/concurrent/atomic/AtomicInteger"), "the atomic package beats the concurrent tree");
        assertNull(policy.typeProblem("java/util/concurrent/TimeoutException"));
        assertNotNull(policy.typeProblem("java/util/concurrent/atomic/nested/Anything"), "an allowed package does not allow its subpackages");
        assertNotNull(policy.typeProblem("java/lang/System$Logger"), "an allowed class does not allow its nested classes");
        assertNotNull(policy.typeProblem("java/lang/Thread$State"), "a denied class denies its nested classes");
        assertNotNull(policy.typeProblem("org/opentest4j/AssertionFailedError"), "the test framework's exceptions stay refused");
    }

    @Test
    void every_rule_decides_the_types_it_covers() {
        var policy = new BytecodePolicy(Map.of(), Map.of());
        for (BytecodePolicy.Rule rule : BytecodePolicy.RULES) {
            String example = rule.scope() == BytecodePolicy.Scope.CLASS ? rule.name() : rule.name() + "/SomeType";
            String expected = rule.why() != null ? rule.why()
                    : rule.scope() == BytecodePolicy.Scope.CLASS || rule.scope() == BytecodePolicy.Scope.PACKAGE ? null : BytecodePolicy.NOT_LISTED;
            assertEquals(expected, policy.typeProblem(example), rule::toString);
            if (rule.scope() == BytecodePolicy.Scope.TREE) {
                assertEquals(expected, policy.typeProblem(rule.name() + "/sub/SomeType"), () -> rule + " covers subpackages");
            }
        }
        assertFalse(BytecodePolicy.RULES.isEmpty());
    }

    private static String threads() {
        return "threads and timers are not available in exercises: the simulation runs everything on one thread in virtual time; the model calls your code when something happens, and a Node schedules its own work with setTimer(...)";
    }

    private static String parallel() {
        return "parallel streams and operations run your code on other threads: leave the stream sequential (stream(), not parallelStream())";
    }

    private static String stack() {
        return "the stack trace reaches into the hidden tests, so exercises cannot read it: use e.getMessage() or e.toString(), or print it with e.printStackTrace()";
    }

    private static String global() {
        return "changing or reading JVM-wide settings (system properties, environment, default locale or time zone) is not available in exercises";
    }

    private static String clock() {
        return "wall-clock time is not available in exercises: read the simulation's virtual clock (sim.now(), or a request's createdAt())";
    }

    private static String random() {
        return "use a RandomStream of the simulation (the one your class is given, or sim.random(\"name\")), so every run gives the same result";
    }

    private static String files() {
        return "files are not available in exercises: keep data in memory (a Map or a List), or use the simulation's storage models";
    }
}
