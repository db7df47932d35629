package dev.loadbearing.sandbox;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** What the field rules ({@link RaceFieldRule}, {@link StaticStateRule}) share. */
final class FieldRules {
    private FieldRules() {}

    /** JDK classes whose instances change although a final field holds them. */
    static final Set<String> MUTABLE = Set.of("java/util/ArrayList", "java/util/LinkedList",
            "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/HashSet",
            "java/util/LinkedHashSet", "java/util/TreeSet", "java/util/ArrayDeque", "java/util/PriorityQueue",
            "java/util/Vector", "java/util/Stack", "java/util/Hashtable", "java/util/IdentityHashMap",
            "java/util/WeakHashMap", "java/util/EnumMap", "java/util/EnumSet", "java/util/BitSet",
            "java/lang/StringBuilder", "java/lang/StringBuffer");

    static boolean mutable(String internalName) {
        return MUTABLE.contains(internalName) || internalName.startsWith("java/util/concurrent/");
    }

    static String article(String noun) {
        return ("AEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    /**
     * The line declaring {@code field} in the learner's source: the first match of {@code before}
     * followed by the field's name and =, ; or , (else {@code fallback}, where it is first set).
     */
    static long declarationLine(Map<String, String> sourcesByFile, String file, String before, String field, long fallback) {
        String source = sourcesByFile.get(file);
        if (source != null) {
            Matcher m = Pattern.compile(before + "\\b" + Pattern.quote(field) + "\\s*(=(?!=)|;|,)").matcher(source);
            if (m.find()) {
                return source.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            }
        }
        return fallback;
    }

    /** A class visitor that knows the class's internal name and its source file's name. */
    abstract static class ClassFile extends ClassVisitor {
        String className = "?";
        String file = "?";
        /** Fields refused so far, in the order found: name and message. */
        final Map<String, String> refused = new LinkedHashMap<>();
        /** Where each of this class's fields is first set (a line of a constructor or initializer). */
        final Map<String, Long> setAt = new HashMap<>();

        ClassFile() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name;
            file = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\$.*", "") + ".java";
        }

        @Override
        public void visitSource(String source, String debug) {
            if (source != null) {
                file = source;
            }
        }

        /**
         * Reports every refused field at the line declaring it: {@code before} (a regular expression)
         * then its name in the source, else where it is first set.
         */
        void reportRefused(Map<String, String> sourcesByFile, String before, Consumer<BytecodePolicy.Violation> out) {
            refused.forEach((name, message) -> out.accept(new BytecodePolicy.Violation(file,
                    declarationLine(sourcesByFile, file, before, name, setAt.getOrDefault(name, 0L)), message)));
        }
    }

    /**
     * Follows a method's instructions for a field rule: the current line, and, through
     * {@link #other()}, every instruction that is neither a method call nor a field access, so a
     * rule can tell what came just before a field is written.
     */
    abstract static class Writes extends MethodVisitor {
        long line;

        Writes() {
            super(Opcodes.ASM9);
        }

        /** Any instruction but a method call or a field access. */
        abstract void other();

        @Override
        public void visitLineNumber(int number, Label start) {
            line = number;
        }

        @Override
        public void visitInsn(int opcode) {
            other();
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            other();
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            other();
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            other();
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            other();
        }

        @Override
        public void visitLdcInsn(Object value) {
            other();
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            other();
        }

        @Override
        public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
            other();
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            other();
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            other();
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int dims) {
            other();
        }
    }
}
