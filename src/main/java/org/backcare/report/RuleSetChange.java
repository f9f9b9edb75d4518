package org.backcare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backcare.rules.RuleSet;

/**
 * What differs between two rule sets, file by file and rule by rule: the files added, removed and changed (data files
 * such as {@code advice.yaml} among them), and the rules added, removed and whose text changed. Immutable.
 */
public record RuleSetChange(List<String> filesAdded, List<String> filesRemoved, List<String> filesChanged,
        List<String> rulesAdded, List<String> rulesRemoved, List<String> rulesChanged) {

    public RuleSetChange {
        filesAdded = List.copyOf(filesAdded);
        filesRemoved = List.copyOf(filesRemoved);
        filesChanged = List.copyOf(filesChanged);
        rulesAdded = List.copyOf(rulesAdded);
        rulesRemoved = List.copyOf(rulesRemoved);
        rulesChanged = List.copyOf(rulesChanged);
    }

    public static RuleSetChange of(RuleSet before, RuleSet after) {
        Compared files = compare(before.fileDigests(), after.fileDigests());
        Compared rules = compare(before.ruleDigests(), after.ruleDigests());
        return new RuleSetChange(files.added, files.removed, files.changed, rules.added, rules.removed, rules.changed);
    }

    private record Compared(List<String> added, List<String> removed, List<String> changed) {
    }

    private static Compared compare(Map<String, String> before, Map<String, String> after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        after.forEach((name, digest) -> {
            String old = before.get(name);
            if (old == null) added.add(name);
            else if (!old.equals(digest)) changed.add(name);
        });
        before.keySet().stream().filter(name -> !after.containsKey(name)).forEach(removed::add);
        return new Compared(added, removed, changed);
    }

    /** The lines that say what differs, one per kind that is not empty; "no rule file differs" when none. */
    public List<String> inWords() {
        List<String> lines = new ArrayList<>();
        add(lines, "files changed", filesChanged);
        add(lines, "files added", filesAdded);
        add(lines, "files removed", filesRemoved);
        add(lines, "rules changed", rulesChanged);
        add(lines, "rules added", rulesAdded);
        add(lines, "rules removed", rulesRemoved);
        if (lines.isEmpty()) lines.add("no rule file differs");
        return lines;
    }

    private static void add(List<String> lines, String what, List<String> names) {
        if (!names.isEmpty()) lines.add(what + ": " + String.join(", ", names));
    }
}
