package org.backcare.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.backcare.rules.RulesException;
import org.junit.jupiter.api.Test;

/** Which command lines start loading the built-in rules early, and what a failed loading throws. */
class BuiltInPlannerTest {
    private static boolean early(String... args) {
        return BuiltInPlanner.willPlanWithBuiltInRules(args);
    }

    @Test
    void commandsThatPlanWithTheBuiltInRulesLoadThemEarly() {
        assertThat(early("plan", "profile.yaml")).isTrue();
        assertThat(early("--debug", "plan", "profile.yaml", "--format", "text")).isTrue();
        assertThat(early("report", "profiles", "--out", "site")).isTrue();
    }

    @Test
    void otherRulesHelpVersionAndOtherCommandsDoNot() {
        assertThat(early("plan", "profile.yaml", "--rules", "my-rules")).isFalse();
        assertThat(early("plan", "profile.yaml", "--rules=my-rules")).isFalse();
        assertThat(early("plan", "--help")).isFalse();
        assertThat(early("plan", "-h")).isFalse();
        assertThat(early("--version")).isFalse();
        assertThat(early("validate", "profile.yaml")).isFalse();
        assertThat(early("fhir", "profile.yaml", "--emit", "profile")).isFalse();
        assertThat(early()).isFalse();
    }

    @Test
    void aFailedLoadingThrowsWhatLoadingThrewAsIfLoadedOnTheCommandsThread() {
        RulesException broken = new RulesException(List.of("advice.yaml: line 3: expected a title"));
        CompletableFuture<Object> loading = CompletableFuture.failedFuture(broken);

        assertThat(catchThrowable(() -> BuiltInPlanner.joined(loading))).isSameAs(broken);
    }
}
