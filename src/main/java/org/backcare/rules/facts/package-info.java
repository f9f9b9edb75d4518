/**
 * Internal: the facts the rules infer and read (advice, classifications such as {@link
 * org.backcare.rules.facts.Flare}, the week's limits), the activity catalogue they reason over, and the functions the
 * rule files call ({@link org.backcare.rules.facts.Advise}). The rule files in {@code rules/} import these; they are
 * the only Backcare classes besides the profile's and the plan's that a rule may name. Not exported by the module:
 * they change with the rules.
 */
package org.backcare.rules.facts;
