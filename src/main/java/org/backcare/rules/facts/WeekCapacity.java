package org.backcare.rules.facts;

/**
 * What a week can hold, as the scheduler found when it laid out the rules' dose: the main-activity minutes that the
 * activities it may use fit into the days available, within their session lengths ({@code activities.yaml}). The
 * planner gives it to the rules when it is less than their dose, so that the dose, the progression's decision and
 * their explanation say what the week holds ({@code weekly-plan.drl}).
 *
 * @param minutes the main-activity minutes the week holds
 */
public record WeekCapacity(int minutes) {
}
