package org.backcare.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.backcare.plan.Finding;
import org.backcare.profile.ActivityType;
import org.backcare.profile.Profile;
import org.backcare.rules.facts.ActivityCatalogue;
import org.backcare.rules.facts.Advice;
import org.backcare.rules.facts.AerobicGuideline;
import org.backcare.rules.facts.AssessedFlag;
import org.backcare.rules.facts.BalanceSession;
import org.backcare.rules.facts.CatalogueActivity;
import org.backcare.rules.facts.Conclusions;
import org.backcare.rules.facts.DoseFloor;
import org.backcare.rules.facts.Excluded;
import org.backcare.rules.facts.FindingTexts;
import org.backcare.rules.facts.HeldDose;
import org.backcare.rules.facts.IntensityCeiling;
import org.backcare.rules.facts.MovementLeftOut;
import org.backcare.rules.facts.NeckRoutine;
import org.backcare.rules.facts.ProgressionOutcome;
import org.backcare.rules.facts.ProgressionProposal;
import org.backcare.rules.facts.RestDays;
import org.backcare.rules.facts.SessionLength;
import org.backcare.rules.facts.SessionSpread;
import org.backcare.rules.facts.SessionsOfKind;
import org.backcare.rules.facts.StartBackRisk;
import org.backcare.rules.facts.StrengthFirst;
import org.backcare.rules.facts.WeekCapacity;
import org.backcare.rules.facts.WeeklyDose;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Running a rule set over one profile: a session of a pool, reset and reused rather than built for each profile,
 * with the profile's sections and the catalogue's candidate activities inserted, fired to the end (or to a bound, so
 * that a rule that re-triggers itself cannot hang a batch), and its conclusions collected. Thread-safe.
 */
final class RuleSessions {
    /** A bound on rule firings per profile, so that a rule that re-triggers itself cannot hang a batch. */
    private static final int MAX_FIRINGS = 10_000;

    private final String origin;
    private final ActivityCatalogue catalogue;
    /** Sessions are reset and reused rather than built for each profile; disposing one returns it here. */
    private final KieSessionsPool sessions;
    /** What red-flag findings say, as the rules' global {@link FindingTexts#GLOBAL}, when they declare it. */
    private final FindingTexts findings;
    /** The catalogue's balance session, a fact in every session. */
    private final BalanceSession balanceSession;

