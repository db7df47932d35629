package dev.loadbearing.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The allowlist every learner class must pass before it is defined. Learner code may use its own
 * classes, the simulation library's learner API ({@link LearnerApiPolicy}), and a list of plain JDK types (strings, numbers, collections,
 * streams, math, exceptions); everything else (files, network, threads, clocks, reflection,
 * processes, class loaders, native code, global settings) is refused with the source line and
 * what to use instead. It checks superclasses, interfaces, declared fields and methods,
 * annotations, every instruction's class and member, {@code invokedynamic} bootstraps and
 * constants. This is defence in depth: the worker also runs in an OS sandbox.
 */
final class BytecodePolicy {
    /** Violations reported per job; more are counted, not listed. */
    static final int MAX_VIOLATIONS = 20;

    private static final String FILES = "files are not available in exercises: keep data in memory (a Map or a List), or use the simulation's storage models";
    private static final String NETWORK = "the network is not available in exercises: use the simulated Network (dev.loadbearing.sim.net.Network)";
    private static final String THREADS = "threads and timers are not available in exercises: the simulation runs everything on one thread in virtual time; the model calls your code when something happens, and a Node schedules its own work with setTimer(...)";
    private static final String REFLECTION = "reflection and method handles are not available in exercises: call methods directly";
    private static final String PROCESSES = "starting processes or touching the JVM runtime is not available in exercises";
    private static final String LOADERS = "class loaders and modules are not available in exercises";
    private static final String INTERNALS = "JDK internals are not available in exercises";
    private static final String RANDOM = "use a RandomStream of the simulation (the one your class is given, or sim.random(\"name\")), so every run gives the same result";
    private static final String CLOCK = "wall-clock time is not available in exercises: read the simulation's virtual clock (sim.now(), or a request's createdAt())";
    private static final String GRADER = "the test framework and the grader are not available to exercise code";
    private static final String GLOBAL = "changing or reading JVM-wide settings (system properties, environment, default locale or time zone) is not available in exercises";
    private static final String NATIVE = "native code (JNI) is not available in exercises";
    private static final String OUTPUT = "print with System.out.println; other streams are not available in exercises";
    private static final String INPUT = "reading input is not available in exercises: the tests call your methods with their inputs";
    private static final String PARALLEL = "parallel streams and operations run your code on other threads: leave the stream sequential (stream(), not parallelStream())";
    private static final String STACK = "the stack trace reaches into the hidden tests, so exercises cannot read it: use e.getMessage() or e.toString(), or print it with e.printStackTrace()";

    /** What a rule covers: one class (and its nested classes, when denied), one package, or a package and its subpackages. */
    enum Scope { CLASS, PACKAGE, TREE }

    /**
     * One rule of the allowlist.
     *
     * @param scope what it covers
     * @param name  internal name of the class or package ({@code java/util})
     * @param why   why a type it covers is refused, or null when it is allowed
     */
    record Rule(Scope scope, String name, String why) {}

    /**
     * The rules, matched by exact name: the most specific rule that covers a type decides (the
     * class itself, then its enclosing classes' denials, then its package, then the nearest
     * enclosing package tree). A prefix of a name never matches, so {@code java/lang/Runtime}
     * says nothing about {@code java/lang/RuntimeException}.
     */
    static final List<Rule> RULES = rules();

