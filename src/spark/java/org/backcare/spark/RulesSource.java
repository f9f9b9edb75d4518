package org.backcare.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.backcare.Planner;
import org.backcare.rules.RuleSet;
import org.backcare.rules.RulesException;

/**
 * The rules a job plans with, as the executors receive them: the built-in ones, or the rule files of a rules
 * directory (those {@link RuleSet#isRuleFile} names, as {@code --rules} reads them) read on the driver (an executor
 * on a cluster cannot see the driver's disk). An executor JVM builds one {@link Planner} per rule set, lazily, and
 * its task threads share it: a Drools knowledge base is not serialisable and is never sent over the wire, only
 * these bytes are.
 */
record RulesSource(String version, TreeMap<String, byte[]> files) implements Serializable {
    /** A rules directory larger than this is refused: rule sets are text, a few hundred kilobytes. */
    static final long MAX_BYTES = 16L << 20;

    /** The planners of this JVM, by rules version (a content hash). */
    private static final Map<String, Planner> PLANNERS = new ConcurrentHashMap<>();

    static RulesSource builtIn(Planner planner) {
        PLANNERS.putIfAbsent(planner.rulesVersion(), planner);
        return new RulesSource(planner.rulesVersion(), null);
    }

    /** The files under {@code dir}, with the planner the driver built from them (which checks them first). */
    static RulesSource of(Path dir, Planner planner) {
        TreeMap<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                if (!RuleSet.isRuleFile(relative)) continue;
                byte[] content = Files.readAllBytes(file);
                total += content.length;
                if (total > MAX_BYTES) {
                    throw new RulesException(java.util.List.of(dir + ": more than " + (MAX_BYTES >> 20)
                            + " MB of rule files"));
                }
                files.put(relative, content);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RulesException(java.util.List.of(dir + ": cannot be read: " + e.getMessage()));
        }
        PLANNERS.putIfAbsent(planner.rulesVersion(), planner);
        return new RulesSource(planner.rulesVersion(), files);
    }

    /** This JVM's planner for these rules, built on first use (one build per JVM, whatever the threads). */
    Planner planner() {
        return PLANNERS.computeIfAbsent(version, unused -> load());
    }

    /** A new planner for these rules, built from their files here. */
    Planner load() {
        if (files == null) return Planner.builtIn();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("backcare-rules");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("a rule file outside the directory: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            Planner planner = Planner.fromDirectory(dir);
            if (!planner.rulesVersion().equals(version)) {
                throw new IllegalStateException("the rules changed on their way to the executor: " + version
                        + " on the driver, " + planner.rulesVersion() + " here");
            }
            return planner;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the rules on this executor", e);
        } finally {
            if (dir != null) deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
