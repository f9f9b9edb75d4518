package org.backcare.review;

/**
 * Someone who signs in to the workspace: a clinician, who may sign off and override plans, or a viewer, who may
 * only read them.
 */
public record Account(String name, Role role) {

    public enum Role {
        CLINICIAN, VIEWER
    }

    /** Whether this account may sign off and override plans. */
    public boolean mayAct() {
        return role == Role.CLINICIAN;
    }
}
