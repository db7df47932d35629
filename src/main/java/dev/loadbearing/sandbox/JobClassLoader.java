package dev.loadbearing.sandbox;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * Defines one job's classes from memory. Each job gets a fresh loader for the learner's classes
 * and a child loader for the tests, so nothing static survives into the next job and learner
 * code cannot name the tests (a parent never sees its child's classes). Its own classes are
 * defined first; everything else comes from the parent. It hands out no resources.
 */
final class JobClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    JobClassLoader(String name, ClassLoader parent, Map<String, byte[]> classes) {
        super(name, parent);
        this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] bytes = classes.get(name);
                loaded = bytes != null ? defineClass(name, bytes, 0, bytes.length) : getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        return null;
    }

    @Override
    public Enumeration<URL> getResources(String name) {
        return Collections.emptyEnumeration();
    }
}
