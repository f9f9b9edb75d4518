package org.backcare.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The current pain episode. {@code currentIntensity} is required; lists are empty and other fields {@code null} when
 * not given. {@code usualIntensity} is the person's usual pain outside a flare. {@code startBack} is {@code null} when
 * the screening questions were not answered.
 *
 * <p>Red flags have three states (PROFILE.md, version 3): not screened ({@code redFlagsScreened} false: nobody asked),
 * screened with none reported ({@code redFlagsScreened} true and {@code redFlags} empty), and the flags reported. A
 * record can hold flags nobody screened for today (a cancer on an EHR's problem list): then {@code redFlagsScreened}
 * is false and {@code redFlags} holds the recorded ones, which the rules act on like reported ones while the plan still
 * says red flags were not screened. A profile written out again keeps the difference: not screened, {@code redFlags}
 * is left out and the recorded flags are written as {@code recordedRedFlags}.
 * <p>Immutable (its lists are unmodifiable copies) and thread-safe.
 */
@JsonPropertyOrder({"currentIntensity", "usualIntensity", "worstIntensityLastMonth", "areas", "durationWeeks",
    "flaresLastYear", "fearOfMovement", "redFlags", "recordedRedFlags", "startBack", "trend"})
public record Pain(
        int currentIntensity,
        Integer usualIntensity,
        Integer worstIntensityLastMonth,
        List<PainArea> areas,
        Integer durationWeeks,
        Integer flaresLastYear,
        FearOfMovement fearOfMovement,
        @JsonIgnore List<RedFlag> redFlags,
        @JsonIgnore boolean redFlagsScreened,
        StartBack startBack,
        PainTrend trend) {

    public Pain {
        areas = areas == null ? List.of() : List.copyOf(areas);
        redFlags = redFlags == null ? List.of() : List.copyOf(redFlags);
    }

    /**
     * A pain episode whose red flags were screened when {@code redFlags} is a list (empty: none reported), and not
     * screened when it is {@code null}.
     */
    public Pain(int currentIntensity, Integer usualIntensity, Integer worstIntensityLastMonth, List<PainArea> areas,
            Integer durationWeeks, Integer flaresLastYear, FearOfMovement fearOfMovement, List<RedFlag> redFlags,
            StartBack startBack, PainTrend trend) {
        this(currentIntensity, usualIntensity, worstIntensityLastMonth, areas, durationWeeks, flaresLastYear,
                fearOfMovement, redFlags, redFlags != null, startBack, trend);
    }

    /** The red flags as the profile format writes them: the list when they were screened, else absent. */
    @JsonProperty("redFlags")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<RedFlag> redFlagsAsAsked() {
        return redFlagsScreened ? redFlags : null;
    }

    /** The red flags known from a record when nobody screened for them: written as {@code recordedRedFlags}. */
    @JsonProperty("recordedRedFlags")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private List<RedFlag> redFlagsRecorded() {
        return redFlagsScreened || redFlags.isEmpty() ? null : redFlags;
    }
}
