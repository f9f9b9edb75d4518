package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.backcare.profile.ActivityType;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WireName;

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

    /**
     * What the clinician set, in one line for clinicians: "Set by a clinician: assessed osteoporosis-or-steroids;
     * intensity up to light; never running."
     */
    @JsonIgnore
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!assessed.isEmpty()) parts.add("assessed " + names(assessed));
        if (intensityCeiling != null) parts.add("intensity up to " + WireName.of(intensityCeiling));
        if (!excludeActivities.isEmpty()) parts.add("never " + names(excludeActivities));
        if (!stillReported.isEmpty()) {
            parts.add(names(stillReported) + " still reported, so still a finding (an acute flag cannot be assessed"
                    + " away)");
        }
        return "Set by a clinician: " + String.join("; ", parts) + ".";
    }

    private static String names(List<? extends Enum<?>> values) {
        return String.join(", ", values.stream().map(WireName::of).toList());
    }
}
