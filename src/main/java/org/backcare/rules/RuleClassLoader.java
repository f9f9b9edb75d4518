package org.backcare.rules;

import java.util.Map;

/**
 * Loads the classes a rule set compiled to, and only those: its own classes first (a rule set may reuse the names of
 * the built-in model's classes), everything else from the parent. Its classes have passed {@link CompiledReach}
 * before this loader is made.
 */
final class RuleClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** Class file bytes by binary name ({@code backcare.rules.Rules1a2b}). */
    private final Map<String, byte[]> classes;

    /** @param classFiles class file bytes by class file name ({@code backcare/rules/Rules1a2b.class}) */
    RuleClassLoader(Map<String, byte[]> classFiles, ClassLoader parent) {
        super("backcare-rules", parent);
        this.classes = new java.util.HashMap<>();
        classFiles.forEach((file, bytes) -> classes.put(
                file.substring(0, file.length() - ".class".length()).replace('/', '.'), bytes));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!classes.containsKey(name)) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] bytes = classes.get(name);
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) resolveClass(loaded);
            return loaded;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        throw new ClassNotFoundException(name);
    }
}
