package org.backcare.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_40_50;
import org.hl7.fhir.r5.model.Bundle;
import org.hl7.fhir.r5.model.CarePlan;
import org.hl7.fhir.r5.model.CodeableConcept;
import org.hl7.fhir.r5.model.CodeableReference;
import org.hl7.fhir.r5.model.Enumerations;
import org.hl7.fhir.r5.model.Identifier;
import org.hl7.fhir.r5.model.MarkdownType;
import org.hl7.fhir.r5.model.Reference;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.ServiceRequest;

/**
 * Backcare's FHIR output as R5: HL7's R4-to-R5 converter for every resource, except what it cannot carry. R5 removed
 * {@code CarePlan.activity.detail}, and the converter drops such activities, so each becomes a {@code ServiceRequest}
 * (intent plan, based on the CarePlan: its session's day and minutes as the occurrence, its advice as the patient's
 * instruction, its reasons) that the CarePlan lists as a {@code plannedActivityReference}. docs/fhir.md, "R5".
 *
 * <p>Stateless and thread-safe.
 */
public final class R5Bundles {
    /** The category of a ServiceRequest made from a scheduled session, or from a piece of advice. */
    static final String SESSION = "scheduled session";
    static final String ADVICE = "recommendation";

    /** Converts Backcare's R4 resources to R5; one may be shared by any number of threads. */
    public R5Bundles() {
    }

    /** {@code r4} (a Bundle or resource Backcare wrote) as R5. */
    public Resource toR5(org.hl7.fhir.r4.model.Resource r4) {
        Resource r5 = VersionConvertorFactory_40_50.convertResource(r4);
        if (r4 instanceof org.hl7.fhir.r4.model.Bundle bundle && r5 instanceof Bundle converted) {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                if (bundle.getEntry().get(i).getResource() instanceof org.hl7.fhir.r4.model.CarePlan care) {
                    activities(care, converted, converted.getEntry().get(i));
                }
            }
        }
        return r5;
    }

    /** Re-adds the R4 CarePlan's activities to its R5 conversion, each a ServiceRequest entry of the Bundle. */
    private static void activities(org.hl7.fhir.r4.model.CarePlan r4, Bundle r5, Bundle.BundleEntryComponent careEntry) {
        CarePlan care = (CarePlan) careEntry.getResource();
        care.getActivity().clear();
        Reference basedOn = new Reference(careEntry.getFullUrl());
        boolean transaction = r5.getType() == Bundle.BundleType.TRANSACTION;
        String carePlanKey = careEntry.getFullUrl();
        List<Bundle.BundleEntryComponent> requests = new ArrayList<>();
        int index = 0;
        for (org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent activity : r4.getActivity()) {
            org.hl7.fhir.r4.model.CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
            ServiceRequest request = new ServiceRequest()
                    .setStatus(Enumerations.RequestStatus.ACTIVE)
                    .setIntent(Enumerations.RequestIntent.PLAN)
                    .setSubject(care.getSubject().copy())
                    .setCode(new CodeableReference(new CodeableConcept().setText(detail.getCode().getText())))
                    .addBasedOn(basedOn.copy());
            request.addCategory(new CodeableConcept().setText(detail.hasScheduled() ? SESSION : ADVICE));
            if (detail.hasScheduled()) {
                request.setOccurrence(VersionConvertorFactory_40_50.convertType(detail.getScheduled()));
            }
            if (detail.hasDescription()) {
                request.addPatientInstruction().setInstruction(new MarkdownType(detail.getDescription()));
            }
            for (org.hl7.fhir.r4.model.CodeableConcept reason : detail.getReasonCode()) {
                request.addReason(new CodeableReference(new CodeableConcept().setText(reason.getText())));
            }
            String url = ProfileBundles.url(carePlanKey, "activity-" + index++);
            request.setId(url.substring("urn:uuid:".length()));
            request.addIdentifier(new Identifier().setSystem(CarePlanBundles.URI_SYSTEM).setValue(url));
            Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent().setFullUrl(url).setResource(request);
            if (transaction) {
                request.setIdElement(null);
                entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest")
                        .setIfNoneExist("identifier=" + CarePlanBundles.URI_SYSTEM + "|" + url);
            }
            requests.add(entry);
            care.addActivity().setPlannedActivityReference(new Reference(url));
        }
        // the requests go before their CarePlan, as the CarePlan's other parts do
        r5.getEntry().addAll(r5.getEntry().indexOf(careEntry), requests);
    }
}
