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
 * <p>Red flags have three states (PROFILE.md, version 3): not screened ({@code redFlagsScreened} false: nobody asked,
 * and {@code redFlags} is empty), screened with none reported ({@code redFlagsScreened} true and {@code redFlags}
 * empty), and the flags reported. A profile written out again keeps the difference: {@code redFlags} is left out when
 * they were not screened.
 * <p>Immutable (its lists are unmodifiable copies) and thread-safe.
 */
@JsonPropertyOrder({"currentIntensity", "usualIntensity", "worstIntensityLastMonth", "areas", "durationWeeks",
    "flaresLastYear", "fearOfMovement", "redFlags", "startBack", "trend"})
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
        if (!redFlagsScreened && !redFlags.isEmpty()) {
            throw new IllegalArgumentException("red flags were reported, so they were screened");
        }
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
}
