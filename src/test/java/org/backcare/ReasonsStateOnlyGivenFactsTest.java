package org.backcare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backcare.generate.ProfileGenerator;
import org.backcare.plan.Finding;
import org.backcare.plan.Plan;
import org.backcare.plan.Recommendation;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileReader;
import org.backcare.profile.ProfileWriter;
import org.junit.jupiter.api.Test;

/**
 * No reason in a plan states a fact the profile did not contain (PROFILE.md, version 3): wherever a reason names a
 * profile field, what it says of it holds. "pain.redFlags is empty" needs red flags that were asked; "X was not given"
 * needs X absent; "X is 7" needs 7 there; "X includes a, b" needs both in the list. Checked against each profile as
 * written (the example files as they are; the generated ones as {@code ./backcare generate --count 2000 --seed 21}
 * writes them), on every field a reason names, in every reason (of recommendations, triage, findings and
 * progression) of every example plan and of the plans of those 2,000 generated profiles.
 */
class ReasonsStateOnlyGivenFactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    private static final ProfileWriter PROFILES = new ProfileWriter();
    /** A field path: what the reason says of it runs to the next one. */
    private static final Pattern FIELD = Pattern.compile(
            "\\b(age|(?:smoking|sleep|sitting|diet|hydration|pain|activity|program|clinician)(?:\\.[a-zA-Z]+)+)\\b");
    /** The one list whose absence is not its emptiness (PROFILE.md, version 3: absent is not screened). */
    private static final String RED_FLAGS = "pain.redFlags";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

    @Test
    void everyReasonOfEveryExampleAndGeneratedPlanStatesOnlyWhatTheProfileHolds() throws Exception {
        Planner planner = Fixtures.planner();
        List<String> wrong = new ArrayList<>();
        int reasons = 0;
        java.util.Map<Profile, JsonNode> profiles = new java.util.LinkedHashMap<>();
        ProfileReader reader = new ProfileReader();
        for (Path file : Fixtures.exampleProfiles()) {
            profiles.put(reader.read(file), (file.toString().endsWith(".json") ? JSON : YAML).readTree(file.toFile()));
        }
        ProfileGenerator generator = new ProfileGenerator(21);
        for (int i = 0; i < 2000; i++) {
            Profile profile = generator.profile(i);
            profiles.put(profile, JSON.readTree(PROFILES.toJsonLine(profile)));
        }
        for (java.util.Map.Entry<Profile, JsonNode> entry : profiles.entrySet()) {
            Profile profile = entry.getKey();
            JsonNode facts = entry.getValue();
            for (String reason : reasonsOf(planner.plan(profile))) {
                reasons++;
                String problem = falseStatement(facts, reason);
                if (problem != null) wrong.add(profile.id() + ": \"" + reason + "\": " + problem);
            }
        }
        assertThat(reasons).as("reasons checked").isGreaterThan(30_000);
        assertThat(wrong).isEmpty();
    }

    @Test
    void theCheckFindsAReasonThatStatesWhatTheProfileDoesNotHold() throws IOException {
        JsonNode notScreened = JSON.readTree("{\"id\": \"a\", \"age\": 40, \"pain\": {\"currentIntensity\": 4,"
                + " \"areas\": [\"leg\"]}}");

        assertThat(falseStatement(notScreened, "pain.redFlags is empty")).contains("not in the profile");
        assertThat(falseStatement(notScreened, "pain.currentIntensity is 5 (5 or more)")).contains("holds 4");
        assertThat(falseStatement(notScreened, "pain.areas includes neck")).contains("does not include neck");
        assertThat(falseStatement(notScreened, "pain.areas was not given")).contains("is in the profile");
        assertThat(falseStatement(notScreened, "pain.redFlags was not given: red flags were not screened")).isNull();
        assertThat(falseStatement(notScreened, "pain.currentIntensity is 4 (4 or more): up to moderate")).isNull();
        assertThat(falseStatement(notScreened, "pain.areas includes leg")).isNull();
        // every field a reason names is checked, not the first alone
        assertThat(falseStatement(notScreened, "pain.areas includes leg; pain.currentIntensity is 9"))
                .contains("holds 4");
        // a list not given is empty, but for red flags, where absent means not asked
        assertThat(falseStatement(notScreened, "activity.likes is empty")).isNull();
    }

    private static List<String> reasonsOf(Plan plan) {
        List<String> reasons = new ArrayList<>(plan.triage().reasons());
        for (Finding finding : plan.triage().findings()) reasons.addAll(finding.because());
        for (Recommendation r : plan.recommendations()) reasons.addAll(r.because());
        if (plan.progression() != null) reasons.addAll(plan.progression().because());
        return reasons;
    }

    /** What a reason states of the profile that the profile does not hold, or {@code null} when it holds. */
    static String falseStatement(JsonNode profile, String reason) {
        List<int[]> fields = new ArrayList<>();
        Matcher match = FIELD.matcher(reason);
        while (match.find()) fields.add(new int[] {match.start(1), match.end(1)});
        for (int f = 0; f < fields.size(); f++) {
            String path = reason.substring(fields.get(f)[0], fields.get(f)[1]);
            String said = reason.substring(fields.get(f)[1], f + 1 < fields.size() ? fields.get(f + 1)[0] : reason.length());
            JsonNode value = profile.at("/" + path.replace('.', '/'));
            boolean absent = value.isMissingNode() || value.isNull() || value.isArray() && value.isEmpty();
            String problem;
            if (said.startsWith(" was not given") || said.startsWith(" is not known") || said.startsWith(" is empty")
                    || said.startsWith(" was not assessed")) {
                boolean notAsked = value.isMissingNode() && path.equals(RED_FLAGS) && said.startsWith(" is empty");
                problem = notAsked ? path + " is empty, but not in the profile" : absent ? null
                        : path + " is in the profile";
            } else if (value.isMissingNode() || value.isNull()) {
                problem = path + " is not in the profile";
            } else if (said.startsWith(" includes ")) {
                problem = null;
                for (String name : names(said.substring(" includes ".length()))) {
                    boolean found = false;
                    for (JsonNode item : value) found |= item.asText().equals(name);
                    if (!found) problem = path + " does not include " + name;
                }
            } else if (said.startsWith(" is ")) {
                String expected = text(value);
                String rest = said.substring(" is ".length());
                boolean holds = rest.startsWith(expected) && (rest.length() == expected.length()
                        || !Character.isLetterOrDigit(rest.charAt(expected.length())));
                problem = holds ? null : path + " holds " + expected;
            } else if (said.startsWith(" has ") && said.matches(" has \\d+ days?\\b.*")) {
                int days = Integer.parseInt(said.replaceAll(" has (\\d+) days?\\b.*", "$1"));
                problem = days == value.size() ? null : path + " has " + value.size() + " days";
            } else {
                problem = null;   // named, and present
            }
            if (problem != null) return problem;
        }
        return null;
    }

    /** The names a list in words starts with: "fever, iv-drug-use: no finding open" gives fever, iv-drug-use. */
    private static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        for (String part : text.split(", ")) {
            Matcher name = NAME.matcher(part);
            if (!name.lookingAt() || name.end() < part.length() && part.charAt(name.end()) == ' ') break;
            names.add(name.group());
            if (name.end() < part.length()) break;
        }
        return names;
    }

    /** A value as a reason writes it: 9 rather than 9.0, lists comma separated, an empty list "empty". */
    private static String text(JsonNode value) {
        if (value.isArray()) {
            if (value.isEmpty()) return "empty";
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return String.join(", ", items);
        }
        if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())) return Long.toString(value.asLong());
        return value.asText();
    }
}
