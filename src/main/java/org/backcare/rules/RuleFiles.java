package org.backcare.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The files of a rule set, by path relative to its root ({@code safety.drl}, {@code advice.yaml}): every {@code .drl}
 * file below the root, and the data files at the root. Immutable.
 */
record RuleFiles(String origin, SortedMap<String, byte[]> files) {
    static final String ADVICE = "advice.yaml";
    static final String EVIDENCE = "evidence.yaml";
    static final String ACTIVITIES = "activities.yaml";
    static final String FINDINGS = "findings.yaml";
    private static final String BUILT_IN = "backcare/rules/";

    RuleFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** The rule set packaged with Backcare (the repository's {@code rules/}). */
    static RuleFiles builtIn() {
        URL root = RuleFiles.class.getClassLoader().getResource(BUILT_IN);
        if (root == null) throw new RulesException(java.util.List.of("the built-in rules are missing from the classpath"));
        try {
            if ("file".equals(root.getProtocol())) return read("built-in rules", Path.of(root.toURI()));
            URLConnection connection = root.openConnection();
            connection.setUseCaches(false);
            if (!(connection instanceof JarURLConnection jar)) {
                throw new RulesException(java.util.List.of("cannot list the built-in rules at " + root));
            }
            SortedMap<String, byte[]> files = new TreeMap<>();
            try (JarFile jarFile = jar.getJarFile()) {
                for (JarEntry entry : Collections.list(jarFile.entries())) {
                    String name = entry.getName();
                    if (!entry.isDirectory() && name.startsWith(BUILT_IN) && isRuleFile(name.substring(BUILT_IN.length()))) {
                        try (InputStream in = jarFile.getInputStream(entry)) {
                            files.put(name.substring(BUILT_IN.length()), in.readAllBytes());
                        }
                    }
                }
            }
            return new RuleFiles("built-in rules", files);
        } catch (IOException | URISyntaxException e) {
            throw new RulesException("the built-in rules cannot be read: " + e.getMessage(), e);
        }
    }

    /** The rule set in a directory. */
    static RuleFiles read(String origin, Path dir) {
        if (!Files.isDirectory(dir)) throw new RulesException(java.util.List.of(dir + ": not a directory of rules"));
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                if (isRuleFile(relative)) files.put(relative, Files.readAllBytes(path));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RulesException(dir + ": cannot be read: " + e.getMessage(), e);
        }
        return new RuleFiles(origin, files);
    }

    static boolean isRuleFile(String relative) {
        return relative.endsWith(".drl") || relative.equals(ADVICE) || relative.equals(EVIDENCE)
                || relative.equals(ACTIVITIES) || relative.equals(FINDINGS);
    }

    /** {@code sha256:} and the hex digest of every file's path and content, in path order. */
    String version() {
        MessageDigest digest = sha256();
        feed(digest::update);
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** Each file by its path, in path order, with the hex SHA-256 of its content. */
    Map<String, String> fileDigests() {
        Map<String, String> digests = new TreeMap<>();
        files().forEach((path, content) -> digests.put(path, hex(content)));
        return Collections.unmodifiableMap(digests);
    }

    /**
     * Each of {@code rules} by its name, in their order, with the hex SHA-256 of its text: from its line in its file
     * to the {@code end} that closes it.
     */
    Map<String, String> ruleDigests(List<RuleInfo> rules) {
        Map<String, String> digests = new LinkedHashMap<>();
        ruleTexts(rules).forEach((name, text) -> digests.put(name, hex(text.getBytes(StandardCharsets.UTF_8))));
        return Collections.unmodifiableMap(digests);
    }

    /** Each of {@code rules} by its name, in their order, with its text: from its line in its file to its {@code end}. */
    Map<String, String> ruleTexts(List<RuleInfo> rules) {
        Map<String, List<String>> lines = new HashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (RuleInfo rule : rules) {
            byte[] content = files().get(rule.file());
            if (content == null || rule.line() < 1) continue;
            List<String> file = lines.computeIfAbsent(rule.file(),
                    name -> new String(content, StandardCharsets.UTF_8).lines().toList());
            StringBuilder text = new StringBuilder();
            for (int i = rule.line() - 1; i < file.size(); i++) {
                text.append(file.get(i)).append('\n');
                if (file.get(i).strip().equals("end")) break;
            }
            texts.putIfAbsent(rule.name(), text.toString());
        }
        return texts;
    }

    private static String hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * {@code crc32:} and the CRC-32 of what {@link #version} digests: a check that these are the files a version was
     * computed from, as sure as the digest against files changed by mistake (a stale build) and far quicker to make at
     * every start. Not a guard against files changed on purpose to match it: whoever can change the built-in rules'
     * files can change the model beside them too.
     */
    String checksum() {
        CRC32 crc = new CRC32();
        feed(crc::update);
        return "crc32:" + HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /**
     * The hex SHA-256 of the DRL files alone (fed as {@link #feed} feeds them): the same compiled rules, whatever the
     * advice, evidence and activities beside them.
     */
    String drlDigest() {
        MessageDigest digest = sha256();
        feed(path -> path.endsWith(".drl"), digest::update);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Every file's path, length and content, in path order, with a zero byte after the path and the length. */
    private void feed(Consumer<byte[]> sink) {
        feed(path -> true, sink);
    }

    private void feed(Predicate<String> which, Consumer<byte[]> sink) {
        byte[] zero = {0};
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!which.test(file.getKey())) continue;
            sink.accept(file.getKey().getBytes(StandardCharsets.UTF_8));
            sink.accept(zero);
            sink.accept(Long.toString(file.getValue().length).getBytes(StandardCharsets.UTF_8));
            sink.accept(zero);
            sink.accept(file.getValue());
        }
    }
}
