package dev.loadbearing.sandbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import static dev.loadbearing.sandbox.FieldRules.article;
import static dev.loadbearing.sandbox.FieldRules.mutable;
import static dev.loadbearing.sandbox.FieldRules.simple;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Every exercise's rule for static fields: learner classes may keep constants there, never state.
 * The grader runs every test of a submission in one JVM, so a static field outlives the instance a
 * test made: state kept there would carry over from one test (or one seed) to the next, and two
 * instances a test makes to compare (a router before and after a shard joins) would share it. A
 * router with a static directory of where every key went, or a policy that remembers the hidden
 * tests' answers, would pass tests it should fail.
 *
 * <p>A learner's static field must be {@code final} and hold a constant: a number, a string, a
 * boxed value, an enum or record constant, or a collection made by {@code List.of}, {@code Set.of},
 * {@code Map.of}, {@code copyOf} or {@code Collections.unmodifiable...}. Refused: non-final static
 * fields, arrays, mutable collections ({@code new HashMap<>()}), concurrent types and string
 * builders, and instances of the learner's own classes that have fields which can change.
 * Instance fields are not limited (each test makes its own instance); the race exercises have a
 * stricter rule for them ({@link RaceFieldRule}).
 */
final class StaticStateRule {
    private static final String WHY = "a static field outlives the instance each test makes, so state kept there carries over"
            + " from one test to the next (and is shared by every instance): keep state in instance fields, and use static"
            + " fields only for constants (numbers, strings, List.of/Set.of/Map.of values)";

    /** Types whose value may be mutable or immutable: allowed in a static final field only when made by an immutable factory. */
    private static final Set<String> EITHER = Set.of("java/util/List", "java/util/Set", "java/util/Map", "java/util/Collection",
            "java/util/Queue", "java/util/Deque", "java/util/SortedMap", "java/util/SortedSet", "java/util/NavigableMap",
            "java/util/NavigableSet", "java/lang/Iterable", "java/lang/Object");

    private final Map<String, String> sourcesByFile;
    /** The learner's own classes whose instances can change (a non-final field, an array, a collection). */
    private final Set<String> mutableOwn = new HashSet<>();

    StaticStateRule(Map<String, byte[]> ownClasses, Map<String, String> sourcesByFile) {
        this.sourcesByFile = sourcesByFile;
        ownClasses.forEach((name, bytes) -> {
            if (hasChangingFields(bytes)) {
                mutableOwn.add(name);
            }
        });
    }