    RuleSessions(String origin, KieBase kieBase, ActivityCatalogue catalogue, FindingTexts findings) {
        this.origin = origin;
        this.catalogue = catalogue;
        boolean declared = kieBase.getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(FindingTexts.GLOBAL)));
        this.findings = declared ? findings : null;
        this.balanceSession = new BalanceSession(catalogue.balance().minutes());
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The catalogue entries a week for this profile could use, as facts for the weekly-plan rules: the liked
     * activities and the defaults. Leaving the others out keeps each session small; none of them could be scheduled.
     */
    private List<CatalogueActivity> candidates(Profile profile) {
        EnumSet<ActivityType> wanted = EnumSet.noneOf(ActivityType.class);
        if (profile.activity() != null) wanted.addAll(profile.activity().likes());
        wanted.addAll(catalogue.defaults());
        List<CatalogueActivity> entries = new ArrayList<>(wanted.size());
        for (ActivityType activity : wanted) entries.add(catalogue.get(activity));
        return entries;
    }

    /**
     * Runs the rules over one profile, telling {@code firedRule} (when given) the name of each rule as it fires (for
     * reports of how often rules fire; it slows planning a little), with what the week can hold among the facts when
     * {@code capacity} is given.
     */
    Conclusions evaluate(Profile profile, Consumer<String> firedRule, WeekCapacity capacity) {
        KieSession session = sessions.newKieSession();
        AgendaEventListener listener = firedRule == null ? null : new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firedRule.accept(event.getMatch().getRule().getName());
            }
        };
        if (listener != null) session.addEventListener(listener);
        try {
            if (findings != null) session.setGlobal(FindingTexts.GLOBAL, findings);
            session.insert(profile);
            for (Object section : profile.sections()) session.insert(section);
            for (CatalogueActivity activity : candidates(profile)) session.insert(activity);
            session.insert(balanceSession);
            if (capacity != null) session.insert(capacity);
            int fired = session.fireAllRules(MAX_FIRINGS);
            if (fired >= MAX_FIRINGS) {
                throw new RulesException(List.of(origin + ": the rules fired more than " + MAX_FIRINGS
                        + " times for profile " + profile.id() + " without settling; a rule probably re-triggers itself"));
            }
            return conclusions(session);
        } catch (ConsequenceException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RulesException(origin + ": rule \"" + e.getMatch().getRule().getName() + "\" failed for profile "
                    + profile.id() + ": " + cause, e);
        } finally {
            if (listener != null) session.removeEventListener(listener);
            session.dispose();
        }
    }

    /** What the rules concluded, read from the session's facts in one pass. */
    private static Conclusions conclusions(KieSession session) {
        List<Advice> advice = new ArrayList<>();
        List<Finding> triage = new ArrayList<>();
        StartBackRisk risk = null;
        HeldDose held = null;
        int strengthFirst = 0;
        boolean neckRoutine = false;
        SessionSpread spread = null;
        AerobicGuideline aerobicGuideline = null;
        List<Excluded> excluded = new ArrayList<>();
        List<IntensityCeiling> ceilings = new ArrayList<>();
        List<WeeklyDose> doses = new ArrayList<>();
        List<SessionLength> sessionLengths = new ArrayList<>();
        List<MovementLeftOut> movementsLeftOut = new ArrayList<>();
        List<SessionsOfKind> sessionsOfKind = new ArrayList<>();
        List<ProgressionProposal> progressions = new ArrayList<>();
        List<ProgressionOutcome> outcomes = new ArrayList<>();
        List<AssessedFlag> assessed = new ArrayList<>();
        List<RestDays> restDays = new ArrayList<>();
        List<DoseFloor> floors = new ArrayList<>();
        for (Object fact : session.getObjects()) {
            if (fact instanceof Advice a) advice.add(a);
            else if (fact instanceof Finding f) triage.add(f);
            else if (fact instanceof StartBackRisk r) risk = r;
            else if (fact instanceof Excluded e) excluded.add(e);
            else if (fact instanceof IntensityCeiling c) ceilings.add(c);
            else if (fact instanceof WeeklyDose d) doses.add(d);
            else if (fact instanceof SessionLength l) sessionLengths.add(l);
            else if (fact instanceof MovementLeftOut m) movementsLeftOut.add(m);
            else if (fact instanceof SessionsOfKind k) sessionsOfKind.add(k);
            else if (fact instanceof ProgressionProposal p) progressions.add(p);
            else if (fact instanceof ProgressionOutcome o) outcomes.add(o);
            else if (fact instanceof AssessedFlag flag) assessed.add(flag);
            else if (fact instanceof RestDays rest) restDays.add(rest);
            else if (fact instanceof DoseFloor floor) floors.add(floor);
            else if (fact instanceof HeldDose dose) held = dose;
            else if (fact instanceof StrengthFirst first) strengthFirst = Math.max(strengthFirst, first.sessions());
            else if (fact instanceof NeckRoutine) neckRoutine = true;
            else if (fact instanceof SessionSpread s) spread = spread == null ? s : new SessionSpread(
                    Math.max(spread.sessions(), s.sessions()), Math.max(spread.shortestMinutes(), s.shortestMinutes()));
            else if (fact instanceof AerobicGuideline g) aerobicGuideline = aerobicGuideline == null ? g
                    : new AerobicGuideline(Math.min(aerobicGuideline.minutes(), g.minutes()),
                            Math.max(aerobicGuideline.top(), g.top()));
        }
        return new Conclusions(advice, triage, risk, excluded, ceilings, doses, sessionLengths, movementsLeftOut,
                sessionsOfKind, progressions, outcomes, assessed, restDays, floors, held,
                strengthFirst, neckRoutine, spread, aerobicGuideline);
    }
}