    private static List<Rule> rules() {
        var r = new ArrayList<Rule>();
        java.util.function.BiConsumer<String, String[]> classes = (why, names) -> {
            for (String n : names) {
                r.add(new Rule(Scope.CLASS, n, why));
            }
        };
        java.util.function.BiConsumer<String, String[]> trees = (why, names) -> {
            for (String n : names) {
                r.add(new Rule(Scope.TREE, n, why));
            }
        };
        // Allowed: plain data, text, numbers, collections, streams, time arithmetic and buffers.
        for (String pkg : List.of("java/util", "java/util/function", "java/util/stream", "java/util/regex",
                "java/util/concurrent/atomic", "java/math", "java/text", "java/time", "java/time/temporal",
                "java/time/format", "java/nio", "java/nio/charset")) {
            r.add(new Rule(Scope.PACKAGE, pkg, null));
        }
        classes.accept(null, new String[] {
            "java/lang/Object", "java/lang/String", "java/lang/StringBuilder", "java/lang/StringBuffer", "java/lang/Math",
            "java/lang/StrictMath", "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
            "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float", "java/lang/Number",
            "java/lang/Comparable", "java/lang/CharSequence", "java/lang/Iterable", "java/lang/AutoCloseable",
            "java/lang/Runnable", "java/lang/Enum", "java/lang/Record", "java/lang/Void", "java/lang/Cloneable",
            "java/lang/Override", "java/lang/FunctionalInterface", "java/lang/SuppressWarnings", "java/lang/Deprecated",
            "java/lang/SafeVarargs", "java/lang/Throwable", "java/lang/StackTraceElement", "java/lang/Appendable",
            "java/lang/System", "java/lang/Class",
            "java/io/PrintStream", "java/io/Serializable",
            // Concurrent collections are ordinary collections when used on one thread.
            "java/util/concurrent/ConcurrentHashMap", "java/util/concurrent/ConcurrentHashMap$KeySetView",
            "java/util/concurrent/ConcurrentLinkedQueue", "java/util/concurrent/ConcurrentLinkedDeque",
            "java/util/concurrent/ConcurrentSkipListMap", "java/util/concurrent/ConcurrentSkipListSet",
            "java/util/concurrent/ConcurrentMap", "java/util/concurrent/ConcurrentNavigableMap",
            "java/util/concurrent/CopyOnWriteArrayList", "java/util/concurrent/CopyOnWriteArraySet",
            "java/util/concurrent/TimeUnit"});
        trees.accept(FILES, new String[] {"java/nio/file", "java/nio/channels", "java/util/prefs"});
        classes.accept(FILES, new String[] {"java/io/File", "java/io/FileInputStream", "java/io/FileOutputStream",
            "java/io/FileReader", "java/io/FileWriter", "java/io/FileDescriptor", "java/io/RandomAccessFile",
            "java/io/FileFilter", "java/io/FilenameFilter", "java/util/ResourceBundle", "java/util/PropertyResourceBundle",
            "java/util/ListResourceBundle", "java/util/Formatter"});
        r.add(new Rule(Scope.PACKAGE, "java/io", OUTPUT));
        trees.accept(NETWORK, new String[] {"java/net", "javax/net", "java/rmi"});
        classes.accept(THREADS, new String[] {"java/lang/Thread", "java/lang/ThreadGroup", "java/lang/ThreadLocal",
            "java/lang/InheritableThreadLocal", "java/util/Timer", "java/util/TimerTask"});
        trees.accept(THREADS, new String[] {"java/util/concurrent", "java/lang/ref"});
        trees.accept(REFLECTION, new String[] {"java/lang/reflect", "java/lang/invoke"});
        classes.accept(REFLECTION, new String[] {"java/lang/StackWalker"});
        classes.accept(PROCESSES, new String[] {"java/lang/Runtime", "java/lang/Process", "java/lang/ProcessBuilder",
            "java/lang/ProcessHandle", "java/lang/System$Logger", "java/lang/System$LoggerFinder"});
        classes.accept(LOADERS, new String[] {"java/lang/ClassLoader", "java/lang/Module", "java/lang/ModuleLayer",
            "java/util/ServiceLoader"});
        trees.accept(NATIVE, new String[] {"java/lang/foreign"});
        classes.accept(RANDOM, new String[] {"java/util/Random", "java/security/SecureRandom", "java/util/SplittableRandom",
            "java/util/concurrent/ThreadLocalRandom"});
        trees.accept(RANDOM, new String[] {"java/util/random"});
        classes.accept(CLOCK, new String[] {"java/time/Clock", "java/util/Date", "java/util/Calendar", "java/util/GregorianCalendar"});
        classes.accept(GLOBAL, new String[] {"java/util/TimeZone", "java/util/SimpleTimeZone", "java/util/Properties"});
        classes.accept(INPUT, new String[] {"java/util/Scanner"});
        trees.accept(INTERNALS, new String[] {"sun", "jdk", "com/sun"});
        trees.accept(GRADER, new String[] {"org/junit", "org/opentest4j", "org/objectweb", "dev/loadbearing"});
        return List.copyOf(r);
    }

