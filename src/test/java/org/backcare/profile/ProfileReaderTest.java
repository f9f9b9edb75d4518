package org.backcare.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.List;
import org.backcare.profile.ProfileReader.Format;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileReaderTest {
    private final ProfileReader reader = new ProfileReader();

    private Profile yaml(String text) throws InvalidProfileException {
        return reader.parse("p.yaml", text.stripIndent(), Format.YAML);
    }

    private Profile json(String text) throws InvalidProfileException {
        return reader.parse("p.json", text, Format.JSON);
    }

    /** The problems of an invalid profile, as the lines a user sees. */
    private List<String> problemsOf(Format format, String text) {
        InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class,
                () -> reader.parse(format == Format.JSON ? "p.json" : "p.yaml", text.stripIndent(), format));
        assertThat(e).as("expected the profile to be rejected").isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    @Nested
    class ValidProfiles {
        @Test
        void readsEveryFieldOfTheFormatFromYaml() throws Exception {
            // given the example from the profile format, every field set
            Profile profile = reader.read(Path.of("profiles/maria-desk-worker.yaml"));

            // then every value arrives in the records
            assertThat(profile.id()).isEqualTo("maria-desk-worker");
            assertThat(profile.age()).isEqualTo(42);
            assertThat(profile.smoking()).isEqualTo(new Smoking(SmokingStatus.CURRENT, 10, true));
            assertThat(profile.sleep()).isEqualTo(new Sleep(SleepPosition.STOMACH, 6.5, true));
            assertThat(profile.sitting()).isEqualTo(new Sitting(9.0, 120, LegCrossing.SAME_SIDE, false));
            assertThat(profile.diet()).isEqualTo(new Diet(4, 6, 2, 1, 0));
            assertThat(profile.hydration()).isEqualTo(new Hydration(3.0, true));
            assertThat(profile.pain().currentIntensity()).isEqualTo(5);
            assertThat(profile.pain().usualIntensity()).isEqualTo(3);
            assertThat(profile.pain().worstIntensityLastMonth()).isEqualTo(7);
            assertThat(profile.pain().areas()).containsExactly(PainArea.LOWER_BACK, PainArea.LEG);
            assertThat(profile.pain().durationWeeks()).isEqualTo(14);
            assertThat(profile.pain().flaresLastYear()).isEqualTo(3);
            assertThat(profile.pain().fearOfMovement()).isEqualTo(FearOfMovement.HIGH);
            assertThat(profile.pain().redFlags()).isEmpty();
            assertThat(profile.pain().startBack()).isEqualTo(new StartBack(true, false, true, false, true, true,
                    false, false, Bothersomeness.VERY_MUCH));
            assertThat(profile.activity()).isEqualTo(new Activity(60,
                    List.of(ActivityType.WALKING, ActivityType.GARDENING, ActivityType.SWIMMING),
                    List.of(ActivityType.RUNNING),
                    List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY), 30));
            assertThat(profile.notAssessed()).isEmpty();
        }

        @Test
        void jsonAndYamlOfTheSameProfileAreEqual() throws Exception {
            Profile fromYaml = yaml("""
                    id: same
                    age: 30
                    sitting: {hoursPerDay: 8, crossesLegs: no}
                    activity: {likes: [tai-chi, water-aerobics]}
                    """);
            Profile fromJson = json("""
                    {"id": "same", "age": 30, "sitting": {"hoursPerDay": 8, "crossesLegs": "no"},
                     "activity": {"likes": ["tai-chi", "water-aerobics"]}}""");
            assertThat(fromYaml).isEqualTo(fromJson);
        }

        @Test
        void missingSectionsAreNotAssessedNotHealthy() throws Exception {
            Profile profile = json("{\"id\": \"a\", \"age\": 18, \"diet\": {}}");
            assertThat(profile.smoking()).isNull();
            assertThat(profile.notAssessed())
                    .containsExactly("smoking", "sleep", "sitting", "hydration", "pain", "activity");
        }

        @Test
        void availableDaysDefaultToEveryDay() throws Exception {
            Profile profile = yaml("id: a\nage: 50\nactivity: {likes: [walking]}\n");
            assertThat(profile.activity().availableDays()).containsExactly(DayOfWeek.values());
        }

        @Test
        void yamlNoIsTheValueNoNotFalse() throws Exception {
            // YAML 1.1 would read an unquoted no as false; the format's value "no" must work unquoted.
            assertThat(yaml("id: a\nage: 50\nsitting: {crossesLegs: no}\n").sitting().crossesLegs())
                    .isEqualTo(LegCrossing.NO);
        }

        @Test
        void readsTheBoundariesOfEveryRange() throws Exception {
            Profile low = yaml("""
                    id: a
                    age: 18
                    pain: {currentIntensity: 0, durationWeeks: 0, flaresLastYear: 0}
                    activity: {activeMinutesPerWeek: 0, minutesPerSession: 5}
                    """);
            Profile high = yaml("""
                    id: Z.z_9-
                    age: 110
                    pain: {currentIntensity: 10, durationWeeks: 5200, flaresLastYear: 365}
                    activity: {activeMinutesPerWeek: 5000, minutesPerSession: 240}
                    """);
            assertThat(low.pain().currentIntensity()).isZero();
            assertThat(high.pain().durationWeeks()).isEqualTo(5200);
            assertThat(high.activity().minutesPerSession()).isEqualTo(240);
        }
    }

    @Nested
    class InvalidProfiles {
        @Test
        void notWellFormedJsonNamesTheFileAndLine() {
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\",\n \"age\": 40,,\n}"))
                    .singleElement().asString().startsWith("p.json:2: not well-formed JSON");
        }

        @Test
        void notWellFormedYamlNamesTheFile() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: [40\n"))
                    .singleElement().asString().startsWith("p.yaml").contains("not well-formed YAML");
        }

        @Test
        void aNumberTooLongOrTooLargeFailsFastWithItsField() {
            // a million-digit number would be parsed digit by digit; the reader's constraints stop it at 32 digits
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\", \"age\": " + "9".repeat(5_000) + "}"))
                    .singleElement().asString().startsWith("p.json: not well-formed JSON")
                    .contains("maximum allowed (32");
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\", \"age\": 1e999999}"))
                    .singleElement().asString().contains("age: expected a whole number from 18 to 110");
        }

        @Test
        void anOverlongUtf8FormIsRejectedNotReadAsTheCharacterItSpells() {
            // 0xC0 0xAE spells '.' in a form UTF-8 forbids; Jackson's decoding read "x\xC0\xAE" as the valid id "x."
            byte[] json = "{\"id\": \"x__\", \"age\": 40}".getBytes(StandardCharsets.US_ASCII);
            json[10] = (byte) 0xC0;
            json[11] = (byte) 0xAE;
            byte[] yaml = "age: 40\nid: x__\n".getBytes(StandardCharsets.US_ASCII);
            yaml[13] = (byte) 0xC0;
            yaml[14] = (byte) 0xAE;

            for (Object[] c : new Object[][] {{"p.json", json, Format.JSON, "p.json:1: not valid UTF-8 at byte 11"},
                    {"p.yaml", yaml, Format.YAML, "p.yaml:2: not valid UTF-8 at byte 14"}}) {
                InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class,
                        () -> reader.parse((String) c[0], (byte[]) c[1], (Format) c[2]));
                assertThat(e).isNotNull();
                assertThat(e.problems()).singleElement().asString().startsWith((String) c[3]);
            }
        }

        @Test
        void anEmptyFileIsRejected() {
            assertThat(problemsOf(Format.JSON, "")).singleElement().asString().contains("empty");
            assertThat(problemsOf(Format.YAML, "  \n")).singleElement().asString().contains("empty");
        }

        @Test
        void aListOrScalarWhereTheProfileBelongsIsRejected() {
            assertThat(problemsOf(Format.JSON, "[1, 2]")).singleElement().asString()
                    .isEqualTo("p.json: expected a profile object at the top level, got a list");
            assertThat(problemsOf(Format.JSON, "null")).singleElement().asString().contains("got null");
        }

        @Test
        void missingRequiredFieldsAreNamed() {
            assertThat(problemsOf(Format.YAML, """
                    smoking: {cigarettesPerDay: 0}
                    sleep: {hoursPerNight: 7}
                    pain: {areas: [neck]}
                    """)).containsExactlyInAnyOrder(
                    "p.yaml: id: required field is missing; expected 1-64 characters of A-Z a-z 0-9 . _ -",
                    "p.yaml: age: required field is missing; expected a whole number from 18 to 110",
                    "p.yaml: smoking.status: required field is missing; expected one of never, former, current",
                    "p.yaml: sleep.position: required field is missing; expected one of back, side, stomach, mixed",
                    "p.yaml: pain.currentIntensity: required field is missing; expected a whole number from 0 to 10");
        }

        @Test
        void partialStartBackAnswersAreRejected() {
            assertThat(problemsOf(Format.YAML, """
                    id: a
                    age: 40
                    pain:
                      currentIntensity: 3
                      startBack: {legPain: true, bothersomeness: slightly}
                    """)).hasSize(7).allMatch(p -> p.startsWith("p.yaml: pain.startBack.")
                    && p.contains("required field is missing"));
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                age: 17                              | age: expected a whole number from 18 to 110, got 17
                age: 111                             | age: expected a whole number from 18 to 110, got 111
                age: 40.5                            | age: expected a whole number from 18 to 110, got 40.5
                age: '40'                            | age: expected a whole number from 18 to 110, got "40"
                age: 99999999999999999999            | age: expected a whole number from 18 to 110, got 99999999999999999999
                pain: {currentIntensity: 11}         | pain.currentIntensity: expected a whole number from 0 to 10, got 11
                program: {week: 0}                   | program.week: expected a whole number from 1 to 520, got 0
                program: {week: 3, lastWeek: {plannedMinutes: 90, painDuringMax: 11}} | program.lastWeek.painDuringMax: expected a whole number from 0 to 10, got 11
                program: {week: 3, lastWeek: {plannedMinutes: 90, effort: -1}} | program.lastWeek.effort: expected a whole number from 0 to 10, got -1
                program: {week: 3, lastWeek: {plannedMinutes: 90, completedMinutes: 5001}} | program.lastWeek.completedMinutes: expected a whole number from 0 to 5000, got 5001
                program: {week: 3, lastWeek: {plannedMinutes: 90, painSettledNextMorning: maybe}} | program.lastWeek.painSettledNextMorning: expected true or false, got "maybe"
                program: {week: 3, lastWeek: {plannedMinutes: 90, activities: [walking, skiing]}} | program.lastWeek.activities[1]: expected one of walking, gardening, yoga, swimming, cycling, tai-chi, pilates, dancing, strength-training, water-aerobics, hiking, running, stretching, got "skiing"
                program: {week: 3, lastWeek: {plannedMinutes: 90, pain: 3}} | program.lastWeek.pain: unknown field; expected one of plannedMinutes, completedMinutes, activities, painDuringMax, painSettledNextMorning, effort, redFlags, comfortableWeeks
                pain: {currentIntensity: -1}         | pain.currentIntensity: expected a whole number from 0 to 10, got -1
                pain: {currentIntensity: 3, usualIntensity: 11} | pain.usualIntensity: expected a whole number from 0 to 10, got 11
                sleep: {position: back, hoursPerNight: 25} | sleep.hoursPerNight: expected a number from 0 to 24, got 25
                sleep: {position: back, wakesWithStiffness: yes} | sleep.wakesWithStiffness: expected true or false, got "yes"
                sleep: {position: belly}             | sleep.position: expected one of back, side, stomach, mixed, got "belly"
                smoking: {status: Current}           | smoking.status: expected one of never, former, current, got "Current"
                activity: {likes: [walking, skiing]} | activity.likes[1]: expected one of walking, gardening, yoga, swimming, cycling, tai-chi, pilates, dancing, strength-training, water-aerobics, hiking, running, stretching, got "skiing"
                activity: {likes: walking}           | activity.likes: expected a list of walking, gardening, yoga, swimming, cycling, tai-chi, pilates, dancing, strength-training, water-aerobics, hiking, running, stretching, got "walking"
                activity: {availableDays: [monday, someday]} | activity.availableDays[1]: expected one of monday, tuesday, wednesday, thursday, friday, saturday, sunday, got "someday"
                activity: {minutesPerSession: 4}     | activity.minutesPerSession: expected a whole number from 5 to 240, got 4
                pain: {currentIntensity: 2, redFlags: [back-ache]} | pain.redFlags[0]: expected one of bladder-or-bowel-change, saddle-numbness, progressive-leg-weakness, recent-major-trauma, history-of-cancer, unexplained-weight-loss, fever, osteoporosis-or-steroids, constant-night-pain, sciatica-both-legs, new-sexual-dysfunction, unsteady-walking, iv-drug-use, immunosuppressed, recent-infection, inflammatory-pattern, got "back-ache"
                diet: sometimes                      | diet: expected an object, got "sometimes"
                hydration: {waterCups: 3}            | hydration.waterCups: unknown field; expected one of waterCupsPerDay, mostlyInEvening
                smokng: {status: never}              | smokng: unknown field; expected one of id, age, smoking, sleep, sitting, diet, hydration, pain, activity, program, clinician
                id: ../etc/passwd                    | id: expected 1-64 characters of A-Z a-z 0-9 . _ -, got "../etc/passwd"
                """)
        void aWrongValueNamesItsFieldAndWhatWasExpected(String field, String problem) {
            String text = (field.startsWith("age:") || field.startsWith("id:") ? "" : "id: a\nage: 40\n")
                    + (field.startsWith("age:") ? "id: a\n" : "") + (field.startsWith("id:") ? "age: 40\n" : "")
                    + field + "\n";
            assertThat(problemsOf(Format.YAML, text)).containsExactly("p.yaml: " + problem);
        }

        @Test
        void everyProblemInAFileIsReportedAtOnce() {
            assertThat(problemsOf(Format.JSON, """
                    {"id": "a", "age": 12, "pain": {"currentIntensity": 12, "fearOfMovement": "lots"},
                     "extra": true}""")).hasSize(4);
        }

        @Test
        void duplicateKeysAreRejectedInJsonAndYaml() {
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\", \"age\": 40, \"age\": 41}"))
                    .singleElement().asString().contains("age: duplicate key; expected each field once");
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nsleep:\n  position: back\n  position: side\n"))
                    .singleElement().asString().startsWith("p.yaml:").contains("duplicate key");
        }

        @Test
        void listedTwiceIsRejected() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nactivity: {likes: [yoga, yoga]}\n"))
                    .containsExactly("p.yaml: activity.likes[1]: yoga is listed twice; expected each at most once");
        }

        @Test
        void yamlAliasBombsAreStopped() {
            String bomb = """
                    a: &a ["x","x","x","x","x","x","x","x","x"]
                    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                    """;
            // The aliases are reported, never expanded.
            assertThat(problemsOf(Format.YAML, bomb)).hasSize(45).allMatch(p -> p.startsWith("p.yaml:")
                    && p.contains("a YAML alias (*") && p.contains("expected the value written out"));
        }

        @Test
        void aYamlAliasForAValueIsNamedAtItsField() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nx: &a [yoga]\nactivity:\n  likes: *a\n"))
                    .containsExactly("p.yaml:5: activity.likes: a YAML alias (*a); expected the value written out,"
                            + " since profiles do not use aliases");
        }

        @Test
        void notANumberIsRejectedWithItsLine() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nsleep: {position: back, hoursPerNight: .nan}\n"))
                    .containsExactly("p.yaml:3: not well-formed YAML: Malformed numeric value '.nan'");
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\", \"age\": NaN}"))
                    .singleElement().asString().startsWith("p.json:1: not well-formed JSON");
        }

        @Test
        void yamlTagsNamingJavaClassesAreNotInstantiated() {
            List<String> problems = problemsOf(Format.YAML,
                    "id: a\nage: 40\ndiet: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
            assertThat(problems).singleElement().asString().startsWith("p.yaml: diet: expected an object");
        }

        @Test
        void inputOverTheSizeLimitIsRejectedBeforeParsing() {
            String big = "{\"id\": \"a\", \"age\": 40, \"note\": \"" + "x".repeat(ProfileReader.MAX_BYTES) + "\"}";
            assertThat(problemsOf(Format.JSON, big)).singleElement().asString()
                    .contains("expected a profile of at most " + ProfileReader.MAX_BYTES);
        }

        @Test
        void deepNestingIsRejected() {
            String deep = "{\"id\": \"a\", \"age\": 40, \"diet\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";
            assertThat(problemsOf(Format.JSON, deep)).singleElement().asString().contains("not well-formed JSON");
        }

        @Test
        void trailingContentAfterTheProfileIsRejected() {
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\", \"age\": 40} {\"id\": \"b\"}"))
                    .singleElement().asString().contains("not well-formed JSON");
        }
    }

    @Nested
    class CrossFieldChecks {
        @Test
        void theLongestSittingStretchCannotExceedTheHoursSeated() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nsitting: {hoursPerDay: 2, longestStretchMinutes: 180}\n"))
                    .containsExactly("p.yaml: sitting.longestStretchMinutes: expected at most sitting.hoursPerDay in"
                            + " minutes (120), got 180");
        }

        @Test
        void sleepAndSittingCannotExceedADay() {
            assertThat(problemsOf(Format.YAML, """
                    id: a
                    age: 40
                    sleep: {position: side, hoursPerNight: 10}
                    sitting: {hoursPerDay: 15}
                    """)).singleElement().asString().startsWith("p.yaml: sitting.hoursPerDay:")
                    .contains("at most 24 hours");
        }

        @Test
        void theFirstWeekOfAProgrammeHasNoLastWeekAndLastWeekNeedsItsPlannedMinutes() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nprogram: {week: 1, lastWeek: {plannedMinutes: 30}}\n"))
                    .containsExactly("p.yaml: program.lastWeek: expected no lastWeek in week 1, the first week of a"
                            + " programme");
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nprogram: {week: 2, lastWeek: {completedMinutes: 30}}\n"))
                    .singleElement().asString().startsWith("p.yaml: program.lastWeek.plannedMinutes:")
                    .contains("required field is missing");
        }

        @Test
        void lastWeekCannotReportMoreDoneThanPlannedOrActivitiesWhenNothingWasDone() {
            assertThat(problemsOf(Format.YAML,
                    "id: a\nage: 40\nprogram: {week: 2, lastWeek: {plannedMinutes: 100, completedMinutes: 300}}\n"))
                    .containsExactly("p.yaml: program.lastWeek.completedMinutes: expected at most"
                            + " program.lastWeek.plannedMinutes (100), got 300");
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nprogram: {week: 2, lastWeek: {plannedMinutes: 100,"
                    + " completedMinutes: 0, activities: [walking]}}\n"))
                    .containsExactly("p.yaml: program.lastWeek.activities: expected no activities when"
                            + " program.lastWeek.completedMinutes is 0");
        }

        @Test
        void theWorstPainCannotBeLessThanTheCurrentPain() {
            assertThat(problemsOf(Format.YAML,
                    "id: a\nage: 40\npain: {currentIntensity: 6, worstIntensityLastMonth: 4}\n"))
                    .containsExactly("p.yaml: pain.worstIntensityLastMonth: expected at least pain.currentIntensity"
                            + " (6), got 4");
        }

        @Test
        void painCannotHaveLastedLongerThanTheLife() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: 20\npain: {currentIntensity: 3, durationWeeks: 2000}\n"))
                    .singleElement().asString().startsWith("p.yaml: pain.durationWeeks: expected at most");
        }

        @Test
        void aNonSmokerDoesNotSmokeCigarettes() {
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\nsmoking: {status: never, cigarettesPerDay: 5}\n"))
                    .containsExactly("p.yaml: smoking.cigarettesPerDay: expected 0 or no value when smoking.status is"
                            + " never, got 5");
        }

        @Test
        void anActivityIsNotBothLikedAndDisliked() {
            assertThat(problemsOf(Format.YAML,
                    "id: a\nage: 40\nactivity: {likes: [yoga, running], dislikes: [running]}\n"))
                    .containsExactly("p.yaml: activity.dislikes: running is also in activity.likes; expected an"
                            + " activity to be liked or disliked, not both");
        }
    }

    @Nested
    class ProfileFiles {
        @TempDir
        Path dir;

        @Test
        void aMissingFileIsNamed() {
            Path missing = dir.resolve("nobody.json");
            InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class, () -> reader.read(missing));
            assertThat(e.problems()).singleElement().asString().isEqualTo(missing + ": no such file");
        }

        @Test
        void anUnknownExtensionIsRejected() throws IOException {
            Path text = Files.writeString(dir.resolve("profile.txt"), "{\"id\": \"a\", \"age\": 40}");
            InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class, () -> reader.read(text));
            assertThat(e.problems()).singleElement().asString().contains("expected a file ending in .json, .yaml or .yml");
        }

        @Test
        void theFormatFollowsTheExtension() throws Exception {
            Path yml = Files.writeString(dir.resolve("p.YML"), "id: upper\nage: 33\n",
                    StandardCharsets.UTF_8);
            assertThat(reader.read(yml).id()).isEqualTo("upper");
        }

        @Test
        void binaryGarbageIsRejectedCleanly() throws IOException {
            Path garbage = dir.resolve("garbage.json");
            Files.write(garbage, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, '{'});
            InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class, () -> reader.read(garbage));
            assertThat(e.problems()).singleElement().asString().startsWith(garbage.toString());
        }
    }

    /** PROFILE.md, "Version 3 additions": not screened, the trend, last week's flags and the clinician's section. */
    @Nested
    class Version3 {
        @Test
        void aPainSectionWithoutRedFlagsWasNotScreenedAndWritesBackWithoutThem() throws Exception {
            Profile notAsked = yaml("""
                    id: a
                    age: 40
                    pain: {currentIntensity: 4}
                    """);
            Profile noneReported = yaml("""
                    id: a
                    age: 40
                    pain: {currentIntensity: 4, redFlags: []}
                    """);

            assertThat(notAsked.pain().redFlagsScreened()).isFalse();
            assertThat(notAsked.pain().redFlags()).isEmpty();
            assertThat(noneReported.pain().redFlagsScreened()).isTrue();
            assertThat(notAsked).isNotEqualTo(noneReported);
            String written = new ProfileWriter().toJsonLine(notAsked);
            assertThat(written).doesNotContain("redFlags");
            assertThat(json(written)).isEqualTo(notAsked);
            assertThat(new ProfileWriter().toJsonLine(noneReported)).contains("\"redFlags\":[]");
        }

        @Test
        void redFlagsARecordHoldsAreKeptApartFromScreeningAndWrittenBackAsRecorded() throws Exception {
            Profile recordOnly = yaml("""
                    id: a
                    age: 60
                    pain: {currentIntensity: 4, recordedRedFlags: [history-of-cancer]}
                    """);
            Profile askedToo = yaml("""
                    id: a
                    age: 60
                    pain: {currentIntensity: 4, redFlags: [fever], recordedRedFlags: [history-of-cancer, fever]}
                    """);

            assertThat(recordOnly.pain().redFlagsScreened()).as("nobody asked today").isFalse();
            assertThat(recordOnly.pain().redFlags()).containsExactly(RedFlag.HISTORY_OF_CANCER);
            String written = new ProfileWriter().toJsonLine(recordOnly);
            assertThat(written).contains("\"recordedRedFlags\":[\"history-of-cancer\"]").doesNotContain("\"redFlags\"");
            assertThat(json(written)).isEqualTo(recordOnly);
            assertThat(askedToo.pain().redFlagsScreened()).isTrue();
            assertThat(askedToo.pain().redFlags()).containsExactly(RedFlag.FEVER, RedFlag.HISTORY_OF_CANCER);
            assertThat(json(new ProfileWriter().toJsonLine(askedToo))).isEqualTo(askedToo);
        }

        @Test
        void theTrendLastWeeksFlagsAndTheClinicianSectionArriveInTheRecords() throws Exception {
            Profile profile = yaml("""
                    id: a
                    age: 70
                    pain: {currentIntensity: 4, trend: worsening, redFlags: [osteoporosis-or-steroids, fever]}
                    program: {week: 4, lastWeek: {plannedMinutes: 60, redFlags: [osteoporosis-or-steroids]}}
                    clinician:
                      assessed:
                        - flag: osteoporosis-or-steroids
                          on: 2026-11-20
                          outcome: managed
                          by: "J. Lee, physiotherapist"
                        - {flag: fever, on: 2026-11-21, outcome: cleared}
                      intensityCeiling: light
                      excludeActivities: [running]
                      note: "DEXA 2025.\\nOn alendronate."
                    """);

            assertThat(profile.pain().trend()).isEqualTo(PainTrend.WORSENING);
            assertThat(profile.program().lastWeek().redFlags()).containsExactly(RedFlag.OSTEOPOROSIS_OR_STEROIDS);
            assertThat(profile.clinician()).isEqualTo(new Clinician(List.of(
                    new Assessment(RedFlag.OSTEOPOROSIS_OR_STEROIDS, java.time.LocalDate.of(2026, 11, 20),
                            AssessmentOutcome.MANAGED, "J. Lee, physiotherapist"),
                    new Assessment(RedFlag.FEVER, java.time.LocalDate.of(2026, 11, 21), AssessmentOutcome.CLEARED,
                            null)),
                    AllowedIntensity.LIGHT, List.of(ActivityType.RUNNING), "DEXA 2025.\nOn alendronate."));
            assertThat(json(new ProfileWriter().toJsonLine(profile))).isEqualTo(profile);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                pain: {currentIntensity: 3, trend: better} | pain.trend: expected one of improving, same, worsening, got "better"
                program: {week: 2, lastWeek: {plannedMinutes: 60, redFlags: [fevers]}} | program.lastWeek.redFlags[0]: expected one of bladder-or-bowel-change, saddle-numbness, progressive-leg-weakness, recent-major-trauma, history-of-cancer, unexplained-weight-loss, fever, osteoporosis-or-steroids, constant-night-pain, sciatica-both-legs, new-sexual-dysfunction, unsteady-walking, iv-drug-use, immunosuppressed, recent-infection, inflammatory-pattern, got "fevers"
                pain: {currentIntensity: 3, redFlags: []}, clinician: {assessed: [{flag: fever, on: 2026-11-20, outcome: cleared}]} | clinician.assessed[0].flag: expected a flag that pain.redFlags reports, got fever
                pain: {currentIntensity: 3}, clinician: {assessed: [{flag: fever, on: 2026-11-20, outcome: cleared}]} | clinician.assessed[0].flag: expected a flag that pain.redFlags reports, got fever (red flags were not screened)
                pain: {currentIntensity: 3, redFlags: [fever]}, clinician: {assessed: [{flag: fever, on: 2026-02-30, outcome: cleared}]} | clinician.assessed[0].on: expected a real date written YYYY-MM-DD, got "2026-02-30"
                pain: {currentIntensity: 3, redFlags: [fever]}, clinician: {assessed: [{flag: fever, on: 20/11/2026, outcome: cleared}]} | clinician.assessed[0].on: expected a real date written YYYY-MM-DD, got "20/11/2026"
                pain: {currentIntensity: 3, redFlags: [fever]}, clinician: {assessed: [{flag: fever, on: 2026-11-20, outcome: fine}]} | clinician.assessed[0].outcome: expected one of cleared, managed, got "fine"
                pain: {currentIntensity: 3, redFlags: [fever]}, clinician: {assessed: [{flag: fever, outcome: cleared}]} | clinician.assessed[0].on: required field is missing; expected a real date written YYYY-MM-DD
                pain: {currentIntensity: 3, redFlags: [fever]}, clinician: {assessed: [{flag: fever, on: 2026-11-20, outcome: cleared}, {flag: fever, on: 2026-11-21, outcome: managed}]} | clinician.assessed[1].flag: fever is assessed twice; expected one entry for each flag
                pain: {currentIntensity: 3, redFlags: [fever]}, clinician: {assessed: [fever]} | clinician.assessed[0]: expected an object with flag, on, outcome and (optionally) by, got "fever"
                clinician: {intensityCeiling: hard} | clinician.intensityCeiling: expected one of gentle, light, moderate, vigorous, got "hard"
                clinician: {excludeActivities: [skiing]} | clinician.excludeActivities[0]: expected one of walking, gardening, yoga, swimming, cycling, tai-chi, pilates, dancing, strength-training, water-aerobics, hiking, running, stretching, got "skiing"
                clinician: {note: ""} | clinician.note: expected text of 1 to 500 characters, without control characters other than line breaks, got ""
                clinician: {notes: seen} | clinician.notes: unknown field; expected one of assessed, intensityCeiling, excludeActivities, note
                """)
        void aWrongVersion3ValueNamesItsFieldAndWhatWasExpected(String fields, String problem) {
            String text = "id: a\nage: 40\n" + String.join("\n", fields.split(", (?=clinician)")) + "\n";
            assertThat(problemsOf(Format.YAML, text)).containsExactly("p.yaml: " + problem);
        }

        @Test
        void whoAssessedAndTheNoteHaveTheirLengthsAndNoControlCharacters() {
            String flag = "pain: {currentIntensity: 3, redFlags: [fever]}\n";
            assertThat(problemsOf(Format.YAML, "id: a\nage: 40\n" + flag + "clinician: {assessed: [{flag: fever, on:"
                    + " 2026-11-20, outcome: cleared, by: " + "x".repeat(101) + "}]}\n"))
                    .singleElement().asString().startsWith("p.yaml: clinician.assessed[0].by: expected text of 1 to 100");
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\", \"age\": 40, \"clinician\": {\"note\": \""
                    + "x".repeat(501) + "\"}}")).singleElement().asString()
                    .startsWith("p.json: clinician.note: expected text of 1 to 500 characters");
            assertThat(problemsOf(Format.JSON, "{\"id\": \"a\", \"age\": 40, \"clinician\": {\"note\": \"a\\u001bb\"}}"))
                    .singleElement().asString().startsWith("p.json: clinician.note: expected text");
        }
    }
}
