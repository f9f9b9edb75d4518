package org.backcare.rules.facts;

/**
 * A fact the planner inserts for the rules: the catalogue's balance session ({@code activities.yaml}'s
 * {@code balance}) lasts {@code minutes}, so that a rule counting balance sessions in the week counts them as the
 * scheduler lays them out.
 */
public record BalanceSession(int minutes) {
}
