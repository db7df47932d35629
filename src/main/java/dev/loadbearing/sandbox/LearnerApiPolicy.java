package dev.loadbearing.sandbox;

import dev.loadbearing.sim.engine.LearnerApi;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/**
 * Which parts of the simulation library learner classes may use: exactly the types and members
 * marked {@link LearnerApi} in the library itself (the one declaration the docs list too).
 * Everything else public in {@code dev.loadbearing.sim} is the author API (scenario building,
 * fault injection, measurement), which test classes use and learner code must not: calling it
 * could forge the measurement the learner is graded by. {@link BytecodePolicy} asks this class
 * about every simulation type and member a learner class names.
 */
final class LearnerApiPolicy {
    private static final String SIM = "dev/loadbearing/sim/";
    private static final Optional<String> ALLOWED = Optional.empty();
    private static final Map<String, Optional<String>> TYPES = new ConcurrentHashMap<>();
    private static final Map<String, Optional<String>> MEMBERS = new ConcurrentHashMap<>();

    private LearnerApiPolicy() {
    }

    /** Whether this policy decides about a type: every simulation type does. */
    static boolean covers(String internalName) {
        return internalName.startsWith(SIM);
    }

    /** Why learner code may not name a simulation type, or null when it may. */
    static String typeProblem(String internalName) {
        return TYPES.computeIfAbsent(internalName, LearnerApiPolicy::whyNotType).orElse(null);
    }

    /** Why learner code may not use a member of a simulation type, or null when it may. */
    static String memberProblem(String owner, String name, String descriptor) {
        return MEMBERS.computeIfAbsent(owner + "." + name + descriptor, key -> whyNotMember(owner, name, descriptor)).orElse(null);
    }

    private static Optional<String> whyNotType(String internalName) {
        Class<?> type = load(internalName);
        if (type == null) {
            return Optional.of("there is no such class in the simulation library");
        }
        if (type.isAnnotationPresent(LearnerApi.class)) {
            return ALLOWED;
        }
        return Optional.of("it belongs to the tests' side of the simulation (the author API), not to the learner API; "
                + "your code works with what the exercise hands it (" + learnerTypesOf(type.getPackageName()) + ")");
    }

    private static Optional<String> whyNotMember(String owner, String name, String descriptor) {
        Class<?> type = load(owner);
        if (type == null) {
            return Optional.of("there is no such class in the simulation library");
        }
        Member member = find(type, name, descriptor);
        if (member == null) {
            return Optional.of("the simulation library has no such member");
        }
        Class<?> declaring = member.getDeclaringClass();
        if (!declaring.getName().startsWith("dev.loadbearing.sim.")) {
            if (name.equals("wait") || name.startsWith("notify")) {
                return Optional.of("wait() and notify() coordinate threads, and exercises run on one simulated thread");
            }
            return ALLOWED; // toString, equals, compareTo, RandomGenerator's draws...
        }
        var element = (java.lang.reflect.AnnotatedElement) member;
        if (element.isAnnotationPresent(LearnerApi.class)) {
            return ALLOWED;
        }
        LearnerApi onType = declaring.getAnnotation(LearnerApi.class);
        if (onType != null && onType.allMembers() && Modifier.isPublic(member.getModifiers())) {
            return ALLOWED;
        }
        if (member instanceof Method method && overridesJdk(method)) {
            return ALLOWED;
        }
        LearnerApi.Internal internal = element.getAnnotation(LearnerApi.Internal.class);
        String instead = internal != null ? internal.value()
                : "use " + learnerMembersOf(type);
        return Optional.of("it is part of the model, not of the learner API: " + instead);
    }

    /** Whether a simulation method implements one of the JDK (toString, compareTo, accept...). */
    private static boolean overridesJdk(Method method) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(method.getDeclaringClass());
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!c.getName().startsWith("dev.loadbearing.sim.")) {
                try {
                    c.getMethod(method.getName(), method.getParameterTypes());
                    return true;
                } catch (NoSuchMethodException notThere) {
                    // keep looking
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return false;
    }

    /** The member a bytecode reference resolves to, searching supertypes like the JVM does. */
    private static Member find(Class<?> type, String name, String descriptor) {
        if (name.equals("<init>")) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Type.getConstructorDescriptor(constructor).equals(descriptor)) {
                    return constructor;
                }
            }
            return null;
        }
        boolean field = !descriptor.startsWith("(");
        Deque<Class<?>> todo = new ArrayDeque<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (field) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(name) && Type.getDescriptor(f.getType()).equals(descriptor)) {
                        return f;
                    }
                }
            } else {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                        return m;
                    }
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
            if (c.isInterface()) {
                todo.add(Object.class);
            }
        }
        return null;
    }

    private static String learnerMembersOf(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Class<?> c = type; c != null && c.getName().startsWith("dev.loadbearing.sim."); c = c.getSuperclass()) {
            List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredMethods()));
            executables.addAll(List.of(c.getDeclaredConstructors()));
            for (Executable e : executables) {
                if (e.isAnnotationPresent(LearnerApi.class)) {
                    names.add(e instanceof Constructor<?> ? "new " + c.getSimpleName() + "(...)" : e.getName() + "()");
                }
            }
        }
        return names.isEmpty() ? "only what the exercise hands you" : type.getSimpleName() + "'s learner API: " + String.join(", ", names);
    }

    private static String learnerTypesOf(String packageName) {
        return switch (packageName) {
            case "dev.loadbearing.sim.server" -> "a load balancer gets a Request and the Backends";
            case "dev.loadbearing.sim.engine" -> "Time, Distribution, RandomStream, and Sim's now(), seed() and random(name)";
            case "dev.loadbearing.sim.store" -> "a Cache, a Datastore, a Transaction, a WideColumnStore and their Replies, or a RelationalDatabase's Tables, Indexes, Queries and Plans";
            case "dev.loadbearing.sim.node" -> "a Node's send, setTimer, now, random and stableStorage";
            case "dev.loadbearing.sim.rpc" -> "an RpcClient's call, stream, after and now, and the Calls it hands back";
            case "dev.loadbearing.sim.eventlog" -> "a Projector gets a Batch of LogEvents and a ReadModel (get, put, delete, position, savePosition)";

            case "dev.loadbearing.sim.function" -> "a ProvisioningPolicy gets a FunctionWindow; FunctionCode gets an InstanceContext and Invocations, and a Database's connect() and pool(size)";
            case "dev.loadbearing.sim.shard" -> "a ShardRouter gets a key and the Shards (their name()), and ShardHash.of hashes a string";
            default -> "see the learner API in the simulation guide";
        };
    }

    private static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, LearnerApiPolicy.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
