package org.backcare.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's validator offline, as the FHIR tests use it: the core definitions, in-memory terminology, and code systems it
 * cannot load (LOINC, SNOMED CT, Backcare's own) as warnings. Built once, on first use; thread-safe.
 */
final class Validation {
    static final FhirContext FHIR = FhirContext.forR4();

    private Validation() {
    }

    private static final class Holder {
        static final FhirValidator VALIDATOR = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(
                new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR),
                        new InMemoryTerminologyServerValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR),
                        new UnknownCodeSystemWarningValidationSupport(FHIR))));
    }

    /** The errors (and fatal messages) the validator finds in {@code resource}; empty when it is valid. */
    static List<String> errors(IBaseResource resource) {
        String json = FHIR.newJsonParser().encodeResourceToString(resource);
        return Holder.VALIDATOR.validateWithResult(json).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).toList();
    }
}