    private static final Map<String, Rule> CLASS_RULES = index(Scope.CLASS);
    private static final Map<String, Rule> PACKAGE_RULES = index(Scope.PACKAGE);
    private static final Map<String, Rule> TREE_RULES = index(Scope.TREE);

    private static Map<String, Rule> index(Scope scope) {
        var map = new java.util.HashMap<String, Rule>();
        for (Rule rule : RULES) {
            if (rule.scope() == scope && map.put(rule.name(), rule) != null) {
                throw new IllegalStateException("two rules for " + rule.name());
            }
        }
        return Map.copyOf(map);
    }

    /** Why a type is refused when no rule covers it. */
    static final String NOT_LISTED = "it is not on the list of classes exercises may use";

    /** Members that are refused on otherwise allowed types: "owner.name" and why. */
    private static final Map<String, String> DENIED_MEMBERS = Map.ofEntries(
            Map.entry("java/lang/System.exit", "System.exit would stop the grader: return a value or throw an exception instead"),
            Map.entry("java/lang/System.currentTimeMillis", CLOCK), Map.entry("java/lang/System.nanoTime", CLOCK),
            Map.entry("java/lang/System.load", NATIVE), Map.entry("java/lang/System.loadLibrary", NATIVE),
            Map.entry("java/lang/System.mapLibraryName", NATIVE),
            Map.entry("java/lang/System.in", INPUT),
            Map.entry("java/lang/Math.random", RANDOM), Map.entry("java/lang/StrictMath.random", RANDOM),
            Map.entry("java/lang/Integer.getInteger", GLOBAL), Map.entry("java/lang/Long.getLong", GLOBAL),
            Map.entry("java/lang/Boolean.getBoolean", GLOBAL),
            Map.entry("java/lang/Object.wait", "wait() and notify() coordinate threads, and exercises run on one simulated thread"),
            Map.entry("java/lang/Object.notify", "wait() and notify() coordinate threads, and exercises run on one simulated thread"),
            Map.entry("java/lang/Object.notifyAll", "wait() and notify() coordinate threads, and exercises run on one simulated thread"),
            Map.entry("java/lang/Object.finalize", THREADS),
            Map.entry("java/util/UUID.randomUUID", RANDOM), Map.entry("java/util/Locale.setDefault", GLOBAL),
            Map.entry("java/util/Collection.parallelStream", PARALLEL),
            Map.entry("java/util/Arrays.parallelSort", "parallel operations run on other threads: use Arrays.sort"),
            Map.entry("java/util/Arrays.parallelPrefix", "parallel operations run on other threads"),
            Map.entry("java/util/Arrays.parallelSetAll", "parallel operations run on other threads: use Arrays.setAll"),
            Map.entry("java/util/concurrent/TimeUnit.sleep", THREADS), Map.entry("java/util/concurrent/TimeUnit.timedWait", THREADS),
            Map.entry("java/util/concurrent/TimeUnit.timedJoin", THREADS),
            Map.entry("java/lang/Throwable.getStackTrace", STACK), Map.entry("java/lang/Throwable.setStackTrace", STACK),
            Map.entry("java/nio/ByteBuffer.allocateDirect", "direct memory is not available in exercises: use ByteBuffer.allocate"));

    /** Members allowed on types that are otherwise closed: System, Class and PrintStream. */
    private static final Map<String, Set<String>> ONLY_MEMBERS = Map.of(
            "java/lang/System", Set.of("out", "err", "arraycopy", "identityHashCode", "lineSeparator"),
            "java/lang/Class", Set.of("getName", "getSimpleName", "getTypeName", "isInstance", "cast", "isArray",
                    "getComponentType", "desiredAssertionStatus", "getEnumConstants", "hashCode", "equals", "toString",
                    "isEnum", "isRecord", "isInterface"),
            "java/io/PrintStream", Set.of("print", "println", "printf", "format", "flush", "write", "append", "checkError"));

