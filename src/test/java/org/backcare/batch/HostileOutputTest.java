package org.backcare.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backcare.Fixtures;
import org.backcare.cli.Main;
import org.backcare.generate.ProfileGenerator;
import org.backcare.io.OutputDirectory;
import org.backcare.profile.ProfileWriter;
import org.backcare.report.HtmlReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch's output directory under a hostile tester: inputs edited between a run and its resume, a second writer,
 * links planted where the batch writes, an output path that goes through a link, a disk that fills, a summary
 * asked to hold too much. Each ends in a correct result or a clear error.
 */
class HostileOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static BatchResult run(Path input, Path out, BatchOptions.Format format, boolean resume)
            throws BatchException {
        return new BatchRunner(Fixtures.planner()).run(new BatchOptions(List.of(input), out, format, 2, resume),
                Progress.NONE);
    }


    /** Generated profiles {@code from} to {@code to} (ids {@code gen-...}), one per line. */
    private static List<String> profiles(long seed, int from, int to) {
        ProfileGenerator generator = new ProfileGenerator(seed);
        ProfileWriter writer = new ProfileWriter();
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) lines.add(writer.toJsonLine(generator.profile(i)));
        return lines;
    }

    @ParameterizedTest
    @EnumSource(BatchOptions.Format.class)
    void aResumeAfterProfilesWereEditedOrRemovedWritesWhatACleanRunOnTheNewInputWrites(BatchOptions.Format format)
            throws Exception {
        // given a run that stopped part way (JSONL) or finished (one file per plan)
        Path input = Files.write(dir.resolve("in.jsonl"), profiles(41, 0, 300));
        Path out = dir.resolve("out");
        if (format == BatchOptions.Format.JSONL) {
            catchThrowableOfType(BatchException.class, () -> FullDisk.after(150).run(
                    new BatchOptions(List.of(input), out, format, 2, false), Progress.NONE));
        } else {
            run(input, out, format, false);
        }

        // when a profile it planned is edited (same id, other content) and another is removed, and the run resumed
        List<String> edited = new ArrayList<>(Files.readAllLines(input));
        String changed = profiles(99, 10, 11).get(0);
        assertThat(changed).contains("\"gen-0000010\"").isNotEqualTo(edited.get(10));
        edited.set(10, changed);
        edited.remove(20);
        Files.write(input, edited);
        BatchResult resumed = run(input, out, format, true);

        // then the output is a clean run's on the edited input: one plan per id, none stale, none left over
        Path clean = dir.resolve("clean");
        run(input, clean, format, false);
        // JSON Lines keeps the earlier plans in place up to the first edited profile; one file per plan keeps
        // every plan whose profile is unchanged
        assertThat(resumed.resumed()).isEqualTo(format == BatchOptions.Format.JSONL ? 10 : 298);
        assertThat(resumed.planned()).isEqualTo(299);
        assertThat(BatchRunnerTest.contents(out)).isEqualTo(BatchRunnerTest.contents(clean));
        assertThat(BatchRunnerTest.summary(out).get("status").asText()).isEqualTo("finished");
    }

    @ParameterizedTest
    @EnumSource(BatchOptions.Format.class)
    void aResumeWithAnotherInputFileWritesWhatACleanRunOnThatFileWrites(BatchOptions.Format format)
            throws Exception {
        Path first = Files.write(dir.resolve("first.jsonl"), profiles(5, 0, 200));
        Path second = Files.write(dir.resolve("second.jsonl"), profiles(6, 100, 250));
        Path out = dir.resolve("out");
        run(first, out, format, false);

        run(second, out, format, true);

        Path clean = dir.resolve("clean");
        run(second, clean, format, false);
        assertThat(BatchRunnerTest.contents(out)).isEqualTo(BatchRunnerTest.contents(clean));
    }

    @Test
    void aJournalCutByAFullDiskLosesOnlyItsLastEntryAndTheNextResumeKeepsEverythingNoted() throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), profiles(43, 0, 600));
        Path out = dir.resolve("out");
        BatchOptions first = new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, false);
        catchThrowableOfType(BatchException.class, () -> FullDisk.after(250).run(first, Progress.NONE));
        Path journal = out.resolve(Journal.NAME);
        String text = Files.readString(journal);
        Files.writeString(journal, text.substring(0, text.length() - 12));

        // a resumed run that stops again on the full disk
        BatchOptions resume = new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, true);
        catchThrowableOfType(BatchException.class, () -> FullDisk.after(400).run(resume, Progress.NONE));
        JsonNode stopped = BatchRunnerTest.summary(out);
        assertThat(stopped.get("status").asText()).isEqualTo("stopped");
        // the 199 whole entries kept in place, and the 400 plans written before the disk filled again
        assertThat(stopped.get("resumed").asLong()).isEqualTo(199);
        assertThat(stopped.get("planned").asLong()).isEqualTo(599);

        BatchResult finished = run(input, out, BatchOptions.Format.JSONL, true);

        assertThat(finished.resumed()).isEqualTo(599);
        Path clean = dir.resolve("clean");
        run(input, clean, BatchOptions.Format.JSONL, false);
        assertThat(BatchRunnerTest.contents(out)).isEqualTo(BatchRunnerTest.contents(clean));
    }

    @Test
    void aResumeThatStopsAtOnceLosesNothingTheRunBeforeItKept() throws Exception {
        // a JSON Lines resume killed or stopped as soon as it starts must not forget what the run before it wrote
        Path input = Files.write(dir.resolve("in.jsonl"), profiles(47, 0, 500));
        Path out = dir.resolve("out");
        catchThrowableOfType(BatchException.class, () -> FullDisk.after(300).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, false), Progress.NONE));
        BatchOptions resume = new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, true);
        catchThrowableOfType(BatchException.class, () -> FullDisk.after(0).run(resume, Progress.NONE));

        BatchResult finished = run(input, out, BatchOptions.Format.JSONL, true);

        assertThat(finished.resumed()).isEqualTo(300);
        Path clean = dir.resolve("clean");
        run(input, clean, BatchOptions.Format.JSONL, false);
        assertThat(BatchRunnerTest.contents(out)).isEqualTo(BatchRunnerTest.contents(clean));
    }

    @Test
    void aResumeUnderOtherRulesRemovesThePlansOfProfilesNoLongerThere() throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), profiles(53, 0, 60));
        Path out = dir.resolve("out");
        run(input, out, BatchOptions.Format.JSON, false);
        List<String> fewer = new ArrayList<>(Files.readAllLines(input));
        fewer.remove(5);
        Files.write(input, fewer);
        Path rules = Fixtures.copyOfRules(dir);
        Files.writeString(rules.resolve("smoking.drl"), Files.readString(rules.resolve("smoking.drl"))
                + "\n// a comment: another rules version, so the journal no longer applies\n");
        BatchRunner otherRules = new BatchRunner(org.backcare.Planner.fromDirectory(rules));

        otherRules.run(new BatchOptions(List.of(input), out, BatchOptions.Format.JSON, 2, true), Progress.NONE);

        Path clean = dir.resolve("clean");
        otherRules.run(new BatchOptions(List.of(input), clean, BatchOptions.Format.JSON, 2, false), Progress.NONE);
        assertThat(out.resolve("gen-0000005.plan.json")).doesNotExist();
        assertThat(BatchRunnerTest.contents(out)).isEqualTo(BatchRunnerTest.contents(clean));
    }

    @Test
    void aRunThatStopsReplacesTheSummaryOfTheRunBeforeItSoNoStaleSuccessIsRead() throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), profiles(7, 0, 400));
        Path out = dir.resolve("out");
        run(input, out, BatchOptions.Format.JSONL, false);
        assertThat(BatchRunnerTest.summary(out).get("status").asText()).isEqualTo("finished");

        BatchException e = catchThrowableOfType(BatchException.class, () -> FullDisk.after(150).run(
                new BatchOptions(List.of(input), out, BatchOptions.Format.JSONL, 2, false), Progress.NONE));

        assertThat(e.getMessage()).contains("No space left on device", "run again with --resume to finish");
        JsonNode summary = BatchRunnerTest.summary(out);
        assertThat(summary.get("status").asText()).isEqualTo("stopped");
        assertThat(summary.get("error").asText()).contains("No space left on device");
        assertThat(summary.get("planned").asLong()).isEqualTo(100);
        assertThat(summary.get("notWritten").asLong())
                .isEqualTo(summary.get("read").asLong() - 100 - summary.get("failed").asLong()).isPositive();
    }

    @Test
    void aSecondRunOnADirectoryInUseStopsBeforeWritingAnything() throws Exception {
        Path out = dir.resolve("out");
        try (OutputDirectory held = OutputDirectory.open(out)) {
            BatchException e = catchThrowableOfType(BatchException.class,
                    () -> run(Path.of("profiles"), out, BatchOptions.Format.JSON, false));
            assertThat(e.nothingDone()).isTrue();
            assertThat(e.getMessage()).startsWith("another backcare run (pid " + ProcessHandle.current().pid()
                    + ") is writing to " + held.path());

            StringWriter err = new StringWriter();
            int code = Main.run(new String[] {"batch", "profiles", "--out", out.toString(), "--quiet"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().lines()).hasSize(1).first().asString()
                    .startsWith("backcare: another backcare run");
            assertThat(out.resolve(BatchRunner.SUMMARY)).doesNotExist();
        }
        assertThat(run(Path.of("profiles"), out, BatchOptions.Format.JSON, false).failed()).isZero();
    }

    @ParameterizedTest
    @EnumSource(BatchOptions.Format.class)
    void linksPlantedInTheOutputAreReplacedNeverWrittenThrough(BatchOptions.Format format) throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> planted = List.of(Journal.NAME, PlanLines.PARTIAL, PlanLines.NAME, Summary.NAME,
                FailureLog.NAME, FailureLog.PARTIAL, "sam-minimal.plan.json", ".summary.json.tmp",
                ".sam-minimal.plan.json.tmp");
        for (String name : planted) Files.createSymbolicLink(out.resolve(name), victim);

        BatchResult result = run(Path.of("profiles"), out, format, false);

        assertThat(result.failed()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        for (String name : List.of(Journal.NAME, Summary.NAME, FailureLog.NAME,
                format == BatchOptions.Format.JSON ? "sam-minimal.plan.json" : PlanLines.NAME)) {
            assertThat(Files.isRegularFile(out.resolve(name), LinkOption.NOFOLLOW_LINKS)).as(name).isTrue();
        }
    }

    @Test
    void aResumeRefusesAJournalThatIsALinkAndReplacesEarlierPlansThatAreLinks() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve(Journal.NAME), victim);

        BatchException e = catchThrowableOfType(BatchException.class,
                () -> run(Path.of("profiles"), out, BatchOptions.Format.JSONL, true));

        assertThat(e.getMessage()).contains(Journal.NAME + " is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        Files.delete(out.resolve(Journal.NAME));
        run(Path.of("profiles"), out, BatchOptions.Format.JSONL, false);
        // a plans.jsonl that is a link is not the earlier run's output: everything is planned again, and the link
        // is replaced by the new plans.jsonl, never written through
        Files.delete(out.resolve(PlanLines.NAME));
        Files.createSymbolicLink(out.resolve(PlanLines.NAME), victim);
        BatchResult again = run(Path.of("profiles"), out, BatchOptions.Format.JSONL, true);
        assertThat(again.resumed()).isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isRegularFile(out.resolve(PlanLines.NAME), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void hardLinksPlantedAsTheLockOrThePlansAreNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createLink(out.resolve(OutputDirectory.LOCK), victim);

        BatchException e = catchThrowableOfType(BatchException.class,
                () -> run(Path.of("profiles"), out, BatchOptions.Format.JSON, false));

        assertThat(e.getMessage()).contains(OutputDirectory.LOCK + " is a hard link to another file");
        assertThat(Files.readString(victim)).isEqualTo("precious");

        Files.delete(out.resolve(OutputDirectory.LOCK));
        run(Path.of("profiles"), out, BatchOptions.Format.JSONL, false);
        Files.delete(out.resolve(PlanLines.NAME));
        Files.createLink(out.resolve(PlanLines.NAME), victim);
        BatchResult again = run(Path.of("profiles"), out, BatchOptions.Format.JSONL, true);
        assertThat(again.resumed()).as("a hard-linked plans.jsonl is not the earlier run's output").isZero();
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readString(out.resolve(PlanLines.NAME))).contains("\"profileId\"");
    }

    @Test
    void filesAnotherUserPlantedAreNeitherLockedNorTakenForTheEarlierRun() throws Exception {
        // Planting a file as another user needs root (CI runs as root); elsewhere there is no other user to be.
        Path out = Files.createDirectories(dir.resolve("out"));
        Path probe = Files.writeString(out.resolve("probe"), "");
        boolean root;
        try {
            Files.setAttribute(probe, "unix:uid", 65534);
            root = true;
        } catch (IOException | UnsupportedOperationException e) {
            root = false;
        }
        Files.delete(probe);
        org.junit.jupiter.api.Assumptions.assumeTrue(root, "needs root to plant a file as another user");
        Path lock = Files.writeString(out.resolve(OutputDirectory.LOCK), "pid 1\n");
        Files.setAttribute(lock, "unix:uid", 65534);

        BatchException e = catchThrowableOfType(BatchException.class,
                () -> run(Path.of("profiles"), out, BatchOptions.Format.JSON, false));

        assertThat(e.getMessage()).contains(OutputDirectory.LOCK + " belongs to another user (uid 65534)");
        Files.delete(lock);
        run(Path.of("profiles"), out, BatchOptions.Format.JSONL, false);
        Path plans = out.resolve(PlanLines.NAME);
        Files.setAttribute(plans, "unix:uid", 65534);
        BatchResult again = run(Path.of("profiles"), out, BatchOptions.Format.JSONL, true);
        assertThat(again.resumed()).as("another user's plans.jsonl is not the earlier run's output").isZero();
        assertThat(Files.getAttribute(plans, "unix:uid")).as("replaced by this run").isNotEqualTo(65534);
    }

    @Test
    void aLockFileThatIsALinkIsRefused() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(out.resolve(OutputDirectory.LOCK), victim);

        BatchException e = catchThrowableOfType(BatchException.class,
                () -> run(Path.of("profiles"), out, BatchOptions.Format.JSON, false));

        assertThat(e.getMessage()).contains(OutputDirectory.LOCK + " is a symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    @Test
    void theReportNeverWritesThroughAPlantedLink() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path victim = Files.writeString(dir.resolve("victim.html"), "precious");
        Path out = Files.createDirectories(dir.resolve("site"));
        Files.createSymbolicLink(out.resolve("index.html"), victim);
        Files.createSymbolicLink(out.resolve(".index.html.tmp"), victim);
        Files.createSymbolicLink(out.resolve("profiles"), elsewhere);
        HtmlReport report = new HtmlReport(Fixtures.planner());

        IOException e = catchThrowableOfType(IOException.class,
                () -> report.writeSite(List.of(Path.of("profiles")), out));

        assertThat(e.getMessage()).contains("profiles is a symbolic link");
        try (var written = Files.list(elsewhere)) {
            assertThat(written).isEmpty();
        }
        Files.delete(out.resolve("profiles"));
        report.writeSite(List.of(Path.of("profiles")), out);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isRegularFile(out.resolve("index.html"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(out.resolve("profiles/sam-minimal.html")).isRegularFile();
    }

    @Test
    void writtenFilesHaveThePermissionsOfAnyNewFileSoAWebServerCanServeTheReport() throws Exception {
        Path out = dir.resolve("out");
        run(Path.of("profiles"), out, BatchOptions.Format.JSON, false);
        Path plain = Files.createFile(dir.resolve("plain"));

        for (String name : List.of(Summary.NAME, "sam-minimal.plan.json", FailureLog.NAME)) {
            assertThat(Files.getPosixFilePermissions(out.resolve(name))).as(name)
                    .isEqualTo(Files.getPosixFilePermissions(plain));
        }
    }

    @Test
    void anOutputPathThroughALinkIsResolvedOnTheFileSystem() throws Exception {
        Path target = Files.createDirectories(dir.resolve("a/b"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);

        run(Path.of("profiles"), link.resolve("../x"), BatchOptions.Format.JSON, false);

        // link/.. is a/ on the file system, not dir/ as the text would have it
        assertThat(dir.resolve("a/x/sam-minimal.plan.json")).isRegularFile();
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void theSummaryListsTheFirstTenThousandFailuresAndFailuresJsonlHoldsThemAll() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Summary.MAX_LISTED + 50; i++) lines.add("{\"id\": \"bad-" + i + "\", \"age\": 7}");
        StringBuilder noisy = new StringBuilder("{\"id\": \"noisy\", \"age\": 40");
        for (int i = 0; i < 30; i++) noisy.append(", \"unknown").append(i).append("\": \"").append("x".repeat(2000))
                .append('"');
        lines.add(noisy.append('}').toString());
        Path input = Files.write(dir.resolve("bad.jsonl"), lines);
        Path out = dir.resolve("out");

        BatchResult result = run(input, out, BatchOptions.Format.JSONL, false);

        assertThat(result.failed()).isEqualTo(Summary.MAX_LISTED + 51);
        JsonNode summary = BatchRunnerTest.summary(out);
        assertThat(summary.get("failures")).hasSize(Summary.MAX_LISTED);
        assertThat(summary.get("failuresNotListed").asLong()).isEqualTo(51);
        assertThat(summary.get("failuresFile").asText()).isEqualTo(FailureLog.NAME);
        List<String> all = Files.readAllLines(out.resolve(FailureLog.NAME));
        assertThat(all).hasSize(Summary.MAX_LISTED + 51);
        JsonNode last = JSON.readTree(all.get(all.size() - 1));
        assertThat(last.get("reasons")).hasSize(org.backcare.io.FailureReasons.MAX_REASONS + 1);
        assertThat(last.get("reasons").get(org.backcare.io.FailureReasons.MAX_REASONS).asText()).isEqualTo("and 10 more problems");
        for (JsonNode reason : last.get("reasons")) {
            assertThat(reason.asText().length()).isLessThan(org.backcare.io.FailureReasons.MAX_REASON_CHARS + 40);
        }
    }
}
