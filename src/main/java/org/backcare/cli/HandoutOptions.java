package org.backcare.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.backcare.report.HandoutDetails;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What a printed handout says of who it is for and who gave it: from options, or from a small site file (YAML with
 * {@code issuer}, {@code contact}, {@code emergencyNumber}, {@code reviewDate}, {@code date}, {@code name}), the
 * options winning. Nothing given: the handout says "your GP" and "your local emergency number".
 */
final class HandoutOptions {
    /** The fields a site file may hold. */
    static final List<String> SITE_FIELDS = List.of("name", "date", "issuer", "reviewDate", "contact",
            "emergencyNumber");
    /** The longest value a site file or an option may give: a line on a printed page. */
    static final int LONGEST = 120;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--site", paramLabel = "FILE",
            description = "A YAML file with what every handout of a service says: issuer, contact, emergencyNumber"
                + " (and reviewDate, date or name).")
    Path site;

    @Option(names = "--name", paramLabel = "NAME", description = "The person's name, on the handout.")
    String name;

    @Option(names = "--date", paramLabel = "DATE", description = "The date the handout is given.")
    String date;

    @Option(names = "--issuer", paramLabel = "TEXT", description = "Who gives the handout: a service or clinician.")
    String issuer;

    @Option(names = "--review-date", paramLabel = "DATE", description = "When the plan is reviewed.")
    String reviewDate;

    @Option(names = "--contact", paramLabel = "TEXT",
            description = "Whom to call with questions or to book (default: your GP).")
    String contact;

    @Option(names = "--emergency-number", paramLabel = "NUMBER",
            description = "The emergency number to call (default: your local emergency number).")
    String emergencyNumber;

    /** The details: the site file's, with each option given in place of its value; a usage error names what is wrong. */
    HandoutDetails details() {
        HandoutDetails options = new HandoutDetails(checked("--name", name), checked("--date", date),
                checked("--issuer", issuer), checked("--review-date", reviewDate), checked("--contact", contact),
                checked("--emergency-number", emergencyNumber));
        return site == null ? options : readSite(site).with(options);
    }

    private HandoutDetails readSite(Path file) {
        JsonNode tree;
        if (!Files.isRegularFile(file)) throw error(file + ": not found; expected a YAML site file");
        try {
            tree = new YAMLMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw error(file + ": cannot be read as YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (tree == null || !tree.isObject()) throw error(file + ": expected a map of " + String.join(", ", SITE_FIELDS));
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!SITE_FIELDS.contains(field)) {
                throw error(file + ": " + field + ": not a site field; expected one of " + String.join(", ", SITE_FIELDS));
            }
            JsonNode value = tree.get(field);
            if (!value.isTextual()) {
                // a phone number read as a YAML number loses its leading zeros ("000" is 0, "0123" is octal)
                throw error(file + ": " + field + ": expected text in quotes (a phone number as \"000\", not 000), got "
                        + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value);
            }
        }
        return new HandoutDetails(text(file, tree, "name"), text(file, tree, "date"), text(file, tree, "issuer"),
                text(file, tree, "reviewDate"), text(file, tree, "contact"), text(file, tree, "emergencyNumber"));
    }

    private String text(Path file, JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        return value == null ? null : checked(file + ": " + field, value.asText());
    }

    /** A value on one line of at most {@value #LONGEST} characters, or a usage error naming where it came from. */
    private String checked(String where, String value) {
        if (value == null) return null;
        String text = value.strip();
        if (text.isEmpty() || text.length() > LONGEST || text.chars().anyMatch(Character::isISOControl)) {
            throw error(where + ": expected one line of 1 to " + LONGEST + " characters, got " + text.length()
                    + " characters" + (text.chars().anyMatch(Character::isISOControl) ? " with a line break or control"
                    + " character" : ""));
        }
        return text;
    }

    private ParameterException error(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
