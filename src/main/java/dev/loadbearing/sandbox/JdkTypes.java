package dev.loadbearing.sandbox;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The class hierarchy the policy resolves members through: a call names the class it is made on
 * ({@code MappedByteBuffer.allocateDirect}, {@code list.parallelStream()}, {@code wait()} inside a
 * learner class), but the rule is about the class that declares the member ({@code ByteBuffer},
 * {@code Collection}, {@code Object}). Learner classes are read from their bytes; JDK and
 * simulation classes through the worker's own class loader, without initialising them.
 */
final class JdkTypes {
    /** A class's supertypes and members as the resolution needs them. */
    private record Shape(String superName, List<String> interfaces, Set<String> methods, Set<String> fields) {}

    private static final Map<String, Shape> LIBRARY = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> THROWABLES = new ConcurrentHashMap<>();
    private static final Shape UNKNOWN = new Shape(null, List.of(), Set.of(), Set.of());

    private final Map<String, Shape> own = new HashMap<>();

    /** @param ownClasses the learner's class bytes by internal name */
    JdkTypes(Map<String, byte[]> ownClasses) {
        ownClasses.forEach((name, bytes) -> own.put(name, read(bytes)));
    }

    /** Whether a JDK class (under {@code java/}) is an exception or error. */
    static boolean isThrowable(String internalName) {
        if (!internalName.startsWith("java/")) {
            return false;
        }
        return THROWABLES.computeIfAbsent(internalName, n -> {
            Class<?> c = load(n);
            return c != null && Throwable.class.isAssignableFrom(c);
        });
    }

    /**
     * The class that declares the member a reference resolves to, in the order the JVM resolves it
     * (the class, its superclasses, then its interfaces); the named class itself when nothing
     * declares it (constructors, unknown classes).
     */
    String declaring(String owner, String name, String descriptor, boolean field) {
        if (name.equals("<init>") || name.equals("<clinit>")) {
            return owner;
        }
        String key = field ? name : name + descriptor;
        for (String c = owner; c != null; c = shape(c).superName()) {
            Shape s = shape(c);
            if ((field ? s.fields() : s.methods()).contains(key)) {
                return c;
            }
        }
        var queue = new ArrayDeque<String>();
        var seen = new HashSet<String>();
        for (String c = owner; c != null; c = shape(c).superName()) {
            queue.addAll(shape(c).interfaces());
        }
        while (!queue.isEmpty()) {
            String i = queue.poll();
            if (!seen.add(i)) {
                continue;
            }
            Shape s = shape(i);
            if ((field ? s.fields() : s.methods()).contains(key)) {
                return i;
            }
            queue.addAll(s.interfaces());
        }
        return owner;
    }

    private Shape shape(String internalName) {
        Shape s = own.get(internalName);
        return s != null ? s : LIBRARY.computeIfAbsent(internalName, JdkTypes::reflect);
    }

    private static Shape reflect(String internalName) {
        Class<?> c = load(internalName);
        if (c == null) {
            return UNKNOWN;
        }
        var methods = new HashSet<String>();
        var fields = new HashSet<String>();
        try {
            for (Method m : c.getDeclaredMethods()) {
                methods.add(m.getName() + Type.getMethodDescriptor(m));
            }
            for (Field f : c.getDeclaredFields()) {
                fields.add(f.getName());
            }
        } catch (LinkageError e) {
            return UNKNOWN;
        }
        var interfaces = new ArrayList<String>();
        for (Class<?> i : c.getInterfaces()) {
            interfaces.add(Type.getInternalName(i));
        }
        Class<?> superclass = c.getSuperclass();
        return new Shape(superclass == null ? null : Type.getInternalName(superclass), List.copyOf(interfaces),
                Set.copyOf(methods), Set.copyOf(fields));
    }

    private static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, JdkTypes.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Shape read(byte[] bytes) {
        var methods = new HashSet<String>();
        var fields = new HashSet<String>();
        var header = new String[1];
        var interfaces = new ArrayList<String>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] ifaces) {
                header[0] = superName;
                if (ifaces != null) {
                    interfaces.addAll(List.of(ifaces));
                }
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.add(name);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                methods.add(name + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new Shape(header[0], List.copyOf(interfaces), methods, fields);
    }
}
