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
    private record Reach(Pattern pattern, String what) {
    }

    private static final String DOT = "\\s*\\.\\s*";
    private static final List<Reach> FORBIDDEN = List.of(
            reach("\\bSystem" + DOT + "\\w+", "the system (exit, environment, properties, standard streams)"),
            reach("\\b(Runtime|ProcessBuilder|ProcessHandle|Process)\\b", "processes"),
            reach("\\b(Thread|ThreadGroup|ThreadLocal|Executors?|ExecutorService|ForkJoinPool|CompletableFuture"
                    + "|Timer)\\b", "threads"),
            reach("\\bjava" + DOT + "(io|nio)\\b|\\b(Files?|Paths?|RandomAccessFile|FileChannel|Scanner)\\b"
                    + "|\\bFile(Input|Output)Stream\\b|\\bFile(Reader|Writer)\\b", "files"),
            reach("\\bjava" + DOT + "net\\b|\\bjavax" + DOT + "(naming|net|management)\\b"
                    + "|\\b(Socket|ServerSocket|URL|URI|URLConnection|HttpClient|InetAddress|DatagramSocket)\\b",
                    "the network"),
            reach("\\bjava" + DOT + "lang" + DOT + "(reflect|invoke)\\b|\\bClass" + DOT + "forName\\b"
                    + "|\\bgetClass\\b|\\.\\s*class\\b|ClassLoader|\\bgetDeclared\\w*|\\bsetAccessible\\b"
                    + "|\\bMethodHandles?\\b|\\bUnsafe\\b|\\b(sun|jdk)" + DOT + "\\w+|\\bjavax?" + DOT + "script\\b"
                    + "|\\bgetKieRuntime\\b|\\bgetKnowledgeRuntime\\b", "reflection or the engine itself"),
            reach("\\bwhile\\s*\\(\\s*true\\s*\\)|\\bfor\\s*\\(\\s*;\\s*;\\s*\\)", "an endless loop"));
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
        String code = blankCommentsAndStrings(drl);
        for (Reach reach : FORBIDDEN) {
            Matcher found = reach.pattern().matcher(code);
            int lastLine = 0;
            while (found.find()) {
                // one problem per line and kind: java.nio.file.Files.readAllLines is one reach for files, not three
                int line = lineOf(code, found.start());
                if (line == lastLine) continue;
                lastLine = line;
                problems.computeIfAbsent(line, l -> new ArrayList<>()).add(where + ":" + line + ": \""
                        + found.group().replaceAll("\\s+", "") + "\" reaches "
                        + (reach.what().startsWith("an ") ? "into " : "outside the rules to ")
                        + reach.what() + "; rules may only read facts and insert, change or retract them");
            }
        }
        return problems.values().stream().flatMap(List::stream).toList();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return line;
    }

    /** The text with every comment and string literal replaced by spaces, its line breaks kept. */
    static String blankCommentsAndStrings(String drl) {
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
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (end < n && drl.charAt(end) != c && drl.charAt(end) != '\n') {
                    end += drl.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
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
