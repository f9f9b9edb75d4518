package org.backcare.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One adult's back-health profile, as described in {@code PROFILE.md}. Immutable.
 *
 * <p>{@code program} is {@code null} outside a programme of weekly plans (a first week), and {@code clinician} when no
 * clinician entered anything; neither is a section that can be "not assessed".
 *
 * <p>Every section is {@code null} when it was not assessed; a missing section never means "healthy". Build profiles
 * with {@link ProfileReader}, which validates them, or directly with the constructor in tests and embedding code.
 */
public record Profile(
        String id,
        int age,
        Smoking smoking,
        Sleep sleep,
        Sitting sitting,
        Diet diet,
        Hydration hydration,
        Pain pain,
        Activity activity,
        Program program,
        Clinician clinician) {

    public Profile {
        Objects.requireNonNull(id, "id");
    }

    /** The names of the sections that are missing, in the order of the profile format. */
    public List<String> notAssessed() {
        List<String> missing = new ArrayList<>();
        if (smoking == null) missing.add("smoking");
        if (sleep == null) missing.add("sleep");
        if (sitting == null) missing.add("sitting");
        if (diet == null) missing.add("diet");
        if (hydration == null) missing.add("hydration");
        if (pain == null) missing.add("pain");
        if (activity == null) missing.add("activity");
        return List.copyOf(missing);
    }

    /** The sections that are present, for inserting as facts. */
    public List<Object> sections() {
        List<Object> present = new ArrayList<>();
        for (Object section : new Object[] {smoking, sleep, sitting, diet, hydration, pain, activity}) {
            if (section != null) present.add(section);
        }
        if (pain != null && pain.startBack() != null) present.add(pain.startBack());
        if (program != null) present.add(program);
        if (program != null && program.lastWeek() != null) present.add(program.lastWeek());
        if (clinician != null) {
            present.add(clinician);
            present.addAll(clinician.assessed());
        }
        return present;
    }
}
