package org.backcare.rules.facts;

import java.util.ArrayList;
import java.util.List;
import org.backcare.profile.RedFlag;
import org.backcare.profile.WarningSign;
import org.backcare.profile.WireName;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Functions that DRL consequences import ({@code import function org.backcare.rules.facts.Advise.advice;}).
 *
 * <p>An advice rule names what it recommends in its metadata, {@code @advice("id")} and {@code @priority(n)}, so that
 * the rule set can be checked when it loads; {@link #advice} reads them and makes the {@link Advice} fact that the
 * rule inserts: {@code insertLogical(advice(drools, "smoking.status is current"));}.
 */
public final class Advise {
    private Advise() {
    }

    /**
     * The advice that the firing rule's {@code @advice} and {@code @priority} name, with its reasons; {@code null}
     * reasons (from {@link #fact} of a value that was not given) are left out.
     */
    public static Advice advice(Object drools, String... because) {
        // The DRL compiler passes a KnowledgeHelper, the executable model a DroolsImpl: both are rule contexts.
        Rule rule = ((RuleContext) drools).getRule();
        RuleMetadata metadata = RuleMetadata.of(rule);
        if (metadata.adviceId() == null) {
            throw new IllegalStateException("rule \"" + rule.getName() + "\" calls advice() but has no @advice");
        }
        return new Advice(metadata.adviceId(), metadata.priority(), given(because), rule.getName());
    }

    /** The reasons that are not {@code null}, in order (a loop, not a stream: every advice a plan gets comes here). */
    private static List<String> given(String[] because) {
        int count = 0;
        for (String reason : because) if (reason != null) count++;
        if (count == because.length) return List.of(because);
        String[] given = new String[count];
        int i = 0;
        for (String reason : because) if (reason != null) given[i++] = reason;
        return List.of(given);
    }

    /** As {@link #advice(Object, String...)}, with the reasons in a list (as a fact that carries them holds them). */
    public static Advice advice(Object drools, List<?> because) {
        return advice(drools, because.stream().map(String::valueOf).toArray(String[]::new));
    }

    /**
     * A profile fact in words, {@code "smoking.cigarettesPerDay is 10"}, or {@code null} when the value was not given.
     * Enum values are written as in profiles, lists comma separated, numbers without a needless {@code .0}.
     */
    public static String fact(String path, Object value) {
        if (value == null) return null;
        String text;
        if (value instanceof Enum<?> e) text = wire(e);
        else if (value instanceof List<?> list) text = list.isEmpty() ? "empty" : String.join(", ",
                list.stream().map(v -> v instanceof Enum<?> e ? wire(e) : String.valueOf(v)).toList());
        else if (value instanceof Number number) text = amount(number);
        else text = String.valueOf(value);
        return path + " is " + text;
    }

    /** Those of {@code wanted} that {@code reported} holds, in the order of {@code wanted}: the flags behind a finding. */
    public static List<WarningSign> present(List<RedFlag> reported, RedFlag... wanted) {
        List<WarningSign> present = new ArrayList<>(wanted.length);
        for (RedFlag flag : wanted) if (reported.contains(flag)) present.add(flag);
        return List.copyOf(present);
    }

    /** Those of {@code wanted} that {@code values} holds, in the order of {@code wanted}. */
    @SafeVarargs
    public static <E> List<E> among(List<?> values, E... wanted) {
        List<E> among = new ArrayList<>(wanted.length);
        for (E value : wanted) if (values.contains(value)) among.add(value);
        return List.copyOf(among);
    }

    /** The signs behind a finding, in this order. */
    public static List<WarningSign> signs(WarningSign... signs) {
        return List.of(signs);
    }

    /** A profile list in words that names some of its values: {@code "pain.redFlags includes fever"}. */
    public static String includes(String path, List<?> values) {
        return path + " includes " + String.join(", ",
                values.stream().map(v -> v instanceof Enum<?> e ? wire(e) : String.valueOf(v)).toList());
    }

    /** The kebab-case name of an enum value, as profiles and plans write it. */
    public static String wire(Enum<?> value) {
        return WireName.of(value);
    }

    /** The kebab-case names of enum values, comma separated, or {@code none} for an empty list. */
    public static String wires(List<? extends Enum<?>> values) {
        return values.isEmpty() ? "none" : String.join(", ", values.stream().map(WireName::of).toList());
    }

    /**
     * The unit of a plan's minutes: doses, sessions and their reasons are in whole five minutes. Stated here once, for
     * the rules ({@code dose.drl}'s {@code minuteStep()}), the scheduler and the planner.
     */
    public static final int MINUTE_STEP = 5;

    /** Minutes rounded down to a multiple of {@link #MINUTE_STEP}, as plans give them ({@code 78} is {@code 75}). */
    public static int fiveMinutes(int minutes) {
        return minutes - Math.floorMod(minutes, MINUTE_STEP);
    }

    /** A number as a person would write it: {@code 9} rather than {@code 9.0}, {@code 6.5} as it is. */
    public static String amount(Number value) {
        double number = value.doubleValue();
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }
}
