package org.backcare.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code in a rule file that reaches outside the rules: the system (exit, environment, properties, standard
 * streams), processes, threads, files, the network, reflection, or an endless loop. Rules read facts and insert or
 * change facts; nothing more is needed, so a rule set that does any of these is rejected at load with the file and
 * line, before any profile is planned.
 *
 * <p>The check reads the DRL text with comments and string literals blanked out. It is a guard against accidents
 * and plain misuse, not a sandbox: code can be obfuscated past any list of names (SECURITY.md says what that means
 * for rule sets from others). Unicode escapes, which the Java compiler decodes before anything else and which can
 * hide any of these, are rejected wherever they appear.
 */
final class OutsideReach {
    /** A pattern of code, and what a match does in words. */
    private record Reach(Pattern pattern, String what) {
    }

    private static final String DOT = "\\s*\\.\\s*";
    /** Names from {@code java.lang} (which needs no import) and methods that reach outside, whatever the receiver. */
    private static final List<Reach> FORBIDDEN = List.of(
            reach("\\bSystem\\b",
                    "reaches outside the rules to the system (exit, environment, properties, standard streams)"),
            reach("\\b(Runtime|ProcessBuilder|ProcessHandle|Process)\\b", "reaches outside the rules to processes"),
            reach("\\b(Thread|ThreadGroup|ThreadLocal|InheritableThreadLocal|\\w*Executors?\\w*|ForkJoin\\w*"
                    + "|CompletableFuture|Timer)\\b", "reaches outside the rules to threads"),
            reach("\\b(Files?|Paths?|RandomAccessFile|\\w*Stream(Reader|Writer)|File\\w+|Scanner|Formatter"
                    + "|PrintWriter|PrintStream)\\b", "reaches outside the rules to files"),
            reach("\\b(Socket|ServerSocket|URL|URI|URLConnection|HttpClient|InetAddress|DatagramSocket)\\b",
                    "reaches outside the rules to the network"),
            reach("\\b(Class|ClassLoader|Module|ModuleLayer|StackWalker|SecurityManager|ClassValue|Package|MVEL"
                    + "|MethodHandles?|Unsafe)\\b|\\.\\s*class\\b|\\b(getClass|forName|getDeclared\\w*|getMethods?"
                    + "|getFields?|getConstructors?|newInstance|setAccessible|getClassLoader|getKieRuntime"
                    + "|getKnowledgeRuntime|getWorkingMemory|getKieBase|getEnvironment|getChannels)\\b",
                    "reaches outside the rules to reflection or the engine itself"),
            reach("\\bwhile\\s*\\(\\s*true\\s*\\)|\\bfor\\s*\\(\\s*;\\s*;\\s*\\)", "is an endless loop"),
            reach("\"\"\"", "is a text block, which this check does not read (write one-line strings)"));
    /** A qualified name from a package root: {@code java.io.File}, {@code org.mvel2.MVEL}. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\b(java|javax|jdk|sun|com|org|net|io|kotlin|scala|groovy)(" + DOT + "[A-Za-z_$][\\w$]*)+");
    /** The only qualified names rules need: Backcare's facts, plain values and collections. */
    private static final Pattern ALLOWED = Pattern.compile("org\\.backcare\\.(profile|plan|rules\\.facts)\\..*"
            + "|java\\.lang\\.(Math|StrictMath|String|StringBuilder|Integer|Long|Double|Float|Short|Byte|Boolean"
            + "|Character|Number|Comparable|CharSequence|Iterable|Enum)(\\..*)?"
            + "|java\\.util\\.(List|ArrayList|LinkedList|Map|HashMap|LinkedHashMap|TreeMap|Set|HashSet|LinkedHashSet"
            + "|TreeSet|Collection|Collections|Arrays|Objects|Optional|OptionalInt|OptionalDouble|EnumSet|EnumMap"
            + "|Comparator|Iterator|Locale|stream\\.(Stream|Collectors|IntStream|DoubleStream|LongStream))(\\..*)?"
            + "|java\\.time\\.\\w+(\\..*)?|java\\.math\\.(BigDecimal|BigInteger|RoundingMode)(\\..*)?");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\+u+[0-9a-fA-F]{4}");

