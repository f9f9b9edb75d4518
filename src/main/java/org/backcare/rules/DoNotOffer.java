package org.backcare.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guard for what NICE NG59 (low back pain and sciatica in over 16s) says not to offer: no advice in a rule set may
 * name any of these treatments, so that no plan can ever recommend one. A rule set whose advice does is rejected when
 * it loads. The list is kept here, not in {@code rules/}, so that editing a rule set cannot weaken it.
 *
 * <p>An advice text that warns against one of them is rejected too: plans say what to do, and leave what not to
 * offer to the clinicians who read NG59.
 */
final class DoNotOffer {
    /** One treatment NG59 says not to offer, the words that name it, and NG59's words. */
    private record Treatment(Pattern words, String ng59) {
        static Treatment of(String regex, String ng59) {
            return new Treatment(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), ng59);
        }

        /** For acronyms that are also English words in lower case ("tens of minutes"). */
        static Treatment acronym(String regex, String ng59) {
            return new Treatment(Pattern.compile(regex), ng59);
        }
    }

    private static final List<Treatment> TREATMENTS = List.of(
            Treatment.of("\\bbelts?\\b|\\bcorsets?\\b", "do not offer belts or corsets for low back pain"),
            Treatment.of("\\borthotics?\\b|\\binsoles?\\b", "do not offer foot orthotics for low back pain"),
            Treatment.of("\\brocker[- ]soled?\\b", "do not offer rocker sole shoes for low back pain"),
            Treatment.of("\\btraction\\b", "do not offer traction for low back pain"),
            Treatment.of("\\bacupuncture\\b|\\bdry needling\\b", "do not offer acupuncture for low back pain"),
            Treatment.of("\\bultrasound\\b", "do not offer ultrasound for low back pain"),
            Treatment.acronym("\\bTENS\\b|\\bPENS\\b", "do not offer TENS or PENS for low back pain"),
            Treatment.of("electrical nerve stimulation", "do not offer TENS or PENS for low back pain"),
            Treatment.of("\\binterferential\\b", "do not offer interferential therapy for low back pain"),
            Treatment.of("\\bopioids?\\b|\\bcodeine\\b|\\btramadol\\b|\\bmorphine\\b|\\boxycodone\\b",
                    "do not offer opioids for chronic low back pain or chronic sciatica"),
            Treatment.of("\\bantidepressants?\\b|\\bSSRIs?\\b|\\bSNRIs?\\b|\\btricyclics?\\b|\\bamitriptyline\\b"
                    + "|\\bduloxetine\\b", "do not offer SSRIs, SNRIs or tricyclic antidepressants for low back pain"),
            Treatment.of("\\banticonvulsants?\\b|\\bantiepileptics?\\b|\\bgabapentin(oids?)?\\b|\\bpregabalin\\b",
                    "do not offer anticonvulsants for low back pain, or gabapentinoids or other antiepileptics for"
                    + " sciatica"),
            Treatment.of("\\bbenzodiazepines?\\b|\\bdiazepam\\b|\\boral (cortico)?steroids?\\b",
                    "do not offer oral corticosteroids or benzodiazepines for sciatica"),
            Treatment.of("\\bspinal injections?\\b|\\bfacet (joint )?injections?\\b|\\bepidurals?\\b",
                    "do not offer spinal injections for non-specific low back pain"),
            Treatment.of("\\bparacetamol\\b|\\bacetaminophen\\b",
                    "do not offer paracetamol alone for low back pain"),
            Treatment.of("\\bimaging\\b|\\bx-rays?\\b|\\bMRI\\b",
                    "do not routinely offer imaging in a non-specialist setting for low back pain"),
            Treatment.of("\\bspinal fusion\\b|\\bdisc replacement\\b",
                    "do not offer spinal fusion or disc replacement for low back pain (except in a trial)"));

    private DoNotOffer() {
    }

    /** A problem for each treatment that {@code text} names, as {@code where: id names "..."; NICE NG59: ...}. */
    static List<String> check(String where, String id, String text) {
        List<String> problems = new ArrayList<>();
        for (Treatment treatment : TREATMENTS) {
            Matcher matcher = treatment.words().matcher(text);
            if (matcher.find()) {
                problems.add(where + ": " + id + " names \"" + matcher.group() + "\"; NICE NG59: "
                        + treatment.ng59() + ". Expected advice that does not recommend it");
            }
        }
        return problems;
    }
}
