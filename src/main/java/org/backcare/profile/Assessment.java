package org.backcare.profile;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A clinician's assessment of one red flag the person reports ({@code clinician.assessed[]}): which flag, on which day,
 * what they concluded, and who assessed it ({@code null} when not given).
 *
 * <p>Immutable and thread-safe.
 */
public record Assessment(RedFlag flag, @JsonSerialize(using = ToStringSerializer.class) LocalDate on,
        AssessmentOutcome outcome, String by) {

    public Assessment {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(outcome, "outcome");
    }
}
