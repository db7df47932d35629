package dev.loadbearing.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The exercise's test classes, compiled once per worker and reused by later jobs whose learner
 * classes look the same to the tests, so javac only compiles the learner's files.
 *
 * <p>An entry is keyed by a hash of the test sources and of the learner classes' <em>interface</em>
 * as other classes see it: every class name, its flags, supertypes, generic signatures,
 * annotations and inner-class table, and every field and method that is not private (flags,
 * name, descriptor, signature, constant value, annotations) &mdash; everything in the class files
 * except method bodies, debug information and private members. javac's output for the test
 * sources depends only on that interface (method bodies of other classes are never read; constants
 * are part of the key), so a hit yields the very classes a full compilation would produce. Private
 * members are left out of the key because test classes cannot see them; the one way they can still
 * matter (a private field or method of a learner class that the tests' own references would now
 * resolve to) is checked on every hit with {@link #links}, and such a job compiles everything.
 *
 * <p>Entries hold bytes only: every job defines them afresh in its own test class loader, so no
 * static state survives from one job to the next, and learner code never sees this cache (no
 * reflection, no class loaders). The cache lives and dies with the worker.
 */
final class TestClassCache {
    /** Entries kept; a worker rarely sees more than a few exercises and interfaces. */
    static final int CAPACITY = 16;

    /** Compiled tests: class bytes by binary name, and the test file each came from. */
    record Entry(Map<String, byte[]> classes, Map<String, String> origin) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };
    private long hits;
    private long misses;

    synchronized Entry get(String key) {
        return entries.get(key);
    }

    /** Counts a job that used cached tests ({@code hit}) or compiled them. */
    synchronized void count(boolean hit) {
        if (hit) {
            hits++;
        } else {
            misses++;
        }
    }

    synchronized void put(String key, Entry entry) {
        entries.put(key, new Entry(Map.copyOf(entry.classes()), Map.copyOf(entry.origin())));
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }

    /** The key for these test sources compiled against these learner classes. */
    static String key(Map<String, String> tests, Map<String, byte[]> learnerClasses) {
        MessageDigest sha = sha256();
        for (var test : new TreeMap<>(tests).entrySet()) {
            update(sha, "test");
            update(sha, test.getKey());
            update(sha, test.getValue());
        }
        for (var learner : new TreeMap<>(learnerClasses).entrySet()) {
            update(sha, "class");
            update(sha, learner.getKey());
            sha.update(interfaceOf(learner.getValue()));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The class as other classes see it: the class file without method bodies, debug information
     * and private fields and methods, rewritten so the bytes depend on nothing else.
     */
    static byte[] interfaceOf(byte[] classBytes) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                return (access & Opcodes.ACC_PRIVATE) != 0 ? null : super.visitField(access, name, descriptor, signature, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return (access & Opcodes.ACC_PRIVATE) != 0 ? null : super.visitMethod(access, name, descriptor, signature, exceptions);
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /**
     * Whether every field and method the test classes use on a learner class still resolves to a
     * member they may use: not to a private one the learner added (a private field hides an
     * inherited one of the same name). Walks the learner's own superclasses; what is inherited from
     * the simulation library or the JDK is the same for everyone.
     */
    static boolean links(Map<String, byte[]> testClasses, Map<String, byte[]> learnerClasses) {
        var learner = new HashMap<String, ClassReader>();
        learnerClasses.forEach((name, bytes) -> learner.put(name.replace('.', '/'), new ClassReader(bytes)));
        var privates = new HashMap<String, java.util.Set<String>>();
        learner.forEach((name, reader) -> {
            var set = new java.util.HashSet<String>();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String n, String d, String s, Object v) {
                    if ((access & Opcodes.ACC_PRIVATE) != 0) {
                        set.add("f:" + n);
                    }
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String n, String d, String s, String[] e) {
                    if ((access & Opcodes.ACC_PRIVATE) != 0) {
                        set.add("m:" + n + d);
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            privates.put(name, set);
        });
        for (byte[] bytes : testClasses.values()) {
            ClassReader reader = new ClassReader(bytes);
            char[] buffer = new char[reader.getMaxStringLength()];
            for (int i = 1; i < reader.getItemCount(); i++) {
                int offset = reader.getItem(i);
                if (offset == 0) {
                    continue;
                }
                int tag = bytes[offset - 1];
                if (tag != 9 && tag != 10 && tag != 11) { // Fieldref, Methodref, InterfaceMethodref
                    continue;
                }
                String owner = reader.readClass(offset, buffer);
                int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                String name = reader.readUTF8(nameAndType, buffer);
                String descriptor = reader.readUTF8(nameAndType + 2, buffer);
                String member = tag == 9 ? "f:" + name : "m:" + name + descriptor;
                for (String type = owner; type != null && learner.containsKey(type); type = learner.get(type).getSuperName()) {
                    if (privates.get(type).contains(member)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
