package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.backcare.profile.ActivityType;
import org.backcare.profile.RedFlag;

/**
 * What the profile's {@code clinician} section changed in a plan ({@code triage.clinician}): the red flags whose
 * assessment took effect (chronic flags: no finding of their own), the intensity ceiling and the activities left out;
 * and {@code stillReported}, the assessed flags that keep their finding because an acute flag the person still
 * reports cannot be assessed away (PROFILE.md). Immutable.
 */
@JsonPropertyOrder({"assessed", "intensityCeiling", "excludeActivities", "stillReported"})
public record ClinicianChanges(List<RedFlag> assessed, @JsonInclude(JsonInclude.Include.NON_NULL) Intensity intensityCeiling,
        List<ActivityType> excludeActivities, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RedFlag> stillReported) {

    public ClinicianChanges {
        assessed = List.copyOf(assessed);
        excludeActivities = List.copyOf(excludeActivities);
        stillReported = List.copyOf(stillReported);
    }
}
