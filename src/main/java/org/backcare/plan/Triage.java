package org.backcare.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The triage level; whether red flags were screened ({@code false} when the profile has a pain section that does not
 * say which red flags were asked: nobody can tell the person there are none); the human-readable reasons for the level
 * (empty for self-care); the red-flag findings behind it, most urgent first (empty when none); and what a clinician's
 * entries changed ({@code null} when the profile has none that took effect). Immutable.
 */
@JsonPropertyOrder({"level", "redFlagsScreened", "reasons", "findings", "clinician"})
public record Triage(TriageLevel level, boolean redFlagsScreened, List<String> reasons, List<Finding> findings,
        @JsonInclude(JsonInclude.Include.NON_NULL) ClinicianChanges clinician) {
    /** What every view of a plan whose red flags were not screened says to a clinician. */
    public static final String NOT_SCREENED_NOTICE = "Red flags were not screened: the profile does not say which"
            + " warning signs were asked about. Ask about them before relying on this plan.";

    public Triage {
        Objects.requireNonNull(level, "level");
        reasons = List.copyOf(reasons);
        findings = List.copyOf(findings);
    }
}