    private static final Map<String, String> ONLY_MEMBERS_WHY = Map.of(
            "java/lang/System", GLOBAL, "java/lang/Class", REFLECTION, "java/io/PrintStream", OUTPUT);

    /** invokedynamic bootstraps javac emits for lambdas, string concatenation and records. */
    private static final Set<String> BOOTSTRAPS = Set.of(
            "java/lang/invoke/LambdaMetafactory.metafactory", "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants", "java/lang/invoke/StringConcatFactory.makeConcat",
            "java/lang/runtime/ObjectMethods.bootstrap");

    /** One refused use, where it is and why. */
    record Violation(String file, long line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private final Set<String> ownClasses;
    private final JdkTypes hierarchy;
    private final Map<String, String> sourcesByFile;
    private final LinkedHashSet<Violation> violations = new LinkedHashSet<>();

    /**
     * @param ownClasses    every learner class of the job by internal name (they may use each other)
     * @param sourcesByFile the learner's source text by file name, to find lines the bytecode cannot tell
     */
    BytecodePolicy(Map<String, byte[]> ownClasses, Map<String, String> sourcesByFile) {
        this.ownClasses = Set.copyOf(ownClasses.keySet());
        this.hierarchy = new JdkTypes(ownClasses);
        this.sourcesByFile = sourcesByFile;
        this.staticState = new StaticStateRule(ownClasses, sourcesByFile);
    }

    /** Checks one class; violations accumulate. */
    void check(byte[] bytes) {
        new ClassReader(bytes).accept(new Checker(), ClassReader.SKIP_FRAMES);
        if (raceFields != null) {
            raceFields.check(bytes, violations::add); // stricter: covers static fields too
        } else {
            staticState.check(bytes, violations::add);
        }
    }

    /** Every exercise's rule that static fields hold constants, not state: see {@link StaticStateRule}. */
    private final StaticStateRule staticState;

    /** The race exercises' field rule, when {@link #refuseSharedFields} switched it on. */
    private RaceFieldRule raceFields;

    /** Also refuses fields as hidden shared memory ({@code model: race}): see {@link RaceFieldRule}. */
    void refuseSharedFields() {
        raceFields = new RaceFieldRule(sourcesByFile);
    }

    List<Violation> violations() {
        return List.copyOf(new ArrayList<>(violations).subList(0, Math.min(violations.size(), MAX_VIOLATIONS)));
    }

    int violationCount() {
        return violations.size();
    }

    /** Why a type may not be used, or null when it may. */
    String typeProblem(String internalName) {
        String name = internalName;
        if (ownClasses.contains(name)) {
            return null;
        }
        if (LearnerApiPolicy.covers(name)) {
            return LearnerApiPolicy.typeProblem(name);
        }
        Rule rule = CLASS_RULES.get(name);
        if (rule != null) {
            return rule.why();
        }
        // A denied class's nested classes are denied with it (Thread$State, Calendar$Builder); an
        // allowed class's nested classes need a rule of their own (System$Logger is not System).
        for (int dollar = name.lastIndexOf('$'); dollar > 0; dollar = name.lastIndexOf('$', dollar - 1)) {
            Rule outer = CLASS_RULES.get(name.substring(0, dollar));
            if (outer != null && outer.why() != null) {
                return outer.why();
            }
        }
        if (JdkTypes.isThrowable(name)) {
            // Every JDK exception and error may be thrown, caught and declared, whatever its package.
            return null;
        }
        int slash = name.lastIndexOf('/');
        String pkg = slash < 0 ? "" : name.substring(0, slash);
        rule = PACKAGE_RULES.get(pkg);
        if (rule != null) {
            return rule.why();
        }
        for (String p = pkg; !p.isEmpty(); p = p.lastIndexOf('/') < 0 ? "" : p.substring(0, p.lastIndexOf('/'))) {
            rule = TREE_RULES.get(p);
            if (rule != null) {
                return rule.why() == null ? NOT_LISTED : rule.why();
            }
        }
        return NOT_LISTED;
    }

    /** Why a member of an (allowed) type may not be used, or null when it may. */
    static String memberProblem(String owner, String name, String descriptor) {
        String problem = DENIED_MEMBERS.get(owner + "." + name);
        if (problem != null) {
            return problem;
        }
        Set<String> only = ONLY_MEMBERS.get(owner);
        if (only != null && !only.contains(name)) {
            return ONLY_MEMBERS_WHY.get(owner);
        }
        if (owner.startsWith("java/time/") && name.equals("now")) {
            return CLOCK;
        }
        if (owner.startsWith("java/util/stream/") && name.equals("parallel")) {
            return PARALLEL; // BaseStream.parallel() and each stream type's own override
        }
        if (owner.equals("java/util/concurrent/ConcurrentHashMap") && descriptor.startsWith("(J")) {
            return "parallel operations run on other threads";
        }
        return null;
    }

    private static String display(String internalName) {
        return internalName.replace('/', '.').replace('$', '.');
    }

    /** Visits one class and records what it may not use. */
    private final class Checker extends ClassVisitor {
        private String file = "?";
        private String className = "?";
        private long firstLine;

        Checker() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name;
            file = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\$.*", "") + ".java";
            if (superName != null) {
                type(superName, 0);
            }
            if (interfaces != null) {
                for (String i : interfaces) {
                    type(i, 0);
                }
            }
        }

        @Override
        public void visitSource(String source, String debug) {
            if (source != null) {
                file = source;
            }
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            descriptor(descriptor, 0);
            return null;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            descriptor(descriptor, 0);
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    descriptor(annotation, 0);
                    return null;
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                report(0, name, "native method " + name + "(): " + NATIVE);
            }
            if (name.equals("finalize") && descriptor.equals("()V")) {
                report(0, "finalize", "finalize() runs on a JVM thread outside the tests; exercises may not declare it");
            }
            methodDescriptor(descriptor, 0);
            return new MethodChecker();
        }

