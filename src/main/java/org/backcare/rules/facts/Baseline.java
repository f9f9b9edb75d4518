package org.backcare.rules.facts;

/**
 * Where this week's dose starts: last week's planned minutes in a programme, else the minutes a week the person does
 * now. Inferred in {@code classify.drl}.
 *
 * @param minutes main-activity minutes a week
 * @param because the profile fact it comes from, in words
 */
public record Baseline(int minutes, String because) {
}
