package org.backcare.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backcare.Fixtures;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The check of what a rule set compiles to: code that the text check cannot see (names it does not list, source
 * tricks that put it out of step with the compiler) is rejected from the bytecode, with its file and line.
 */
class CompiledReachTest {
    @TempDir
    Path dir;

    /** Each passes the text check ({@link OutsideReach}) and reaches outside the rules. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // a file read and an HTTP request by the code source of a fact's class
        "var in = org.backcare.profile.SmokingStatus.CURRENT.getDeclaringClass().getProtectionDomain().getCodeSource()"
                + ".getLocation().toURI().resolve(\"/etc/passwd\").toURL().openStream(); | java.lang.Enum.getDeclaringClass",
        // a package root the text check does not list
        "ca.uhn.fhir.context.FhirContext.forR4();                               | ca.uhn.fhir.context.FhirContext.forR4",
        "new picocli.CommandLine(new Object()).execute(\"--help\");              | picocli.CommandLine.execute",
        "new me.tongfei.progressbar.ProgressBar(\"x\", 10).close();              | me.tongfei.progressbar.ProgressBar.<init>",
        "java.util.List.of(1, 2).parallelStream().forEach(i -> { });            | java.util.Collection.parallelStream",
        "var n = Integer.getInteger(\"x\", 1);                                 | java.lang.Integer.getInteger",
        "new RuntimeException().printStackTrace();                              | java.lang.Throwable.printStackTrace",
        // a method reference
        "var d = java.util.Optional.of(org.backcare.profile.SmokingStatus.CURRENT).map(Enum::getDeclaringClass); "
                + "| java.lang.Enum.getDeclaringClass",
    })
    void codeTheTextCheckMissesIsRejectedFromItsBytecode(String action, String call) throws Exception {
        Path rules = Fixtures.copyOfRulesWith(dir, "misbehaving", "", action);
        assertThat(RuleChecks.reachOutside(RuleFiles.read(rules.toString(), rules))).as("the text check").isEmpty();

        RulesException e = catchThrowableOfType(RulesException.class, () -> RuleSet.fromDirectory(rules));

        assertThat(e).as(action).isNotNull();
        assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith(rules + "/misbehaving.drl:").contains("call " + call + ", which reaches outside"));
    }

    @Test
    void aStringLeftOpenAcrossALineHidesNothing() throws Exception {
        // A text check that read the open string's quote as code and the /* after it as a comment (to the */ in the
        // next rule's name) would never see System.exit. Now the text check names the open string, and the compiled
        // rules never load either.
        Path rules = Fixtures.copyOfRules(dir);
        Files.writeString(rules.resolve("hidden.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;

                rule "hidden
                /*"
                when
                    $profile : Profile(age == 76)
                then
                    System.exit(0);
                end

                rule "closes the comment */"
                when
                    $profile : Profile(age == 77)
                then
                end
                """);
        RuleFiles files = RuleFiles.read(rules.toString(), rules);
        List<String> compiling = new ArrayList<>();

        RulesException e = catchThrowableOfType(RulesException.class, () -> RuleSet.fromDirectory(rules));
        KieBase compiled = RuleCompiler.compile(files, compiling);

        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith(rules + "/hidden.drl:4: a string that is not closed on its line"));
        assertThat(compiled).as("the compiler alone: %s", compiling).isNull();
        assertThat(compiling).isNotEmpty();
    }

    /**
     * Declarations the compiler builds and loads (running their code) before anything it made can be checked: each is
     * refused from Drools' own parse of the file, and the compiler never sees the rule set.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // an enum's arguments run in its static initialiser, which the compiler triggers
        "declare enum Hidden ONE(Integer.parseInt(\"ran\")); v : int end           | a declared type (declare Hidden)",
        // a timestamp expression stays MVEL, evaluated on every insert of the fact
        "declare Profile @role(event) @timestamp(age) end                          | a declared type (declare Profile)",
        "import accumulate java.util.ArrayList hidden;                             | an accumulate function imported",
    })
    void aDeclarationWhoseCodeWouldRunWhileCompilingIsRefusedBeforeIt(String declaration, String what)
            throws Exception {
        Path rules = Fixtures.copyOfRules(dir);
        Files.writeString(rules.resolve("declared.drl"), "package backcare.rules;\nimport org.backcare.profile.Profile;"
                + "\n\n" + declaration.replace("; ", ";\n") + "\n");

        RulesException e = catchThrowableOfType(RulesException.class, () -> RuleSet.fromDirectory(rules));

        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith(rules + "/declared.drl:4: " + what));
        assertThat(e.problems()).noneMatch(problem -> problem.contains("ExceptionInInitializerError"));
    }

    @Test
    void anMvelConsequenceIsCompiledAndCheckedTheSameWay() throws Exception {
        Path rules = Fixtures.copyOfRules(dir);
        Files.writeString(rules.resolve("mvel.drl"), """
                package backcare.rules;
                import org.backcare.profile.Profile;
                import org.backcare.profile.SmokingStatus;

                rule "an mvel consequence"
                    dialect "mvel"
                when
                    $profile : Profile(age == 76)
                then
                    d = SmokingStatus.CURRENT.getDeclaringClass();
                end
                """);

        RulesException e = catchThrowableOfType(RulesException.class, () -> RuleSet.fromDirectory(rules));

        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith(rules + "/mvel.drl:10: ").contains("java.lang.Enum.getDeclaringClass"));
    }

    @Test
    void theBuiltInRulesCompileToCodeThatKeepsToThemselves() {
        List<String> problems = new ArrayList<>();

        assertThat(RuleCompiler.compile(RuleFiles.builtIn(), problems)).isNotNull();
        assertThat(problems).isEmpty();
    }

    /** Statements that keep to the rules: values, collections, streams, dates, numbers, Backcare's facts. */
    private static final List<String> ALLOWED = List.of(
            "String s = String.valueOf($profile.age()).trim();",
            "java.util.List<Integer> l = new java.util.ArrayList<>(); l.add(Math.max($profile.age(), 1));",
            "java.time.LocalDate d = java.time.LocalDate.of(2026, 1, 1).plusDays(3);",
            "java.math.BigDecimal b = new java.math.BigDecimal(\"1.5\").setScale(0, java.math.RoundingMode.HALF_UP);",
            "String j = java.util.stream.Stream.of(\"a\", \"b\").map(String::toUpperCase)"
                    + ".collect(java.util.stream.Collectors.joining(\",\"));",
            "StringBuilder sb = new StringBuilder(\"x\").append(2).reverse();",
            "String o = java.util.Optional.ofNullable($profile).map(Object::toString).orElse(\"\");",
            "int h = java.util.Objects.hash(1, \"a\") + $profile.hashCode();",
            "java.util.Map<String, Integer> m = new java.util.HashMap<>(); m.merge(\"k\", 1, Integer::sum);",
            "java.util.Set<org.backcare.profile.SmokingStatus> e = java.util.EnumSet.noneOf("
                    + "org.backcare.profile.SmokingStatus.class);",
            "if ($profile.age() < 0) throw new IllegalStateException(\"age \" + $profile.age());");
    /** Statements that read, write, connect, start or find threads, exit, or reflect; each compiles. */
    private static final List<String> FORBIDDEN = List.of(
            "System.exit(0);",
            "Runtime.getRuntime().availableProcessors();",
            "new Thread(() -> { }).getName();",
            "java.nio.file.Files.exists(java.nio.file.Path.of(\"/\"));",
            "new java.io.File(\"/tmp\").exists();",
            "try { new java.net.URL(\"http://localhost/\").openConnection(); } catch (Exception x) { }",
            "$profile.getClass().getName();",
            "org.backcare.profile.SmokingStatus.CURRENT.getDeclaringClass().getProtectionDomain();",
            "java.util.List.of(1).parallelStream().count();",
            "Integer.getInteger(\"x\");",
            "System.getProperty(\"user.home\");",
            "new Exception().printStackTrace();",
            "java.util.concurrent.Executors.newSingleThreadExecutor();",
            "java.util.function.Supplier<Runtime> r = Runtime::getRuntime;",
            "java.util.function.Function<String, java.io.File> f = java.io.File::new;",
            "java.lang.invoke.MethodHandles.lookup();",
            "java.util.ServiceLoader.load(Runnable.class);",
            "new java.util.Scanner(System.in);",
            "java.util.Arrays.parallelSort(new int[] {2, 1});",
            "java.util.Locale.setDefault(java.util.Locale.GERMANY);",
            "java.util.stream.StreamSupport.stream(java.util.List.of(1).spliterator(), true).count();",
            "Enum.valueOf(java.util.concurrent.TimeUnit.class, \"SECONDS\");",
            "new picocli.CommandLine(new Object());",
            "ca.uhn.fhir.context.FhirContext.forR4();",
            "org.backcare.profile.ProfileReader.class.getName();");

    /**
     * Generated rule sets, one rule per file, each rule's action a random mix of allowed and forbidden statements:
     * exactly the files with a forbidden statement are rejected, each at its line; none with allowed statements only.
     * The bytecode check alone is tried (the text check would catch many of these first).
     */
    @Test
    void exactlyTheRulesThatReachOutsideAreRejected() throws IOException {
        for (long seed : new long[] {1, 2, 3}) {
            Random random = new Random(seed);
            Path copy = Fixtures.copyOfRules(Files.createDirectories(dir.resolve("generated-" + seed)));
            Map<String, Set<Integer>> reaching = new TreeMap<>();
            for (int rule = 0; rule < 24; rule++) {
                List<String> statements = new ArrayList<>();
                String file = "generated-" + rule + ".drl";
                int count = 1 + random.nextInt(3);
                while (statements.size() < count) {
                    boolean forbidden = random.nextInt(3) == 0;
                    List<String> pool = forbidden ? FORBIDDEN : ALLOWED;
                    String statement = pool.get(random.nextInt(pool.size()));
                    // each statement once in a rule: two would declare the same variable
                    if (statements.contains(statement)) continue;
                    // the action's statements start at line 8
                    if (forbidden) reaching.computeIfAbsent(file, f -> new TreeSet<>()).add(8 + statements.size());
                    statements.add(statement);
                }
                Files.writeString(copy.resolve(file), """
                        package backcare.rules;
                        import org.backcare.profile.Profile;

                        rule "generated %d"
                        when
                            $profile : Profile(age == 200)
                        then
                            %s
                        end
                        """.formatted(rule, String.join("\n    ", statements)));
            }
            List<String> problems = new ArrayList<>();

            KieBase kieBase = RuleCompiler.compile(RuleFiles.read(copy.toString(), copy), problems);

            assertThat(reaching).as("seed %d: the generator made a rule that reaches outside", seed).isNotEmpty();
            assertThat(kieBase).as("seed %d", seed).isNull();
            Set<String> rejected = new TreeSet<>();
            Pattern place = Pattern.compile(Pattern.quote(copy.toString()) + "/(generated-\\d+\\.drl):(\\d+): ");
            for (String problem : problems) {
                Matcher matcher = place.matcher(problem);
                assertThat(matcher.lookingAt()).as("seed %d: %s names its file and line", seed, problem).isTrue();
                assertThat(reaching.get(matcher.group(1))).as("seed %d: %s is at a forbidden statement", seed, problem)
                        .contains(Integer.parseInt(matcher.group(2)));
                rejected.add(matcher.group(1));
            }
            assertThat(rejected).as("seed %d", seed).isEqualTo(reaching.keySet());
        }
    }
}