        /** Checks the instructions of one method, tracking the source line. */
        private final class MethodChecker extends MethodVisitor {
            private long line;
            /** The previous instruction's opcode (-1 at a label), to read a constant argument. */
            private int lastInsn = -1;

            MethodChecker() {
                super(Opcodes.ASM9);
            }

            @Override
            public void visitLineNumber(int number, Label start) {
                line = number;
                if (firstLine == 0 || number < firstLine) {
                    firstLine = number;
                }
            }

            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                descriptor(descriptor, 0);
                return null;
            }

            @Override
            public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
                descriptor(descriptor, 0);
                return null;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                lastInsn = opcode;
                type(type, line);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int dims) {
                descriptor(descriptor, line);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                lastInsn = opcode;
                member(owner, name, descriptor, true, line);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (owner.equals("java/util/stream/StreamSupport") && descriptor.contains("Z)") && lastInsn != Opcodes.ICONST_0) {
                    // stream(spliterator, parallel): only a literal false keeps the stream on this thread.
                    report(line, name, "java.util.stream.StreamSupport." + name + " with parallel = true is not available in exercises: "
                            + PARALLEL + "; pass false");
                }
                lastInsn = opcode;
                member(owner, name, descriptor, false, line);
            }

            @Override
            public void visitInsn(int opcode) {
                lastInsn = opcode;
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                lastInsn = opcode;
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                lastInsn = opcode;
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                lastInsn = opcode;
            }

            @Override
            public void visitLabel(Label label) {
                lastInsn = -1; // a branch may arrive here with any value
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                String bsm = bootstrap.getOwner() + "." + bootstrap.getName();
                if (!BOOTSTRAPS.contains(bsm)) {
                    report(line, "invokedynamic", "this dynamic call (" + display(bsm) + ") is not available in exercises");
                    return;
                }
                methodDescriptor(descriptor, line);
                for (Object argument : arguments) {
                    constant(argument, line);
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                lastInsn = Opcodes.LDC;
                constant(value, line);
            }

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    type(type, line);
                }
            }
        }

        private void constant(Object value, long line) {
            if (value instanceof Type t) {
                if (t.getSort() == Type.METHOD) {
                    methodDescriptor(t.getDescriptor(), line);
                } else {
                    descriptor(t.getDescriptor(), line);
                }
            } else if (value instanceof Handle h) {
                member(h.getOwner(), h.getName(), h.getDesc(), h.getTag() <= Opcodes.H_PUTSTATIC, line);
            } else if (value instanceof ConstantDynamic) {
                report(line, "condy", "dynamic constants are not available in exercises");
            }
        }

        private void member(String owner, String name, String descriptor, boolean field, long line) {
            if (owner.startsWith("[")) {
                Type element = Type.getType(owner).getElementType();
                if (element.getSort() == Type.OBJECT) {
                    type(element.getInternalName(), line);
                }
                // An array's members are Object's (clone aside).
                String problem = name.equals("clone") ? null : memberProblem("java/lang/Object", name, descriptor);
                if (problem != null) {
                    report(line, name, "java.lang.Object." + name + " is not available in exercises: " + problem);
                }
                return;
            }
            String ownerType = owner;
            String problem = typeProblem(ownerType);
            if (problem != null) {
                report(line, simpleName(ownerType), display(ownerType) + " is not available in exercises: " + problem);
                return;
            }
            // The rules are about the class that declares a member, whatever class the call names:
            // MappedByteBuffer.allocateDirect is ByteBuffer's, wait() in a learner class is Object's.
            String declaring = hierarchy.declaring(ownerType, name, descriptor, field);
            if (!declaring.equals(ownerType) && !ownClasses.contains(declaring) && !declaring.startsWith("dev/loadbearing/sim/")) {
                String inherited = memberProblem(declaring, name, descriptor);
                if (inherited != null) {
                    String via = ownClasses.contains(ownerType) ? "" : " (called as " + display(ownerType) + "." + name + ")";
                    report(line, name, display(declaring) + "." + name + via + " is not available in exercises: " + inherited);
                    return;
                }
            }
            if (ownClasses.contains(ownerType)) {
                return;
            }
            String memberProblem = LearnerApiPolicy.covers(ownerType) ? LearnerApiPolicy.memberProblem(ownerType, name, descriptor)
                    : memberProblem(ownerType, name, descriptor);
            if (memberProblem != null) {
                String what = name.equals("<init>") ? "new " + display(ownerType) + "(...)" : display(ownerType) + "." + name;
                report(line, name.equals("<init>") ? simpleName(ownerType) : name, what + " is not available in exercises: " + memberProblem);
            }
        }

        private void type(String internalName, long line) {
            if (internalName.startsWith("[")) {
                descriptor(internalName, line);
                return;
            }
            String problem = typeProblem(internalName);
            if (problem != null) {
                report(line, simpleName(internalName), display(internalName) + " is not available in exercises: " + problem);
            }
        }

        private void descriptor(String descriptor, long line) {
            Type t = Type.getType(descriptor);
            if (t.getSort() == Type.ARRAY) {
                t = t.getElementType();
            }
            if (t.getSort() == Type.OBJECT) {
                type(t.getInternalName(), line);
            }
        }

        private void methodDescriptor(String descriptor, long line) {
            Type method = Type.getMethodType(descriptor);
            descriptor(method.getReturnType().getDescriptor(), line);
            for (Type argument : method.getArgumentTypes()) {
                descriptor(argument.getDescriptor(), line);
            }
        }

        private void report(long line, String word, String message) {
            long at = line > 0 ? line : lineOf(word);
            violations.add(new Violation(file, at, message));
        }

        /** Where the bytecode has no line (a declaration): the first source line naming the word. */
        private long lineOf(String word) {
            String source = sourcesByFile.get(file);
            if (source != null && word != null) {
                Pattern token = Pattern.compile("\\b" + Pattern.quote(word) + "\\b");
                String[] lines = source.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (token.matcher(lines[i]).find()) {
                        return i + 1;
                    }
                }
            }
            return firstLine;
        }
    }

    private static String simpleName(String internalName) {
        String simple = internalName.substring(internalName.lastIndexOf('/') + 1);
        return simple.substring(simple.lastIndexOf('$') + 1);
    }
}
