package org.backcare.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.backcare.Fixtures;
import org.backcare.cli.Commands;
import org.backcare.generate.ProfileGenerator;
import org.backcare.profile.ProfileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code review import}, {@code review audit} and {@code users add} as a user meets them: in this process, and in a
 * process of their own where standard input or a {@code kill -9} matters.
 */
class ReviewCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path generated(Path file, int count, int seed) throws Exception {
        ProfileGenerator generator = new ProfileGenerator(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) lines.add(new ProfileWriter().toJsonLine(generator.profile(i)));
        return Files.write(file, lines);
    }

    @Test
    void importListsWhatFailedStoresTheRestAndASecondRunChangesNothing() throws Exception {
        Path input = generated(dir.resolve("profiles.jsonl"), 300, 4);
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.add(5, "{\"id\": \"broken\", ");
        lines.add(lines.get(10));
        Files.write(input, lines);
        String data = dir.resolve("workspace").toString();

        Commands.Result first = Commands.run("review", "import", input.toString(), "--data", data, "--threads", "2");
        Commands.Result second = Commands.run("review", "import", input.toString(), "--data", data);

        assertThat(first.code()).as(first.err()).isEqualTo(1);
        assertThat(first.err()).contains(input + ":6: ", input + ":302: duplicate profile id",
                "302 profiles read: 300 new, 0 updated, 0 unchanged, 2 failed");
        assertThat(second.err()).contains("302 profiles read: 0 new, 0 updated, 300 unchanged, 2 failed");
    }

    @Test
    void theAuditTrailIsWrittenAsCsvAndJsonAndCheckedWhole() throws Exception {
        Path input = generated(dir.resolve("profiles.jsonl"), 20, 5);
        String data = dir.resolve("workspace").toString();
        Commands.run("review", "import", input.toString(), "--data", data);
        try (WorkspaceDatabase database = WorkspaceDatabase.embedded(Path.of(data))) {
            Workspace workspace = new Workspace(database, Fixtures.planner(), Clock.systemUTC());
            String id = new ProfileGenerator(5).profile(3).id();
            workspace.signOff(id, workspace.person(id).orElseThrow().rowVersion(), "=HYPERLINK(\"x\") reviewed",
                    new Account("lee", Account.Role.CLINICIAN));
        }

        Commands.Result csv = Commands.run("review", "audit", "--data", data);
        Commands.Result json = Commands.run("review", "audit", "--data", data, "--format", "json");
        Commands.Result verify = Commands.run("review", "audit", "--data", data, "--verify");

        assertThat(csv.code()).as(csv.err()).isZero();
        assertThat(csv.out().lines().findFirst().orElseThrow())
                .isEqualTo("seq,at,actor,action,profileId,planBefore,planAfter,reason,detail,previousHash,hash");
        // 20 imports and a sign-off; a reason a spreadsheet would run as a formula is written as text
        assertThat(csv.out()).contains(",sign-off,", "'=HYPERLINK(");
        JsonNode entries = JSON.readTree(json.out());
        assertThat(entries).hasSize(21);
        assertThat(entries.get(20).get("reason").asText()).isEqualTo("=HYPERLINK(\"x\") reviewed");
        assertThat(entries.get(20).get("previousHash").asText()).isEqualTo(entries.get(19).get("hash").asText());
        assertThat(verify.code()).isZero();
        assertThat(verify.err()).contains("the audit trail is whole: 21 entries, the last hash "
                + entries.get(20).get("hash").asText());
    }

    /** The command in a JVM of its own, as the launcher starts it. */
    private static ProcessBuilder backcare(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-Dslf4j.provider=org.slf4j.nop.NOPServiceProvider", "-cp",
                System.getProperty("java.class.path"), "org.backcare.cli.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static String run(ProcessBuilder builder, String stdin) throws Exception {
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + "\n" + out;
    }

    @Test
    void usersAddReadsThePasswordFromStandardInputAndKeepsOnlyItsHash() throws Exception {
        String data = dir.resolve("workspace").toString();

        String added = run(backcare("users", "add", "lee", "--role", "clinician", "--data", data),
                "correct horse battery staple\n");
        String again = run(backcare("users", "add", "lee", "--role", "viewer", "--data", data), "another long password\n");
        String shortOne = run(backcare("users", "add", "sam", "--role", "viewer", "--data", data), "short\n");
        String badRole = run(backcare("users", "add", "kim", "--role", "admin", "--data", data), "a long enough one\n");

        assertThat(added).startsWith("0\n").contains("account lee added as clinician");
        assertThat(again).startsWith("2\n").contains("account lee exists already");
        assertThat(shortOne).startsWith("2\n").contains("the password has 5 characters; expected 12 to 72");
        assertThat(badRole).startsWith("2\n").contains("Invalid value for option '--role': expected one of clinician, viewer, got admin");
        try (WorkspaceDatabase database = WorkspaceDatabase.embedded(Path.of(data))) {
            Accounts accounts = new Accounts(database, Clock.systemUTC());
            assertThat(accounts.signIn("lee", "correct horse battery staple".toCharArray(), "test"))
                    .contains(new Account("lee", Account.Role.CLINICIAN));
            assertThat(accounts.signIn("lee", "correct horse battery stapler".toCharArray(), "test")).isEmpty();
            assertThat(accounts.signIn("nobody", "correct horse battery staple".toCharArray(), "test")).isEmpty();
            try (Connection connection = database.connection(); Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT password_hash FROM accounts WHERE name = 'lee'")) {
                row.next();
                assertThat(row.getString(1)).startsWith("$2a$12$").doesNotContain("horse");
            }
            Workspace workspace = new Workspace(database, Fixtures.planner(), Clock.systemUTC());
            assertThat(workspace.audit(null, 0, 100)).extracting(AuditEntry::action)
                    .containsExactly("account-added", "sign-in", "sign-in-refused", "sign-in-refused");
        }
    }

    static List<String> engines() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void anImportKilledPartWayLosesNoCommittedDecisionAndLeavesNothingHalfWritten(String engine) throws Exception {
        Path input = generated(dir.resolve("profiles.jsonl"), 3_000, 6);
        String signedId = new ProfileGenerator(6).profile(0).id();
        try (Databases.Fresh fresh = new Databases.Fresh(engine, dir.resolve("workspace"))) {
            // a decision committed before the import: one person imported and signed off
            Workspace before = new Workspace(fresh.database(), Fixtures.planner(), Clock.systemUTC());
            PersonState person = before.put(new ProfileGenerator(6).profile(0), "form", "lee").person();
            before.signOff(signedId, person.rowVersion(), "reviewed before the import",
                    new Account("lee", Account.Role.CLINICIAN));
            String[] where = engine.equals("h2") ? new String[] {"--data", dir.resolve("workspace").toString()}
                    : new String[] {"--db", fresh.url()};
            fresh.database().close();

            List<String> args = new ArrayList<>(List.of("review", "import", input.toString(), "--threads", "2"));
            args.addAll(List.of(where));
            ProcessBuilder builder = backcare(args.toArray(String[]::new));
            builder.environment().putAll(Databases.credentials());
            Process importing = builder.start();
            BufferedReader log = new BufferedReader(new InputStreamReader(importing.getInputStream(), StandardCharsets.UTF_8));
            String line = log.readLine();
            // a third of the way: chunks committed, the next one in its transaction
            while (line != null && !line.startsWith("1000 of 3000")) line = log.readLine();
            assertThat(line).as("the import reported its progress").isNotNull();
            importing.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            WorkspaceDatabase reopened = fresh.reopen();
            Workspace after = new Workspace(reopened, Fixtures.planner(), Clock.systemUTC());
            PersonState signed = after.person(signedId).orElseThrow();
            long people;
            try (Connection connection = reopened.connection(); Statement statement = connection.createStatement()) {
                people = count(statement, "SELECT COUNT(*) FROM people");
                // every person whole: a profile version and a plan for each, nothing more
                assertThat(count(statement, "SELECT COUNT(*) FROM profile_versions")).isEqualTo(people);
                assertThat(count(statement, "SELECT COUNT(*) FROM plans")).isEqualTo(people);
                assertThat(count(statement, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'")).isEqualTo(people);
            }
            assertThat(people).isBetween(1_000L, 2_999L);
            // the killed chunk was rolled back whole: what is there is whole chunks (the first held the person
            // signed off before, unchanged)
            assertThat(people % ProfileImport.CHUNK).isZero();
            assertThat(signed.state()).isEqualTo(PersonState.SIGNED_OFF);
            assertThat(after.audit(signedId, 0, 10)).extracting(AuditEntry::action).containsExactly("import", "sign-off");
            assertThat(after.verifyAudit()).isEmpty();
            // stored plans read back and match their hashes
            for (PersonState p : Worklist.page(after, Worklist.Query.first(200)).people()) {
                assertThat(after.plan(p.profileId(), p.planVersion()).profileId()).isEqualTo(p.profileId());
            }
            reopened.close();

            String finished = run(builder, "");
            assertThat(finished).startsWith("0\n").contains("3000 profiles read: " + (3_000 - people)
                    + " new, 0 updated, " + people + " unchanged, 0 failed");
        }
    }

    @Test
    void aServerKilledWhileItKeepsProfilesLosesNoCommittedDecisionAndLeavesNothingHalfWritten() throws Exception {
        Path data = dir.resolve("workspace");
        ProfileGenerator generator = new ProfileGenerator(9);
        try (WorkspaceDatabase database = WorkspaceDatabase.embedded(data)) {
            Workspace before = new Workspace(database, Fixtures.planner(), Clock.systemUTC());
            PersonState person = before.put(generator.profile(0), "form", "lee").person();
            before.signOff(person.profileId(), person.rowVersion(), "reviewed before",
                    new Account("lee", Account.Role.CLINICIAN));
        }
        Process serve = backcare("serve", "--port", "0", "--data", data.toString()).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            java.util.regex.Pattern at = java.util.regex.Pattern.compile("serving CDS Hooks at (http://[^/]+)/");
            String base = null;
            for (String line = log.readLine(); line != null && base == null; line = log.readLine()) {
                java.util.regex.Matcher found = at.matcher(line);
                if (found.find()) base = found.group(1);
            }
            assertThat(base).as("the server started").isNotNull();
            java.util.concurrent.CompletableFuture.runAsync(() -> log.lines().forEach(line -> { }));
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            int answered = 0;
            for (int i = 1; i <= 400 && answered < 150; i++) {
                java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/plan")).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(new ProfileWriter()
                                .toJsonLine(generator.profile(i)))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) answered++;
            }
            assertThat(answered).isEqualTo(150);
        } finally {
            // while it keeps what it planned
            serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        try (WorkspaceDatabase reopened = WorkspaceDatabase.embedded(data)) {
            Workspace after = new Workspace(reopened, Fixtures.planner(), Clock.systemUTC());
            String signedId = generator.profile(0).id();
            assertThat(after.person(signedId).orElseThrow().state()).isEqualTo(PersonState.SIGNED_OFF);
            try (Connection connection = reopened.connection(); Statement statement = connection.createStatement()) {
                long people = count(statement, "SELECT COUNT(*) FROM people");
                assertThat(people).isBetween(2L, 151L);
                assertThat(count(statement, "SELECT COUNT(*) FROM profile_versions")).isEqualTo(people);
                assertThat(count(statement, "SELECT COUNT(*) FROM plans")).isEqualTo(people);
            }
            assertThat(after.verifyAudit()).isEmpty();
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
