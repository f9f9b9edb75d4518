package org.backcare.rules.facts;

/**
 * The profile has a pain section that does not say which red flags were asked: they were not screened, so no advice
 * may presume there are none, and the warning signs come first. Inferred in {@code classify.drl}.
 *
 * @param because the profile facts that made it hold, in words
 */
public record RedFlagsNotScreened(String because) {
}
