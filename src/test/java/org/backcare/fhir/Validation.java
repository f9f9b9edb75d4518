package org.backcare.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * HAPI's validator offline, as the FHIR tests use it: the core definitions, in-memory terminology, and code systems it
 * cannot load (LOINC, SNOMED CT, Backcare's own) as warnings. Built once, on first use; thread-safe.
 */
final class Validation {
    static final FhirContext FHIR = FhirContext.forR4();

    private Validation() {
    }

    // UnknownCodeSystemWarningValidationSupport is deprecated since HAPI 8.6 with no replacement named; without it
    // every LOINC and SNOMED CT code, which the offline validator cannot load, would be an error
    @SuppressWarnings("deprecation")
    private static final class Holder {
        static final FhirValidator VALIDATOR = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(
                new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR),
                        new InMemoryTerminologyServerValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR),
                        new UnknownCodeSystemWarningValidationSupport(FHIR))));
    }

    /**
     * What breaks the rules a FHIR server applies to a transaction (FHIR R4, "Transaction processing rules"), beyond
     * the validator's: every entry a POST to its resource type with no id (the server assigns it), a unique
     * {@code urn:uuid} fullUrl, a conditional create whose search the resource matches (its identifier, or a
     * PlanDefinition's url and version), and every reference resolvable: to an entry of the Bundle, or to a resource
     * the server already holds ({@code Type/id}), never a {@code urn:uuid} that nothing in the Bundle has. Empty when
     * it keeps them all.
     */
    static List<String> transactionProblems(Bundle bundle) {
        List<String> problems = new ArrayList<>();
        Set<String> fullUrls = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!fullUrls.add(entry.getFullUrl())) problems.add(entry.getFullUrl() + ": fullUrl twice");
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            String where = entry.getFullUrl() + " (" + resource.fhirType() + ")";
            if (!entry.getFullUrl().startsWith("urn:uuid:")) problems.add(where + ": fullUrl not a urn:uuid");
            if (entry.getRequest().getMethod() != Bundle.HTTPVerb.POST
                    || !resource.fhirType().equals(entry.getRequest().getUrl())) {
                problems.add(where + ": not a POST to " + resource.fhirType());
            }
            if (resource.hasIdElement() && !resource.getIdElement().isEmpty()) problems.add(where + ": has an id");
            String condition = entry.getRequest().getIfNoneExist();
            if (condition == null || condition.isBlank()) {
                problems.add(where + ": no ifNoneExist, so posting it twice creates it twice");
            } else if (resource instanceof PlanDefinition definition) {
                if (!condition.equals("url=" + definition.getUrl() + "&version=" + definition.getVersion())) {
                    problems.add(where + ": ifNoneExist " + condition + " does not match its url and version");
                }
            } else {
                String token = condition.startsWith("identifier=") ? condition.substring("identifier=".length()) : "";
                int bar = token.indexOf('|');
                String system = bar < 0 ? null : unescaped(token.substring(0, bar));
                String value = bar < 0 ? null : unescaped(token.substring(bar + 1));
                boolean carried = system != null && FHIR.newTerser()
                        .getAllPopulatedChildElementsOfType(resource, Identifier.class).stream()
                        .anyMatch(i -> system.equals(i.getSystem()) && value.equals(i.getValue()));
                if (!carried) problems.add(where + ": ifNoneExist " + condition + " names no identifier it carries");
            }
            for (Reference reference : FHIR.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                String target = reference.getReference();
                if (target == null) continue;
                boolean resolves = fullUrls.contains(target) || !target.startsWith("urn:")
                        && target.matches("[A-Z][A-Za-z]+/[A-Za-z0-9.-]{1,64}") && !target.endsWith("/null");
                if (!resolves) problems.add(where + ": reference " + target + " resolves to nothing");
            }
        }
        return problems;
    }

    /** A search token's part as the server reads it: URL-decoded, then FHIR's escapes undone. */
    private static String unescaped(String part) {
        String decoded = java.net.URLDecoder.decode(part, java.nio.charset.StandardCharsets.UTF_8);
        return decoded.replaceAll("\\\\([\\\\,$|])", "$1");
    }

    /** The errors (and fatal messages) the validator finds in {@code resource}; empty when it is valid. */
    static List<String> errors(IBaseResource resource) {
        String json = FHIR.newJsonParser().encodeResourceToString(resource);
        return Holder.VALIDATOR.validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).toList();
    }
}
