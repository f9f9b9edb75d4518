package org.backcare.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.backcare.Fixtures;
import org.backcare.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code diff} says differs between two rule sets: the files, and the rules whose text changed. */
class RuleSetChangeTest {
    @TempDir
    Path dir;

    @Test
    void aRulesEditedTextIsNamedWithItsFileAndNothingElse() throws Exception {
        Path rules = Fixtures.copyOfRules(dir);
        Fixtures.replace(rules.resolve("sleep.drl"), "@advice(\"sleep-back-pillows\") @priority(35)",
                "@advice(\"sleep-back-pillows\") @priority(36)");

        RuleSetChange change = RuleSetChange.of(RuleSet.fromDirectory(Path.of("rules")), RuleSet.fromDirectory(rules));

        assertThat(change.filesChanged()).containsExactly("sleep.drl");
        assertThat(change.rulesChanged()).containsExactly("Sleep: back sleepers support the knees and neck with pillows");
        assertThat(change.filesAdded()).isEmpty();
        assertThat(change.rulesAdded()).isEmpty();
        assertThat(change.inWords()).containsExactly("files changed: sleep.drl",
                "rules changed: Sleep: back sleepers support the knees and neck with pillows");
    }

    @Test
    void theSameRulesDifferInNothing() {
        RuleSet rules = RuleSet.fromDirectory(Path.of("rules"));
        assertThat(RuleSetChange.of(rules, rules).inWords()).containsExactly("no rule file differs");
    }
}