    private static boolean hasChangingFields(byte[] bytes) {
        boolean[] changing = {false};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC)) == 0) {
                    Type type = Type.getType(descriptor);
                    if ((access & Opcodes.ACC_FINAL) == 0 || type.getSort() == Type.ARRAY
                            || (type.getSort() == Type.OBJECT && (mutable(type.getInternalName()) || EITHER.contains(type.getInternalName())))) {
                        changing[0] = true;
                    }
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return changing[0];
    }

    /** Element types a constant collection may hold: values that never change. */
    private static final Set<String> CONSTANT_ELEMENTS = Set.of("java/lang/String", "java/lang/Integer", "java/lang/Long",
            "java/lang/Double", "java/lang/Float", "java/lang/Short", "java/lang/Byte", "java/lang/Character", "java/lang/Boolean",
            "java/math/BigInteger", "java/math/BigDecimal", "java/time/Duration", "java/time/Instant", "java/util/Map$Entry");
    private static final Pattern TYPE_REFERENCE = Pattern.compile("L([^<;]+)");

    /**
     * What in a collection field's generic signature could change (arrays, mutable classes, unknown
     * types), described for the learner; null when every element type is a constant one.
     */
    private String changingElements(String signature) {
        if (signature == null || !signature.contains("<")) {
            return "a collection of unknown elements (give its element types, such as List<String>)";
        }
        String arguments = signature.substring(signature.indexOf('<'));
        if (arguments.contains("[")) {
            return "a collection of arrays";
        }
        if (arguments.contains("*") || arguments.contains("+") || arguments.contains("-") || arguments.contains("T")
                && arguments.matches(".*[<;]T[^;]*;.*")) {
            return "a collection of unknown elements (give its element types, such as List<String>)";
        }
        Matcher m = TYPE_REFERENCE.matcher(arguments);
        while (m.find()) {
            String name = m.group(1);
            if (CONSTANT_ELEMENTS.contains(name) || EITHER.contains(name) && !name.equals("java/lang/Object")) {
                continue;
            }
            if (name.startsWith("java/") || name.startsWith("dev/loadbearing/") || mutableOwn.contains(name)) {
                return "a collection of " + simple(name.replace('/', '.')) + " values";
            }
        }
        return null;
    }

    /** Checks the static fields of one class, reporting each refused field to {@code out}. */
    void check(byte[] bytes, Consumer<BytecodePolicy.Violation> out) {
        new ClassReader(bytes).accept(new Statics(out), ClassReader.SKIP_FRAMES);
    }

    private final class Statics extends FieldRules.ClassFile {
        private final Consumer<BytecodePolicy.Violation> out;
        /** Static fields of a type that may hold either kind of collection: they must be set from an immutable factory. */
        private final Map<String, String> either = new HashMap<>();
        private final Map<String, Long> setOtherwise = new HashMap<>();

        Statics(Consumer<BytecodePolicy.Violation> out) {
            this.out = out;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if ((access & Opcodes.ACC_STATIC) == 0 || (access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_ENUM)) != 0) {
                return null;
            }
            Type type = Type.getType(descriptor);
            String declared = "static " + ((access & Opcodes.ACC_FINAL) != 0 ? "final " : "") + simple(type.getClassName()) + " " + name;
            String message = null;
            if ((access & Opcodes.ACC_FINAL) == 0) {
                message = "the static field \"" + declared + "\" is not final: " + WHY;
            } else if (type.getSort() == Type.ARRAY) {
                message = "the static field \"" + declared + "\" holds an array, whose elements can change: " + WHY;
            } else if (type.getSort() == Type.OBJECT && mutable(type.getInternalName())) {
                message = "the static field \"" + declared + "\" holds " + article(simple(type.getClassName())) + ", which can change: " + WHY;
            } else if (type.getSort() == Type.OBJECT && mutableOwn.contains(type.getInternalName())) {
                message = "the static field \"" + declared + "\" holds " + article(simple(type.getClassName()))
                        + ", whose fields can change: " + WHY;
            } else if (type.getSort() == Type.OBJECT && EITHER.contains(type.getInternalName())) {
                String elements = changingElements(signature);
                if (elements != null) {
                    message = "the static field \"" + declared + "\" holds " + elements + ", which can change even in an"
                            + " unmodifiable collection: " + WHY;
                } else {
                    either.put(name, declared);
                }
            }
            if (message != null) {
                refused.put(name, message);
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new FieldRules.Writes() {
                /** Whether the instruction just before was a call to an immutable collection factory. */
                private boolean immutable;

                @Override
                void other() {
                    immutable = false;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                    immutable = opcode == Opcodes.INVOKESTATIC && (((owner.equals("java/util/List") || owner.equals("java/util/Set")
                            || owner.equals("java/util/Map")) && (method.equals("of") || method.equals("copyOf") || method.equals("ofEntries")))
                            || (owner.equals("java/util/Collections") && (method.startsWith("unmodifiable") || method.startsWith("empty")
                                    || method.startsWith("singleton"))));
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    if (opcode == Opcodes.PUTSTATIC && owner.equals(className)) {
                        setAt.putIfAbsent(field, line);
                        if (!immutable) {
                            setOtherwise.putIfAbsent(field, line);
                        }
                    }
                    immutable = false;
                }
            };
        }

        @Override
        public void visitEnd() {
            either.forEach((name, declared) -> {
                if (setOtherwise.containsKey(name) && !refused.containsKey(name)) {
                    refused.put(name, "the static field \"" + declared + "\" is not set from List.of, Set.of, Map.of or copyOf, so"
                            + " its contents can change: " + WHY);
                }
            });
            reportRefused(sourcesByFile, "\\bstatic\\b[^;=(){}]*", out);
        }
    }
}
