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
    private static final String THREADS = "threads and timers are not available in exercises: the simulation runs everything on one thread in virtual time; schedule work with sim.after(...) or sim.at(...)";
    private static final String REFLECTION = "reflection and method handles are not available in exercises: call methods directly";
    private static final String PROCESSES = "starting processes or touching the JVM runtime is not available in exercises";
    private static final String LOADERS = "class loaders and modules are not available in exercises";
    private static final String INTERNALS = "JDK internals are not available in exercises";
    private static final String RANDOM = "use the simulation's seeded random streams (sim.random(\"name\")), so every run gives the same result";
    private static final String CLOCK = "wall-clock time is not available in exercises: read the simulation's virtual clock (sim.now(), or a request's createdAt())";
    private static final String GRADER = "the test framework and the grader are not available to exercise code";
    private static final String GLOBAL = "changing or reading JVM-wide settings (system properties, environment, default locale or time zone) is not available in exercises";
    private static final String NATIVE = "native code (JNI) is not available in exercises";
    private static final String OUTPUT = "print with System.out.println; other streams are not available in exercises";

    /** Denied type prefixes and why, checked in order (most specific first). */
    private static final List<Map.Entry<String, String>> DENIED_PREFIXES = List.of(
            Map.entry("java/io/File", FILES), Map.entry("java/nio/file/", FILES), Map.entry("java/nio/channels/", FILES),
            Map.entry("java/io/RandomAccessFile", FILES), Map.entry("java/io/", OUTPUT),
            Map.entry("java/net/", NETWORK), Map.entry("javax/net/", NETWORK), Map.entry("java/rmi/", NETWORK),
            Map.entry("java/lang/Thread", THREADS), Map.entry("java/util/concurrent/", THREADS), Map.entry("java/util/Timer", THREADS),
            Map.entry("java/lang/reflect/", REFLECTION), Map.entry("java/lang/invoke/", REFLECTION),
            Map.entry("java/lang/Runtime", PROCESSES), Map.entry("java/lang/Process", PROCESSES), Map.entry("java/lang/System$", PROCESSES),
            Map.entry("java/lang/ClassLoader", LOADERS), Map.entry("java/lang/Module", LOADERS), Map.entry("java/lang/ref/", THREADS),
            Map.entry("java/lang/foreign/", NATIVE),
            Map.entry("java/util/Random", RANDOM), Map.entry("java/security/SecureRandom", RANDOM), Map.entry("java/util/SplittableRandom", RANDOM),
            Map.entry("java/time/Clock", CLOCK), Map.entry("java/util/TimeZone", GLOBAL), Map.entry("java/util/Date", CLOCK), Map.entry("java/util/Calendar", CLOCK),
            Map.entry("sun/", INTERNALS), Map.entry("jdk/", INTERNALS), Map.entry("com/sun/", INTERNALS),
            Map.entry("org/junit/", GRADER), Map.entry("org/opentest4j/", GRADER), Map.entry("org/objectweb/", GRADER),
            Map.entry("dev/loadbearing/", GRADER));

    /** JDK packages whose direct members are allowed (except the denied prefixes above). */
    private static final Set<String> ALLOWED_PACKAGES = Set.of("java/util", "java/util/function", "java/util/stream",
            "java/util/regex", "java/util/concurrent/atomic", "java/math", "java/text", "java/time", "java/time/temporal",
            "java/time/format", "java/nio", "java/nio/charset");

    private static final Set<String> ALLOWED_CLASSES = Set.of(
            "java/lang/Object", "java/lang/String", "java/lang/StringBuilder", "java/lang/StringBuffer", "java/lang/Math",
            "java/lang/StrictMath", "java/lang/Integer", "java/lang/Long", "java/lang/Short", "java/lang/Byte",
            "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float", "java/lang/Number",
            "java/lang/Comparable", "java/lang/CharSequence", "java/lang/Iterable", "java/lang/AutoCloseable",
            "java/lang/Runnable", "java/lang/Enum", "java/lang/Record", "java/lang/Void", "java/lang/Cloneable",
            "java/lang/Override", "java/lang/FunctionalInterface", "java/lang/SuppressWarnings", "java/lang/Deprecated",
            "java/lang/SafeVarargs", "java/lang/Throwable", "java/lang/StackTraceElement", "java/lang/Appendable",
            "java/lang/System", "java/lang/Class",
            "java/io/PrintStream", "java/io/Serializable", "java/io/IOException", "java/io/UncheckedIOException",
            "java/util/concurrent/ConcurrentHashMap", "java/util/concurrent/ConcurrentLinkedQueue",
            "java/util/concurrent/ConcurrentLinkedDeque", "java/util/concurrent/ConcurrentSkipListMap",
            "java/util/concurrent/ConcurrentSkipListSet", "java/util/concurrent/ConcurrentMap", "java/util/concurrent/TimeUnit");

    /** Types of java.util that are not allowed although their package is. */
    private static final Map<String, String> DENIED_CLASSES = Map.ofEntries(
            Map.entry("java/util/Scanner", "reading input is not available in exercises: the tests call your methods with their inputs"),
            Map.entry("java/util/Properties", GLOBAL), Map.entry("java/util/ServiceLoader", LOADERS),
            Map.entry("java/util/ResourceBundle", FILES), Map.entry("java/util/Formatter", FILES),
            Map.entry("java/util/prefs", FILES));

    /** Members that are refused on otherwise allowed types: "owner.name" and why. */
    private static final Map<String, String> DENIED_MEMBERS = Map.ofEntries(
            Map.entry("java/lang/System.exit", "System.exit would stop the grader: return a value or throw an exception instead"),
            Map.entry("java/lang/System.currentTimeMillis", CLOCK), Map.entry("java/lang/System.nanoTime", CLOCK),
            Map.entry("java/lang/System.load", NATIVE), Map.entry("java/lang/System.loadLibrary", NATIVE),
            Map.entry("java/lang/System.mapLibraryName", NATIVE),
            Map.entry("java/lang/System.in", "reading input is not available in exercises: the tests call your methods with their inputs"),
            Map.entry("java/lang/Math.random", RANDOM), Map.entry("java/lang/StrictMath.random", RANDOM),
            Map.entry("java/lang/Integer.getInteger", GLOBAL), Map.entry("java/lang/Long.getLong", GLOBAL),
            Map.entry("java/lang/Boolean.getBoolean", GLOBAL),
            Map.entry("java/lang/Object.wait", "wait() and notify() coordinate threads, and exercises run on one simulated thread"),
            Map.entry("java/lang/Object.notify", "wait() and notify() coordinate threads, and exercises run on one simulated thread"),
            Map.entry("java/lang/Object.notifyAll", "wait() and notify() coordinate threads, and exercises run on one simulated thread"),
            Map.entry("java/lang/Object.finalize", THREADS),
            Map.entry("java/util/UUID.randomUUID", RANDOM), Map.entry("java/util/Locale.setDefault", GLOBAL),
            Map.entry("java/util/Collection.parallelStream", "parallel streams run on other threads: use stream()"),
            Map.entry("java/util/Arrays.parallelSort", "parallel operations run on other threads: use Arrays.sort"),
            Map.entry("java/util/Arrays.parallelPrefix", "parallel operations run on other threads"),
            Map.entry("java/util/Arrays.parallelSetAll", "parallel operations run on other threads: use Arrays.setAll"),
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
    private final Map<String, String> sourcesByFile;
    private final LinkedHashSet<Violation> violations = new LinkedHashSet<>();

    /**
     * @param ownClasses    internal names of every learner class of the job (they may use each other)
     * @param sourcesByFile the learner's source text by file name, to find lines the bytecode cannot tell
     */
    BytecodePolicy(Set<String> ownClasses, Map<String, String> sourcesByFile) {
        this.ownClasses = ownClasses;
        this.sourcesByFile = sourcesByFile;
    }

    /** Checks one class; violations accumulate. */
    void check(byte[] bytes) {
        new ClassReader(bytes).accept(new Checker(), ClassReader.SKIP_FRAMES);
        if (raceFields != null) {
            raceFields.check(bytes, violations::add);
        }
    }

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
        if (ALLOWED_CLASSES.contains(name)) {
            return null;
        }
        String denied = DENIED_CLASSES.get(name);
        if (denied != null) {
            return denied;
        }
        for (var prefix : DENIED_PREFIXES) {
            if (name.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        int slash = name.lastIndexOf('/');
        String pkg = slash < 0 ? "" : name.substring(0, slash);
        String simple = name.substring(slash + 1);
        if (ALLOWED_PACKAGES.contains(pkg)) {
            return null;
        }
        if (pkg.equals("java/lang") && (simple.endsWith("Exception") || simple.endsWith("Error"))
                && !simple.contains("$")) {
            return null;
        }
        return "it is not on the list of classes exercises may use";
    }

    /** Why a member of an (allowed) type may not be used, or null when it may. */
    private String memberProblem(String owner, String name, String descriptor) {
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
            return "parallel streams run on other threads: leave the stream sequential";
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
                type(type, line);
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int dims) {
                descriptor(descriptor, line);
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                member(owner, name, descriptor, line);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                member(owner, name, descriptor, line);
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
                member(h.getOwner(), h.getName(), h.getDesc(), line);
            } else if (value instanceof ConstantDynamic) {
                report(line, "condy", "dynamic constants are not available in exercises");
            }
        }

        private void member(String owner, String name, String descriptor, long line) {
            String ownerType = owner.startsWith("[") ? Type.getType(owner).getElementType().getInternalName() : owner;
            if (owner.startsWith("[") && Type.getType(owner).getElementType().getSort() != Type.OBJECT) {
                return; // methods of primitive arrays (clone)
            }
            String problem = typeProblem(ownerType);
            if (problem != null) {
                report(line, simpleName(ownerType), display(ownerType) + " is not available in exercises: " + problem);
                return;
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