    private OutsideReach() {
    }

    private static Reach reach(String pattern, String what) {
        return new Reach(Pattern.compile(pattern), what);
    }

    /** One problem per offending place, as {@code where:line: ...}, in line order; none for rules that keep to
     * themselves. */
    static List<String> check(String where, String drl) {
        SortedMap<Integer, List<String>> problems = new TreeMap<>();
        Matcher escape = UNICODE_ESCAPE.matcher(drl);
        while (escape.find()) {
            // An escape is one only after an odd number of backslashes; two stand for one backslash in a string.
            if (escape.group().indexOf('u') % 2 == 1) {
                int line = lineOf(drl, escape.start());
                problems.computeIfAbsent(line, l -> new ArrayList<>()).add(where + ":" + line + ": a unicode escape ("
                        + escape.group() + "), which can hide code; write the character itself");
            }
        }
        List<Integer> openQuotes = new ArrayList<>();
        String code = blank(drl, openQuotes);
        for (int quote : openQuotes) {
            // A string that runs past its line is where this check and the compiler could read the text apart (a
            // quote, then a comment opener on the next line, hides the code after it from this check alone).
            int line = lineOf(drl, quote);
            problems.computeIfAbsent(line, l -> new ArrayList<>()).add(where + ":" + line
                    + ": a string that is not closed on its line, which this check does not read; end it on its line");
        }
        for (Reach reach : FORBIDDEN) {
            Matcher found = reach.pattern().matcher(code);
            int lastLine = 0;
            while (found.find()) {
                // one problem per line and kind: java.nio.file.Files.readAllLines is one reach for files, not three
                int line = lineOf(code, found.start());
                if (line == lastLine) continue;
                lastLine = line;
                problems.computeIfAbsent(line, l -> new ArrayList<>()).add(where + ":" + line + ": \""
                        + found.group().replaceAll("\\s+", "") + "\" " + reach.what()
                        + "; rules may only read facts and insert, change or retract them");
            }
        }
        Matcher qualified = QUALIFIED.matcher(code);
        int lastLine = 0;
        while (qualified.find()) {
            String name = qualified.group().replaceAll("\\s+", "");
            int line = lineOf(code, qualified.start());
            if (ALLOWED.matcher(name).matches() || line == lastLine) continue;
            lastLine = line;
            problems.computeIfAbsent(line, l -> new ArrayList<>()).add(where + ":" + line + ": \"" + name
                    + "\" reaches outside the rules; rules may name only Backcare's facts (org.backcare.profile, plan,"
                    + " rules.facts), java.lang's numbers and strings, java.util's collections, java.time and java.math");
        }
        return problems.values().stream().flatMap(List::stream).toList();
    }

    /** The line, from 1, of {@code offset} in {@code text}. */
    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return line;
    }

    /** The text with every comment and string literal replaced by spaces, its line breaks kept. */
    static String blankCommentsAndStrings(String drl) {
        return blank(drl, new ArrayList<>());
    }

    /** As {@link #blankCommentsAndStrings}, adding to {@code openQuotes} the offset of each quote not closed on its line. */
    private static String blank(String drl, List<Integer> openQuotes) {
        StringBuilder code = new StringBuilder(drl);
        int i = 0;
        int n = drl.length();
        while (i < n) {
            char c = drl.charAt(i);
            char next = i + 1 < n ? drl.charAt(i + 1) : 0;
            int end;
            if (c == '/' && next == '/') {
                end = drl.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && next == '*') {
                end = drl.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (c == '"' && drl.startsWith("\"\"\"", i)) {
                // a text block stays code: the check rejects it rather than guess where it ends
                i += 3;
                continue;
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (end < n && drl.charAt(end) != c && drl.charAt(end) != '\n') {
                    end += drl.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= n || drl.charAt(end) != c) {
                    // not closed on its line: not a one-line string, so it stays code and is checked as code
                    openQuotes.add(i);
                    i++;
                    continue;
                }
                end++;
            } else {
                i++;
                continue;
            }
            for (int j = i; j < end; j++) {
                if (drl.charAt(j) != '\n') code.setCharAt(j, ' ');
            }
            i = end;
        }
        return code.toString();
    }
}
