package org.backcare.rules;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What the classes a rule set compiles to may call, checked in their bytecode: the check sees what the JVM will run,
 * whatever the DRL text looks like (strings left open, comments, escapes, MVEL), so no trick of the source can hide
 * code from it. Every method a class calls, every field it reads or writes, and every method a lambda or method
 * reference stands for is resolved to the class that declares it, and must be on the allow-list:
 *
 * <ul>
 *   <li>the rule set's own classes (whose code is checked in turn);
 *   <li>Backcare's facts: the records, enums and interfaces of {@code org.backcare.profile}, {@code plan} and
 *       {@code rules.facts}, and the rules' functions ({@code Advise}, {@code PlainWords});
 *   <li>values: {@code java.lang}'s strings, numbers, {@code Math} and a few exceptions, {@code java.util}'s
 *       collections, functions and streams, {@code java.time}, {@code java.math};
 *   <li>the Drools model that wires rules together ({@code org.drools.model}), and from the engine's runtime only
 *       insert, update, delete and the rule's own name.
 * </ul>
 *
 * <p>Not allowed, whatever the path to it: reflection ({@code Class}, {@code ClassLoader}, {@code java.lang.invoke}
 * beyond the lambdas and string concatenation javac writes), files, the network, processes, threads (parallel
 * streams included), the system ({@code System}, {@code Runtime}, system properties through
 * {@code Integer.getInteger} and kin), printing a stack trace, and any other class. Stateless.
 */
