package org.backcare.cli;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.backcare.fhir.CarePlanBundles;
import org.backcare.fhir.ProfileBundles;
import org.backcare.plan.Plan;
import org.backcare.files.InputFile;
import org.backcare.profile.InvalidProfileException;
import org.backcare.profile.Problem;
import org.backcare.profile.Profile;
import org.backcare.profile.ProfileWriter;
import org.hl7.fhir.r4.model.Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code backcare fhir FILE}: FHIR R4 in and out. FILE is a profile (.json, .yaml, .yml) or a FHIR Bundle (.json whose
 * {@code resourceType} is {@code Bundle}) of a Patient, Observations and a STarT Back QuestionnaireResponse.
 */
@Command(name = "fhir", mixinStandardHelpOptions = true,
        description = {"FHIR R4: print the plan for a profile or a FHIR Bundle as a Bundle with a CarePlan, a Goal and"
            + " RiskAssessments; or print the profile a Bundle maps to, a profile as a Bundle of Observations, or the"
            + " rule set as a PlanDefinition.",
            "What a Bundle holds that Backcare does not map is listed on stderr, one line each (docs/fhir.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the Bundle or profile was printed", "1:planning failed",
            "2:invalid usage, profile, Bundle or rules"})
final class FhirCommand implements Callable<Integer> {
    /** The largest Bundle read. A patient's Bundle for one plan is a few kilobytes. */
    static final int MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
    /** How much of a .json file is read to tell a FHIR resource from a profile. */
    private static final int SNIFFED_BYTES = 16 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "A profile (.json, .yaml, .yml) or a FHIR R4 Bundle (.json); none with --emit plandefinition.")
    Path file;

    @Option(names = "--emit", paramLabel = "WHAT",
            description = "careplan (default): the plan as a Bundle with a CarePlan; profile: the profile (from a"
                + " Bundle: what it maps to) as JSON; observations: the profile as a Bundle of a Patient, Observations"
                + " and a QuestionnaireResponse; plandefinition: the rule set as the PlanDefinition a CarePlan"
                + " instantiates.")
    Emit emit = Emit.CAREPLAN;

    /** What {@code --emit} asks for. */
    enum Emit { CAREPLAN, PROFILE, OBSERVATIONS, PLANDEFINITION }

    /** What {@code --bundle} asks for. */
    enum BundleType { COLLECTION, TRANSACTION }

    /** What {@code --fhir-version} asks for. */
    enum FhirVersion { R4, R5 }

    @Option(names = "--bundle", paramLabel = "TYPE",
            description = "collection (default): a Bundle to read or keep; transaction: one an EHR's FHIR server can"
                + " take, every entry a conditional create (the Patient by its identifier, the rule set's"
                + " PlanDefinition by URL and version), so that posting one plan twice creates nothing twice.")
    BundleType bundleType = BundleType.COLLECTION;

    @Option(names = "--fhir-version", paramLabel = "VERSION",
            description = "r4 (default), or r5: the same resources as R5, each planned activity a ServiceRequest the"
                + " CarePlan references (R5 has no CarePlan.activity.detail).")
    FhirVersion fhirVersion = FhirVersion.R4;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "The record's date (YYYY-MM-DD): ages are counted from Patient.birthDate to it. Default: the"
                + " Bundle's timestamp; a record with neither has no age from a birth date (never today's date).")
    java.time.LocalDate asOf;

    @Option(names = "--complete",
            description = "The Bundle is a searchset with a \"next\" link whose pages are all in it: read it. Without"
                + " this, one page of a search is refused.")
    boolean complete;

    @Mixin
    RulesOption rules;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if ((file == null) != (emit == Emit.PLANDEFINITION)) {
            err.println("backcare: " + (file == null ? "expected FILE, a profile or a FHIR Bundle"
                    : "--emit plandefinition takes no FILE: it prints the rule set"));
            err.println("Try 'backcare fhir --help' for usage.");
            return Main.INVALID;
        }
        FhirContext fhir = FhirContext.forR4();
        CarePlanBundles carePlans = new CarePlanBundles();
        if (emit == Emit.PLANDEFINITION) {
            out.println(encoded(carePlans.planDefinition(rules.ruleSet()), fhir));
            out.flush();
            return Main.OK;
        }
        // the record's date: every date the output carries (the plan made, the facts observed), else now
        OffsetDateTime made = asOf != null ? asOf.atStartOfDay().atOffset(ZoneOffset.UTC)
                : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        ProfileBundles profiles = new ProfileBundles(fhir);
        ProfileBundles.Mapped mapped = null;
        Optional<Profile> read;
        // before anything opens it: a FIFO would block the first read for ever
        String irregular = InputFile.notRegular(file);
        if (irregular != null) {
            err.println("backcare: " + file + ": " + irregular);
            return Main.INVALID;
        }
        if (isBundle(file)) {
            mapped = fromBundle(profiles, err);
            read = Optional.ofNullable(mapped == null ? null : mapped.profile());
        } else {
            read = ProfileFiles.readOne(file, err);
        }
        if (read.isEmpty()) return Main.INVALID;
        Profile profile = read.get();
        switch (emit) {
            case PROFILE -> out.println(new ProfileWriter().toJsonLine(profile));
            case OBSERVATIONS -> out.println(encoded(profiles.toBundle(profile, made), fhir));
            default -> {
                org.backcare.Planner planner = rules.planner();
                Optional<Plan> plan = rules.planWithinLimit(planner, profile, file, err);
                if (plan.isEmpty()) return Main.SOME_FAILED;
                boolean transaction = bundleType == BundleType.TRANSACTION;
                CarePlanBundles.Writing writing = new CarePlanBundles.Writing(made, transaction,
                        transaction ? carePlans.planDefinition(planner.rules()) : null);
                Bundle written;
                try {
                    written = mapped == null ? carePlans.toBundle(profile, plan.get(), null, null, writing)
                            : carePlans.toBundle(profile, plan.get(), mapped.patient(), mapped.patientFullUrl(),
                                    writing.observedAt(mapped.observed()));
                } catch (IllegalArgumentException e) {
                    err.println("backcare: " + file + ": cannot write a transaction: " + e.getMessage());
                    return Main.INVALID;
                }
                out.println(encoded(written, fhir));
            }
        }
        out.flush();
        return Main.OK;
    }

    /** {@code resource} as pretty JSON in the FHIR version asked for. */
    private String encoded(org.hl7.fhir.r4.model.Resource resource, FhirContext r4) {
        if (fhirVersion == FhirVersion.R4) return r4.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource);
        return FhirContext.forR5Cached().newJsonParser().setPrettyPrint(true)
                .encodeResourceToString(new org.backcare.fhir.R5Bundles().toR5(resource));
    }

    /** The largest exponent a number in a Bundle may have: HAPI would expand 1e999999 digit by digit. */
    static final int MAX_EXPONENT = 1000;
    private static final java.util.regex.Pattern EXPONENT =
            java.util.regex.Pattern.compile("[:\\[,]\\s*-?[0-9]+(?:\\.[0-9]+)?[eE][+-]?0*([0-9]{4,})\\s*[,}\\]]");

    /** The exponent of the first number in {@code json} beyond {@value #MAX_EXPONENT}, or null when there is none. */
    private static String hugeExponent(byte[] json) {
        java.util.regex.Matcher number = EXPONENT.matcher(new String(json, StandardCharsets.ISO_8859_1));
        while (number.find()) {
            String digits = number.group(1);
            if (digits.length() > 9 || Integer.parseInt(digits) > MAX_EXPONENT) {
                return digits.length() > 12 ? digits.substring(0, 12) + "..." : digits;
            }
        }
        return null;
    }

    private static boolean isBundle(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".json") && startsAsBundle(file);
    }

    /**
     * A .json file whose first kilobytes name a resourceType: a FHIR resource, not a profile (only the start is read,
     * so that a Bundle too large to read is still told as a Bundle).
     */
    private static boolean startsAsBundle(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return new String(in.readNBytes(SNIFFED_BYTES), StandardCharsets.UTF_8).contains("\"resourceType\"");
        } catch (IOException e) {
            return false;
        }
    }

    /** The profile a Bundle file maps to, with what was not mapped printed; null (with the problems printed) if none. */
    private ProfileBundles.Mapped fromBundle(ProfileBundles profiles, PrintWriter err) {
        Bundle bundle;
        try {
            byte[] content = InputFile.readAtMost(file, MAX_BUNDLE_BYTES);
            String huge = hugeExponent(content);
            if (huge != null) {
                err.println("backcare: " + file + ": a number with the exponent " + huge + "; expected numbers a"
                        + " record holds (an exponent of at most " + MAX_EXPONENT + ")");
                return null;
            }
            IParser parser = profiles.context().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
            bundle = parser.parseResource(Bundle.class, new String(content, StandardCharsets.UTF_8));
        } catch (InputFile.TooLarge e) {
            err.println("backcare: " + file + ": " + e.describe(MAX_BUNDLE_BYTES, "a FHIR Bundle"));
            return null;
        } catch (NoSuchFileException e) {
            err.println("backcare: " + file + ": no such file");
            return null;
        } catch (IOException e) {
            err.println("backcare: " + file + ": cannot be read: " + e.getMessage());
            return null;
        } catch (DataFormatException | ClassCastException e) {
            err.println("backcare: " + file + ": not a FHIR R4 Bundle in JSON: "
                    + Problem.printable(String.valueOf(e.getMessage())).replaceAll("\\s+", " "));
            return null;
        }
        try {
            ProfileBundles.Mapped mapped = profiles.fromBundle(file.toString(), bundle,
                    new ProfileBundles.Reading(asOf, complete));
            for (String line : mapped.notMapped()) err.println("backcare: " + file + ": not mapped: " + Problem.printable(line));
            return mapped;
        } catch (InvalidProfileException e) {
            for (Problem problem : e.problems()) err.println("backcare: " + problem);
            return null;
        }
    }
}
