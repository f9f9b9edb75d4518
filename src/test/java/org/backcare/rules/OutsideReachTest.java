package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backcare.Fixtures;
import org.backcare.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule sets whose actions reach outside the rules are rejected at load, with the file and line, before any plan. */
class OutsideReachTest {
    @TempDir
    Path dir;

    private Path rulesWithAction(String action) throws Exception {
        return Fixtures.copyOfRulesWith(dir, "misbehaving", "", action);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "System.exit(0);                                                       | the system",
        "System . exit(0);                                                     | the system",
        "Runtime.getRuntime().halt(0);                                         | processes",
        "new ProcessBuilder(\"sh\").start();                                     | processes",
        "new Thread(() -> {}).start();                                         | threads",
        "String s = java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/shadow\")); | files",
        "new java.io.FileReader(\"/etc/shadow\");                                | files",
        "new java.net.Socket(\"example.org\", 80);                               | the network",
        "Class.forName(\"java.lang.Runtime\");                                   | reflection",
        "$profile.getClass().getDeclaredMethods();                             | reflection",
        "while (true) { }                                                      | an endless loop",
        "for (;;) { }                                                          | an endless loop",
        "String t = \"\"\" ; System.exit(0);                                      | a text block",
        "org.mvel2.MVEL.eval(\"1\");                                           | reaches outside the rules",
        "new java.beans.Expression($profile, \"toString\", null).getValue();      | reaches outside the rules",
        "new java.util.Formatter(\"/tmp/x\").close();                             | reaches outside the rules",
        "java.util.logging.Logger.getLogger(\"x\");                               | reaches outside the rules",
        "new ThreadPoolExecutor(1, 1, 0, null, null);                          | threads",
    })
    void anActionThatReachesOutsideTheRulesIsRejectedWithItsFileAndLine(String action, String what) throws Exception {
        Path rules = rulesWithAction(action);

        RulesException e = catchThrowableOfType(RulesException.class, () -> RuleSet.fromDirectory(rules));

        assertThat(e).as(action).isNotNull();
        assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith(rules + "/misbehaving.drl:8: ").contains(what));
    }

    @Test
    void wordsInCommentsAndStringsAreNotCode() {
        String drl = """
                // System.exit is never called here
                rule "Files and threads: a name that only mentions them"
                /* while (true) */
                then
                    insert(new Note("Runtime.getRuntime() \\" File"));
                end
                """;

        assertThat(OutsideReach.check("x.drl", drl)).isEmpty();
    }

    @Test
    void aUnicodeEscapeThatCouldHideCodeIsRejected() {
        // javac reads a backslash-u escape before anything else, even in a comment: it could hide System.exit
        String drl = "// \\" + "u000a System.exit(0);\nrule \"x\" then end\n";

        assertThat(OutsideReach.check("x.drl", drl)).singleElement().asString()
                .startsWith("x.drl:1: a unicode escape");
        assertThat(OutsideReach.check("x.drl", "insert(\"\\\\u0041\");")).as("an escaped backslash").isEmpty();
    }

    @Test
    void theBuiltInRulesKeepToThemselves() {
        assertThat(RuleChecks.reachOutside(RuleFiles.builtIn())).isEmpty();
    }

    @Test
    void rulesCheckListsEveryPlaceAndExitsTwo() throws Exception {
        Path rules = rulesWithAction("System.exit(0);\n    java.nio.file.Files.readAllLines(null);");
        StringWriter err = new StringWriter();

        int code = Main.run(new String[] {"rules", "--check", "--rules", rules.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("misbehaving.drl:8: \"System\" reaches outside the rules to the system",
                "misbehaving.drl:9: \"Files\" reaches outside the rules to files",
                "misbehaving.drl:9: \"java.nio.file.Files.readAllLines\" reaches outside the rules; rules may name only");
    }
}