final class CompiledReach {
    private static final Set<String> BACKCARE_FUNCTIONS = Set.of(
            "org.backcare.rules.facts.Advise", "org.backcare.rules.facts.PlainWords");
    private static final Pattern BACKCARE_FACTS = Pattern.compile("org\\.backcare\\.(profile|plan|rules\\.facts)\\.[^.]+");
    private static final Set<String> JAVA_LANG = Set.of("java.lang.String", "java.lang.StringBuilder",
            "java.lang.CharSequence", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float",
            "java.lang.Short", "java.lang.Byte", "java.lang.Boolean", "java.lang.Character", "java.lang.Number",
            "java.lang.Math", "java.lang.StrictMath", "java.lang.Comparable", "java.lang.Iterable",
            "java.lang.AbstractStringBuilder", "java.lang.Record");
    /** Exceptions a rule may throw (which fail its profile alone). */
    private static final Set<String> JAVA_LANG_THROWABLES = Set.of("java.lang.RuntimeException",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException", "java.lang.ArithmeticException",
            "java.lang.NullPointerException", "java.lang.UnsupportedOperationException",
            "java.lang.IndexOutOfBoundsException", "java.lang.AssertionError", "java.lang.Exception",
            "java.lang.Error");
    /** Of {@code Object} and {@code Enum}: what values answer. Not getClass or getDeclaringClass (reflection). */
    private static final Set<String> OBJECT_METHODS = Set.of("<init>", "equals", "hashCode", "toString", "wait",
            "notify", "notifyAll", "name", "ordinal", "compareTo");
    private static final Set<String> THROWABLE_METHODS = Set.of("<init>", "getMessage", "getCause");
    /**
     * Methods of allowed classes that reach outside: system properties, threads, reflection, scripts, and the
     * process's defaults ({@code Locale.setDefault} would change every later plan's formatting).
     */
    private static final Set<String> FORBIDDEN_METHODS = Set.of("getInteger", "getLong", "getBoolean",
            "parallel", "parallelStream", "parallelSort", "parallelSetAll", "parallelPrefix", "getDeclaringClass",
            "describeConstable", "getClass", "executeScript", "setDefault");
    private static final Pattern JAVA_UTIL = Pattern.compile("java\\.util\\.function\\.[^.]+"
            // not StreamSupport, which makes parallel streams from a flag
            + "|java\\.util\\.stream\\.(?!StreamSupport$)[^.]+"
            + "|java\\.util\\.(List|ArrayList|LinkedList|AbstractList|AbstractCollection|AbstractSequentialList"
            + "|Map|Map\\$Entry|AbstractMap|AbstractMap\\$SimpleEntry|AbstractMap\\$SimpleImmutableEntry|HashMap"
            + "|LinkedHashMap|TreeMap|SortedMap|NavigableMap|Set|AbstractSet|HashSet|LinkedHashSet|TreeSet|SortedSet"
            + "|NavigableSet|SequencedCollection|SequencedMap|SequencedSet|Collection|Collections|Arrays|Objects"
            + "|Optional|OptionalInt|OptionalLong|OptionalDouble|EnumSet|EnumMap|Comparator|Iterator|ListIterator"
            + "|Deque|ArrayDeque|Queue|AbstractQueue|PriorityQueue|StringJoiner|Locale|IntSummaryStatistics"
            + "|LongSummaryStatistics|DoubleSummaryStatistics|ImmutableCollections(\\$\\w+)?)");
    private static final Pattern JAVA_VALUES = Pattern.compile("java\\.time\\.([^.]+|chrono\\.[^.]+|temporal\\.[^.]+"
            + "|format\\.[^.]+)|java\\.math\\.(BigDecimal|BigInteger|RoundingMode|MathContext)");
    /** The engine's runtime as a consequence sees it: what it may ask of it. */
    private static final Set<String> DROOLS_RUNTIME = Set.of("org.drools.model.Drools",
            "org.drools.model.DroolsEntryPoint", "org.drools.core.rule.consequence.KnowledgeHelper",
            "org.drools.base.rule.consequence.ConsequenceContext", "org.kie.api.definition.rule.Rule");
    private static final Set<String> DROOLS_RUNTIME_METHODS = Set.of("insert", "insertLogical", "logicalInsert",
            "update", "delete", "getRule", "getName", "getPackageName", "halt");
    /**
     * The model that wires the rules together, and the engine's own pure helpers it calls: comparisons, the
     * accumulate functions, the consequence's view of the engine. Not scripts ({@code executeScript}), which
     * Drools would interpret rather than compile.
     */
    private static final Pattern DROOLS_MODEL = Pattern.compile(
            "org\\.drools\\.model\\.(?!codegen\\.|functions\\.ScriptBlock)[^$]+(\\$.+)?"
            + "|org\\.drools\\.modelcompiler\\.util\\.EvaluationUtil|org\\.drools\\.core\\.base\\.accumulators\\.[^.]+");
    /** Single methods of otherwise forbidden classes, which the compiled model itself calls. */
    private static final Set<String> SINGLE_METHODS = Set.of("java.lang.System.arraycopy",
            "java.lang.Enum.valueOf", "org.drools.modelcompiler.consequence.DroolsImpl.asKnowledgeHelper",
            "org.drools.util.DateUtils.getDateFormatMask");
    /** The bootstrap methods javac uses for lambdas, method references and string concatenation. */
    private static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory.metafactory",
            "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants");

    /**
     * One thing the classes reach: what it is ({@code java.net.URL.openStream}), how the DRL would name it (a method
     * or field name, {@code new URL} for a constructor, or empty when no text names it), the simple name of the class
     * the code names it on ({@code URL}, which may be a subclass of the one that declares it), whether it is a field,
     * and the rules whose code reaches it (empty when no rule's code is known to).
     */
    record Reach(String what, String name, String owner, boolean field, Set<String> rules) {
    }

    /** What one method's code reaches, the rule set's own classes it uses, and the strings it loads. */
    private record MethodCode(String className, String name, Set<Reach> reaches, Set<String> uses,
            List<String> strings) {
    }

    private final Map<String, ClassReader> classes = new HashMap<>();
    private final ClassLoader loader;
    private final Map<String, Optional<String>> verdicts = new HashMap<>();

    private CompiledReach(Map<String, byte[]> classFiles, ClassLoader loader) {
        this.loader = loader;
        classFiles.forEach((name, bytes) -> {
            ClassReader reader = new ClassReader(bytes);
            classes.put(reader.getClassName(), reader);
        });
    }

    /**
     * What the classes reach that they may not, each once, in name order, with the rules whose code reaches it; empty
     * when they keep to the rules.
     *
     * @param classFiles the compiled classes, by any name (the names inside the class files count)
     * @param loader where the classes they name outside themselves are found (without being initialised)
     * @param ruleNames the names of the rules they were compiled from, to tell which rule reaches what
     */
    static List<Reach> check(Map<String, byte[]> classFiles, ClassLoader loader, Set<String> ruleNames) {
        return new CompiledReach(classFiles, loader).check(ruleNames);
    }

    private List<Reach> check(Set<String> ruleNames) {
        List<MethodCode> methods = new ArrayList<>();
        for (ClassReader reader : classes.values()) {
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    MethodCode code = new MethodCode(reader.getClassName(), name, new LinkedHashSet<>(),
                            new LinkedHashSet<>(), new ArrayList<>());
                    methods.add(code);
                    if ((access & Opcodes.ACC_NATIVE) != 0) {
                        code.reaches().add(new Reach("a native method " + name, name, "", false, Set.of()));
                    }
                    return new Calls(code);
                }
            }, ClassReader.SKIP_FRAMES);
        }
        Map<String, Set<String>> rulesOfClass = rulesOfClasses(methods, ruleNames);
        Map<String, Reach> found = new TreeMap<>();
        for (MethodCode method : methods) {
            Set<String> rules = new TreeSet<>(rulesOfClass.getOrDefault(method.className(), Set.of()));
            ruleOf(method, ruleNames).ifPresent(rules::add);
            for (Reach reach : method.reaches()) {
                Reach known = found.get(reach.what());
                Set<String> all = new TreeSet<>(rules);
                if (known != null) all.addAll(known.rules());
                found.put(reach.what(), new Reach(reach.what(), reach.name(), reach.owner(), reach.field(),
                        Set.copyOf(all)));
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * The rules whose code each class holds: the executable model builds each rule in a method of its own
     * ({@code rule_...}, which loads the rule's name), from lambda classes that may call further classes (functions).
     */
    private Map<String, Set<String>> rulesOfClasses(List<MethodCode> methods, Set<String> ruleNames) {
        Set<String> ruleMethodClasses = new HashSet<>();
        Map<String, Set<String>> usesOfClass = new HashMap<>();
        for (MethodCode method : methods) {
            if (ruleOf(method, ruleNames).isPresent()) ruleMethodClasses.add(method.className());
            usesOfClass.computeIfAbsent(method.className(), c -> new HashSet<>()).addAll(method.uses());
        }
        Map<String, Set<String>> rulesOfClass = new HashMap<>();
        for (MethodCode method : methods) {
            Optional<String> rule = ruleOf(method, ruleNames);
            if (rule.isEmpty()) continue;
            List<String> pending = new ArrayList<>(method.uses());
            Set<String> seen = new HashSet<>();
            while (!pending.isEmpty()) {
                String used = pending.remove(pending.size() - 1);
                if (ruleMethodClasses.contains(used) || !seen.add(used)) continue;
                rulesOfClass.computeIfAbsent(used, c -> new TreeSet<>()).add(rule.get());
                pending.addAll(usesOfClass.getOrDefault(used, Set.of()));
            }
        }
        return rulesOfClass;
    }

    private static Optional<String> ruleOf(MethodCode method, Set<String> ruleNames) {
        if (!method.name().startsWith("rule_")) return Optional.empty();
        return method.strings().stream().filter(ruleNames::contains).findFirst();
    }

    /** Checks each call, field access, constant and dynamic call of one method's code. */
    private final class Calls extends MethodVisitor {
        private final MethodCode code;

        Calls(MethodCode code) {
            super(Opcodes.ASM9);
            this.code = code;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            method(owner, name, descriptor);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            field(owner, name);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            uses(type);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            String method = bootstrap.getOwner() + "." + bootstrap.getName();
            if (!BOOTSTRAPS.contains(method)) {
                code.reaches().add(new Reach(javaName(bootstrap.getOwner()) + "." + bootstrap.getName()
                        + " (a dynamic call)", name, "", false, Set.of()));
                return;
            }
            for (Object argument : arguments) constant(argument);
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Handle || value instanceof ConstantDynamic) {
                code.reaches().add(new Reach("a method handle or dynamic constant (" + value + ")", "", "", false,
                        Set.of()));
            } else if (value instanceof String string) {
                code.strings().add(string);
            } else if (value instanceof Type type && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
                Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
                if (element.getSort() != Type.OBJECT) return;
                String name = element.getInternalName();
                uses(name);
                // a class handed to an allowed method that reflects on it (Enum.valueOf, an accumulate function)
                if (!classes.containsKey(name) && !allowed(javaName(name), "<class>")) {
                    code.reaches().add(new Reach(javaName(name) + ".class", simpleName(name), simpleName(name),
                            false, Set.of()));
                }
            }
        }

        /** A bootstrap argument: the method a lambda or method reference stands for. */
        private void constant(Object argument) {
            if (argument instanceof Handle handle) {
                if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
                    field(handle.getOwner(), handle.getName());
                } else {
                    method(handle.getOwner(), handle.getName(), handle.getDesc());
                }
            } else if (argument instanceof ConstantDynamic) {
                code.reaches().add(new Reach("a dynamic constant (" + argument + ")", "", "", false, Set.of()));
            }
        }

        private void uses(String type) {
            if (classes.containsKey(type)) code.uses().add(type);
        }

        private void method(String owner, String name, String descriptor) {
            uses(owner);
            String key = owner + "." + name + descriptor;
            Optional<String> verdict = verdicts.computeIfAbsent(key, k -> methodVerdict(owner, name, descriptor));
            String simpleOwner = simpleName(owner);
            verdict.ifPresent(what -> code.reaches().add(new Reach(what, name.equals("<init>") ? "new " + simpleOwner
                    : name.startsWith("<") ? "" : name, simpleOwner, false, Set.of())));
        }

        private void field(String owner, String name) {
            uses(owner);
            String key = owner + "#" + name;
            Optional<String> verdict = verdicts.computeIfAbsent(key, k -> fieldVerdict(owner, name));
            verdict.ifPresent(what -> code.reaches().add(new Reach(what, name, simpleName(owner), true, Set.of())));
        }
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1).replaceAll(".*\\$", "");
    }

    /** Empty when the method may be called; otherwise what it is, in words. */
    private Optional<String> methodVerdict(String owner, String name, String descriptor) {
        if (name.equals("accFunction") && descriptor.startsWith("(Ljava/lang/Class;")) {
            // the model's accumulate function from a class, which it makes by reflection
            return Optional.of(javaName(owner) + "." + name + "(Class)");
        }
        if (owner.startsWith("[")) {
            // arrays answer clone, and Object's methods
            return name.equals("clone") || OBJECT_METHODS.contains(name) ? Optional.empty()
                    : Optional.of("an array's " + name);
        }
        Optional<String> declaring = declaringClass(owner, name, descriptor);
        if (declaring.isEmpty()) return Optional.of(javaName(owner) + "." + name + " (not found)");
        String declarer = declaring.get();
        if (classes.containsKey(declarer.replace('.', '/'))) return Optional.empty();
        return allowed(declarer, name) ? Optional.empty() : Optional.of(declarer + "." + name);
    }

    private Optional<String> fieldVerdict(String owner, String name) {
        Optional<String> declarer = fieldDeclarer(owner, name);
        if (declarer.isEmpty()) return Optional.of(javaName(owner) + "." + name + " (not found)");
        if (classes.containsKey(declarer.get().replace('.', '/'))) return Optional.empty();
        String javaName = declarer.get();
        // constants of facts, and of the allowed value classes (RoundingMode.HALF_UP, Integer.MAX_VALUE)
        return allowed(javaName, "<field>") ? Optional.empty() : Optional.of(javaName + "." + name);
    }

    /** The class that declares the field an access names: its owner, or a class or interface it inherits it from. */
    private Optional<String> fieldDeclarer(String owner, String name) {
        ClassReader own = classes.get(owner);
        if (own != null) {
            boolean[] found = {false};
            own.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public org.objectweb.asm.FieldVisitor visitField(int access, String field, String descriptor,
                        String signature, Object value) {
                    if (field.equals(name)) found[0] = true;
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            if (found[0]) return Optional.of(javaName(owner));
            List<String> supers = new ArrayList<>(Arrays.asList(own.getInterfaces()));
            if (own.getSuperName() != null) supers.add(0, own.getSuperName());
            for (String parent : supers) {
                Optional<String> declarer = fieldDeclarer(parent, name);
                if (declarer.isPresent()) return declarer;
            }
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(javaName(owner), false, loader);
            List<Class<?>> pending = new ArrayList<>(List.of(type));
            for (int i = 0; i < pending.size(); i++) {
                Class<?> candidate = pending.get(i);
                for (java.lang.reflect.Field field : candidate.getDeclaredFields()) {
                    if (field.getName().equals(name)) return Optional.of(candidate.getName());
                }
                if (candidate.getSuperclass() != null) pending.add(candidate.getSuperclass());
                pending.addAll(Arrays.asList(candidate.getInterfaces()));
            }
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static boolean allowed(String declarer, String method) {
        if (FORBIDDEN_METHODS.contains(method)) return false;
        if (SINGLE_METHODS.contains(declarer + "." + method)) return true;
        boolean asClass = method.equals("<class>");
        if (declarer.equals("java.lang.Object") || declarer.equals("java.lang.Enum")) {
            return asClass || OBJECT_METHODS.contains(method) || method.equals("<field>");
        }
        if (JAVA_LANG_THROWABLES.contains(declarer) || declarer.equals("java.lang.Throwable")) {
            return asClass || THROWABLE_METHODS.contains(method);
        }
        if (DROOLS_RUNTIME.contains(declarer)) return asClass || DROOLS_RUNTIME_METHODS.contains(method);
        return JAVA_LANG.contains(declarer) || JAVA_UTIL.matcher(declarer).matches()
                || JAVA_VALUES.matcher(declarer).matches() || isBackcareFact(declarer)
                || BACKCARE_FUNCTIONS.contains(declarer) || DROOLS_MODEL.matcher(declarer).matches();
    }

    /** A record, enum or interface of Backcare's facts: data, whose methods read and make values. */
    private static boolean isBackcareFact(String declarer) {
        String outer = declarer.contains("$") ? declarer.substring(0, declarer.indexOf('$')) : declarer;
        if (!BACKCARE_FACTS.matcher(outer).matches()) return false;
        try {
            Class<?> type = Class.forName(declarer, false, CompiledReach.class.getClassLoader());
            return type.isRecord() || type.isEnum() || type.isInterface()
                    || (type.getSuperclass() != null && type.getSuperclass().isEnum());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The class that declares the method a call names: the call's owner or the class or interface it inherits the
     * method from. A rule set's own classes are read from their bytecode; others are loaded, never initialised.
     */
    private Optional<String> declaringClass(String owner, String name, String descriptor) {
        ClassReader own = classes.get(owner);
        if (own != null) {
            if (declares(own, name, descriptor)) return Optional.of(javaName(owner));
            List<String> supers = new ArrayList<>();
            if (own.getSuperName() != null) supers.add(own.getSuperName());
            supers.addAll(Arrays.asList(own.getInterfaces()));
            for (String parent : supers) {
                Optional<String> found = declaringClass(parent, name, descriptor);
                if (found.isPresent()) return found;
            }
            return Optional.empty();
        }
        Class<?> type;
        try {
            type = Class.forName(javaName(owner), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        return declarer(type, name, descriptor).map(Class::getName);
    }

    private static Optional<Class<?>> declarer(Class<?> type, String name, String descriptor) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (declaresMember(c, name, descriptor)) return Optional.of(c);
        }
        // default and static methods of interfaces, breadth first from the type's own
        List<Class<?>> pending = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) pending.addAll(Arrays.asList(c.getInterfaces()));
        for (int i = 0; i < pending.size(); i++) {
            Class<?> candidate = pending.get(i);
            if (declaresMember(candidate, name, descriptor)) return Optional.of(candidate);
            pending.addAll(Arrays.asList(candidate.getInterfaces()));
        }
        // an interface's call to Object's methods
        if (type.isInterface() && declaresMember(Object.class, name, descriptor)) return Optional.of(Object.class);
        return Optional.empty();
    }

    private static boolean declaresMember(Class<?> type, String name, String descriptor) {
        try {
            List<Executable> members = new ArrayList<>();
            if (name.equals("<init>")) {
                members.addAll(Arrays.asList(type.getDeclaredConstructors()));
            } else {
                for (Method method : type.getDeclaredMethods()) {
                    if (method.getName().equals(name)) members.add(method);
                }
            }
            for (Executable member : members) {
                String actual = member instanceof Method method ? Type.getMethodDescriptor(method)
                        : Type.getConstructorDescriptor((java.lang.reflect.Constructor<?>) member);
                if (actual.equals(descriptor)) return true;
            }
            return false;
        } catch (LinkageError e) {
            return false;
        }
    }

    private static boolean declares(ClassReader reader, String name, String descriptor) {
        boolean[] found = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String desc, String signature,
                    String[] exceptions) {
                if (method.equals(name) && desc.equals(descriptor)) found[0] = true;
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return found[0];
    }

    private static String javaName(String internalName) {
        return internalName.replace('/', '.');
    }
}
