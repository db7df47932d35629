package dev.loadbearing.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import static dev.loadbearing.sandbox.FieldRules.article;
import static dev.loadbearing.sandbox.FieldRules.mutable;
import static dev.loadbearing.sandbox.FieldRules.simple;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The race exercises' extra rule ({@code model: race} in exercise.yaml): learner classes may not
 * keep memory that processes could share outside the explorer's steps. In the race model the
 * only shared memory is the race API's objects ({@code SharedValue}, {@code Mutex},
 * {@code VersionedRow}, {@code Tally}), each call on them one step the explorer interleaves; a
 * field would be memory that behaves as atomic (a spin lock on a {@code static boolean} would
 * pass) and that the explorer, which re-runs processes from their start, cannot see.
 *
 * <p>The rule, for every field a learner writes (compiler-made fields and enum constants are
 * fine):
 * <ul>
 * <li>it must be {@code final}, static or not: configuration and references to shared objects
 *     are final; changing data lives in a {@code SharedValue} or in local variables;
 * <li>its type may not be an array, a {@code java.util.concurrent} type (atomics, concurrent
 *     collections), a mutable {@code java.util} collection class or a string builder, whose
 *     contents change although the field is final;
 * <li>it may not be set to a newly made mutable collection ({@code final Set<String> done = new
 *     HashSet<>()}), even through an interface type.
 * </ul>
 * Local variables, parameters, lambdas and {@code List.of(...)} values in final fields are fine.
 * A mutable collection reaching a final field another way (returned by a method) is not caught
 * here; the explorer then reports a process that behaves differently when re-run.
 */
final class RaceFieldRule {

    /** The teaching part of every message; {@code instead} names a better fit for the case, or is empty. */
    private static String useShared(String instead) {
        return "in a race exercise, memory the processes share must be a SharedValue (shared.value(\"name\", initial)"
                + " in the world)" + instead + ", so that every read and write is a step the explorer can interleave;"
                + " keep per-call data in local variables";
    }

    private static final String USE_SHARED = useShared("");

    private final Map<String, String> sourcesByFile;

    /** @param sourcesByFile the learner's source text by file name, to find the line of a field declaration */
    RaceFieldRule(Map<String, String> sourcesByFile) {
        this.sourcesByFile = sourcesByFile;
    }

    /** Checks the fields of one class, reporting each refused field to {@code out}. */
    void check(byte[] bytes, Consumer<BytecodePolicy.Violation> out) {
        new ClassReader(bytes).accept(new Fields(out), ClassReader.SKIP_FRAMES);
    }

    private final class Fields extends FieldRules.ClassFile {
        private final Consumer<BytecodePolicy.Violation> out;
        /** Fields set to a new mutable object, by name: the class made, and the line. */
        private final Map<String, Object[]> setToNew = new LinkedHashMap<>();

        Fields(Consumer<BytecodePolicy.Violation> out) {
            this.out = out;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if ((access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_ENUM)) != 0) {
                return null;
            }
            boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
            Type type = Type.getType(descriptor);
            String declared = (isStatic ? "static " : "") + ((access & Opcodes.ACC_FINAL) != 0 ? "final " : "")
                    + simple(type.getClassName()) + " " + name;
            String message = null;
            if ((access & Opcodes.ACC_FINAL) == 0) {
                message = isStatic
                        ? "the static field \"" + declared + "\" is shared by every process without the explorer seeing"
                                + " it: " + USE_SHARED
                        : "the field \"" + declared + "\" can change while processes run, outside the explorer's"
                                + " steps: make it final; " + useShared(" or, for a total such as the cash dispensed, a Tally");
            } else if (type.getSort() == Type.ARRAY) {
                message = "the field \"" + declared + "\" holds an array, whose elements processes could change without a"
                        + " step: " + useShared(" per entry, or one SharedValue<List<...>> holding List.of(...) values");
            } else if (type.getSort() == Type.OBJECT && mutable(type.getInternalName())) {
                message = "the field \"" + declared + "\" holds " + article(simple(type.getClassName())) + ", which processes"
                        + " could change without a step: " + USE_SHARED;
            }
            if (message != null) {
                refused.put(name, message);
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new FieldRules.Writes() {
                /** The class whose constructor the previous instruction called, if it was a mutable one's. */
                private String justMade;

                @Override
                void other() {
                    justMade = null;
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                    justMade = opcode == Opcodes.INVOKESPECIAL && method.equals("<init>") && mutable(owner) ? owner : null;
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    if ((opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC) && owner.equals(className)) {
                        setAt.putIfAbsent(field, line);
                        if (justMade != null) {
                            setToNew.putIfAbsent(field, new Object[] {justMade, line});
                        }
                    }
                    justMade = null;
                }
            };
        }

        @Override
        public void visitEnd() {
            reportRefused(sourcesByFile, "", out);
            setToNew.forEach((name, made) -> {
                if (!refused.containsKey(name)) {
                    out.accept(new BytecodePolicy.Violation(file, (Long) made[1], "the field \"" + name + "\" is set to a"
                            + " new " + simple(((String) made[0]).replace('/', '.')) + ", which processes could change"
                            + " without a step: " + useShared(" holding List.of, Set.of or Map.of values")));
                }
            });
        }

    }
}
